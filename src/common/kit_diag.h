/**
 * @file kit_diag.h
 * \~english
 * @brief Diagnostics: the message an allocator prints when it refuses bad
 *        input, as the real systems do.
 *
 * Every diagnostic also bumps a counter, so a test can check that a bad call
 * was not only refused but also reported.
 * \~chinese
 * @brief 诊断信息：分配器拒绝错误输入时打印的消息，与真实系统的做法一致。
 *
 * 每条诊断信息还会使一个计数器加一，测试因而可以确认一次错误调用不仅被
 * 拒绝，而且被报告了。
 */
#ifndef KIT_DIAG_H
#define KIT_DIAG_H

/**
 * \~english
 * @brief How many diagnostics have been printed since the program started.
 * \~chinese
 * @brief 程序启动以来打印过的诊断信息条数。
 */
extern unsigned kit_diag_count;

/**
 * \~english
 * @brief Print a diagnostic line, prefixed with the calling function.
 * @param func the name of the public call that refused its input.
 * @param fmt a printf format, then its arguments.
 * @par Cost
 * O(length of the message); it prints through the C library.
 * @par Context
 * Thread; from an interrupt handler only where the console may be used
 * there (semihosting in QEMU can).
 * \~chinese
 * @brief 打印一行诊断信息，行首是发出它的函数名。
 * @param func 拒绝输入的公开函数名。
 * @param fmt printf 格式串，后面跟它的参数。
 * @par 开销
 * O(消息长度)；通过 C 库打印。
 * @par 调用上下文
 * 线程；在中断处理函数中，仅当那里可以使用控制台时才可调用（QEMU 的半主机可以）。
 */
void kit_diag(const char *func, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/** \~english @brief Print a diagnostic from the current function.
 *  \~chinese @brief 以当前函数名打印一条诊断信息。 */
#define KIT_DIAG(...) kit_diag(__func__, __VA_ARGS__)

#endif
