/**
 * @file semihost.h
 * \~english
 * @brief The board's console and exit, through Arm semihosting.
 *
 * Semihosting lets a program on the emulated Cortex-M3 ask the machine that
 * runs QEMU to do something for it: print a string, or stop and hand back an
 * exit code. The request is a `bkpt 0xab` instruction with the operation in
 * r0 and its argument in r1. These calls are what the fault handlers use,
 * because they need no C library state.
 * \~chinese
 * @brief 开发板的控制台与退出：经由 Arm 半主机（semihosting）实现。
 *
 * 半主机让 QEMU 中的 Cortex-M3 程序请求宿主机代为做事：打印字符串，或者
 * 停机并带回退出码。请求就是一条 `bkpt 0xab` 指令，r0 放操作号，r1 放参数。
 * 故障处理函数只用这几个调用，因为它们不依赖 C 库的任何状态。
 */
#ifndef KIT_SEMIHOST_H
#define KIT_SEMIHOST_H

#include <stdint.h>

/**
 * \~english @brief Print a NUL-terminated string on the host's console.
 * @param s the string.
 * \~chinese @brief 在宿主机控制台上打印一个以 NUL 结尾的字符串。
 * @param s 要打印的字符串。
 */
void semihost_write0(const char *s);

/**
 * \~english @brief Print a word in hexadecimal, as `0x` and eight digits.
 * @param value the word.
 * \~chinese @brief 以 `0x` 加八位十六进制数字的形式打印一个字。
 * @param value 要打印的字。
 */
void semihost_write_hex(uint32_t value);

/**
 * \~english
 * @brief Read the command line QEMU was given for the program: the image's
 *        path, then what `-append` added, separated by a space.
 * @param buf where to write it, NUL-terminated.
 * @param size the bytes @p buf holds.
 * @return 0, or -1 when it does not fit or the host refuses.
 * \~chinese
 * @brief 读取 QEMU 交给程序的命令行：映像的路径，其后是 `-append` 追加的
 *        内容，中间隔一个空格。
 * @param buf 写入的位置，以 NUL 结尾。
 * @param size @p buf 的字节数。
 * @return 0；放不下或宿主机拒绝时返回 -1。
 */
int semihost_get_cmdline(char *buf, unsigned size);

/**
 * \~english
 * @brief Stop QEMU and return @p code as its exit status.
 *
 * Uses `SYS_EXIT_EXTENDED`, which carries the whole code; the older
 * `SYS_EXIT` can only say "success" or "failure".
 * @param code the exit status (0 is success).
 * \~chinese
 * @brief 停止 QEMU，并以 @p code 作为它的退出状态。
 *
 * 使用 `SYS_EXIT_EXTENDED`，它能带回完整的退出码；老的 `SYS_EXIT`
 * 只能区分"成功"和"失败"。
 * @param code 退出状态（0 表示成功）。
 */
void semihost_exit(int code) __attribute__((noreturn));

#endif
