/**
 * @file board.h
 * \~english
 * @brief The MPS2 AN385 board as the kit uses it: exit codes and registers.
 *
 * A run in QEMU ends with one of these exit codes, so a script can tell a
 * failed test from a crash and a crash from a hang (a hang is ended by the
 * run script's timeout, which exits with 124).
 * \~chinese
 * @brief 本套件所用的 MPS2 AN385 开发板：退出码与寄存器。
 *
 * QEMU 中的每次运行都以下列退出码之一结束，脚本据此区分"测试失败"、
 * "程序崩溃"和"程序卡死"（卡死由运行脚本的超时结束，退出码为 124）。
 */
#ifndef KIT_BOARD_H
#define KIT_BOARD_H

#include <stdint.h>

/** \~english @brief Exit codes of a run on the board.
 *  \~chinese @brief 开发板上一次运行的退出码。 */
enum board_exit_code {
    BOARD_EXIT_OK = 0, /**< \~english every test passed \~chinese 全部测试通过 */
    /** \~english at least one test failed \~chinese 至少一个测试失败 */
    BOARD_EXIT_TEST_FAILED = 1,
    BOARD_EXIT_HARDFAULT = 103, /**< \~english HardFault \~chinese 硬件错误（HardFault） */
    /** \~english MemManage fault \~chinese 存储管理错误（MemManage） */
    BOARD_EXIT_MEMMANAGE = 104,
    BOARD_EXIT_BUSFAULT = 105,   /**< \~english BusFault \~chinese 总线错误（BusFault） */
    BOARD_EXIT_USAGEFAULT = 106, /**< \~english UsageFault \~chinese 用法错误（UsageFault） */
    /** \~english an interrupt with no handler \~chinese 没有处理函数的中断 */
    BOARD_EXIT_UNEXPECTED = 107,
};

/** \~english @brief System Handler Control and State Register.
 *  \~chinese @brief 系统异常控制与状态寄存器（SHCSR）。 */
#define SCB_SHCSR (*(volatile uint32_t *)0xE000ED24u)
/** \~english @brief Configuration and Control Register.
 *  \~chinese @brief 配置与控制寄存器（CCR）。 */
#define SCB_CCR (*(volatile uint32_t *)0xE000ED14u)
/** \~english @brief Configurable Fault Status Register.
 *  \~chinese @brief 可配置故障状态寄存器（CFSR）。 */
#define SCB_CFSR (*(volatile uint32_t *)0xE000ED28u)
/** \~english @brief HardFault Status Register.
 *  \~chinese @brief 硬件错误状态寄存器（HFSR）。 */
#define SCB_HFSR (*(volatile uint32_t *)0xE000ED2Cu)
/** \~english @brief Fault address registers (MemManage, Bus).
 *  \~chinese @brief 故障地址寄存器（MemManage、Bus）。 */
#define SCB_MMFAR (*(volatile uint32_t *)0xE000ED34u)
/** \~english @brief Bus fault address register.
 *  \~chinese @brief 总线故障地址寄存器。 */
#define SCB_BFAR (*(volatile uint32_t *)0xE000ED38u)

#endif
