/**
 * @file kit_test.h
 * \~english
 * @brief The kit's test harness, one header for the host and the target.
 *
 * A test is a `void` function declared with TEST(). Checks inside it stop
 * the test at the first failure and say where and why. A test program's
 * main() calls RUN_TEST() for each test and returns kit_test_finish(), which
 * prints the closing line `N passed, N failed`:
 *
 * @code
 * TEST(alloc_returns_aligned_block) {
 *     void *p = LOS_MemboxAlloc(pool);
 *     CHECK(p != NULL);
 *     CHECK_EQ((uintptr_t)p % 8, 0);
 * }
 * int main(void) {
 *     RUN_TEST(alloc_returns_aligned_block);
 *     return kit_test_finish();
 * }
 * @endcode
 *
 * Each test prints one line, `[PASS] name` or `[FAIL] name: file:line: what`,
 * which the grader reads.
 *
 * A run can be limited to one test, named on the command line of the board
 * (`qemu/run.sh image.elf -append NAME`, read through semihosting) or in the
 * environment variable `KIT_TEST` on the host. The grader runs each graded
 * test that way, in a run of its own, so a crash or a hang costs that test
 * only. While a test runs its name is in #kit_test_running, where the
 * board's fault handler finds it.
 * \~chinese
 * @brief 本套件的测试框架：宿主机与目标板共用这一个头文件。
 *
 * 测试是用 TEST() 声明的 `void` 函数。其中的检查在第一次失败时结束该测试，
 * 并说明失败的位置和原因。测试程序的 main() 对每个测试调用 RUN_TEST()，
 * 最后返回 kit_test_finish()，它打印结尾行 `N passed, N failed`。
 *
 * 每个测试打印一行：`[PASS] 名字` 或 `[FAIL] 名字: 文件:行号: 原因`，
 * 评分程序读取的就是这些行。
 *
 * 一次运行可以只跑一个测试：在目标板上把测试名写在命令行上
 * （`qemu/run.sh image.elf -append 名字`，经由半主机读取），在宿主机上写在
 * 环境变量 `KIT_TEST` 中。评分程序就是这样让每个计分测试单独运行一次，
 * 于是一次崩溃或卡死只让那一个测试失分。测试运行期间，它的名字保存在
 * #kit_test_running 中，开发板的故障处理函数从那里读取。
 */
#ifndef KIT_TEST_H
#define KIT_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned kit_tests_passed;
static unsigned kit_tests_failed;
static int kit_test_current_failed;

/** \~english @brief Declare a test.
 *  \~chinese @brief 声明一个测试。 */
#define TEST(name) static void name(void)

/** \~english @brief Record a failure of the running test and leave it.
 *  \~chinese @brief 记录当前测试失败，并退出该测试。 */
#define KIT_TEST_FAIL(...)                                                       \
    do {                                                                         \
        printf("[FAIL] %s: %s:%d: ", kit_test_current_name, __FILE__, __LINE__); \
        printf(__VA_ARGS__);                                                     \
        printf("\n");                                                            \
        kit_test_current_failed = 1;                                             \
        return;                                                                  \
    } while (0)

/** \~english @brief Check that a condition holds.
 *  \~chinese @brief 检查条件成立。 */
#define CHECK(cond)                              \
    do {                                         \
        if (!(cond))                             \
            KIT_TEST_FAIL("expected %s", #cond); \
    } while (0)

/** \~english @brief Check that two integers (or pointers) are equal, and
 *         print both when they are not.
 *  \~chinese @brief 检查两个整数（或指针）相等；不等时打印两者的值。 */
#define CHECK_EQ(actual, expected)                                                               \
    do {                                                                                         \
        uintmax_t kit_a_ = (uintmax_t)(actual);                                                  \
        uintmax_t kit_e_ = (uintmax_t)(expected);                                                \
        if (kit_a_ != kit_e_)                                                                    \
            KIT_TEST_FAIL("%s is %#jx, expected %s = %#jx", #actual, kit_a_, #expected, kit_e_); \
    } while (0)

/** \~english @brief Check a condition, with a message of one's own.
 *  \~chinese @brief 检查条件成立，失败时打印自定义消息。 */
#define CHECK_MSG(cond, ...)            \
    do {                                \
        if (!(cond))                    \
            KIT_TEST_FAIL(__VA_ARGS__); \
    } while (0)

static const char *kit_test_current_name = "";

/** \~english @brief The name of the test that is running, NULL between
 *         tests: what a fault report names (weak, so every program has one).
 *  \~chinese @brief 正在运行的测试的名字，两个测试之间为 NULL：故障报告
 *         据此说出是哪个测试（弱符号，保证每个程序都有一份）。 */
__attribute__((weak)) const char *volatile kit_test_running;

#ifdef __arm__
/* The board's command line, through semihosting (qemu/semihost.c). */
int semihost_get_cmdline(char *buf, unsigned size) __attribute__((weak));
#endif

/** \~english @brief The one test this run is limited to, or NULL for all.
 *  \~chinese @brief 本次运行限定的那一个测试；为 NULL 时运行全部测试。 */
static inline const char *kit_test_selected(void)
{
    static char line[160];
    static int looked;
    const char *name = NULL;
    if (looked) {
        return line[0] != '\0' ? line : NULL;
    }
    looked = 1;
#ifdef __arm__
    /* "IMAGE NAME": the image's path, then what qemu's -append gave */
    if (semihost_get_cmdline != NULL && semihost_get_cmdline(line, sizeof line) == 0) {
        name = strchr(line, ' ');
    }
#else
    name = getenv("KIT_TEST");
#endif
    while (name != NULL && *name == ' ') {
        name++;
    }
    if (name == NULL || *name == '\0') {
        line[0] = '\0';
        return NULL;
    }
    memmove(line, name, strlen(name) + 1);
    line[strcspn(line, " \n")] = '\0';
    return line;
}

static unsigned kit_tests_selected_ran;

/** \~english @brief Run one test and print its line.
 *  \~chinese @brief 运行一个测试并打印它的结果行。 */
#define RUN_TEST(name) kit_test_run(#name, name)

static inline void kit_test_run(const char *name, void (*test)(void))
{
    const char *only = kit_test_selected();
    if (only != NULL) {
        if (strcmp(only, name) != 0) {
            return;
        }
        kit_tests_selected_ran++;
    }
    kit_test_current_name = name;
    kit_test_current_failed = 0;
    kit_test_running = name;
    test();
    kit_test_running = NULL;
    if (kit_test_current_failed) {
        kit_tests_failed++;
    } else {
        kit_tests_passed++;
        printf("[PASS] %s\n", name);
    }
    fflush(stdout);
}

/** \~english @brief Print the closing line; return the program's exit code
 *         (0 when every test passed). A run limited to a test that the
 *         program does not have fails, and says so.
 *  \~chinese @brief 打印结尾行，并返回程序的退出码（全部通过时为 0）。
 *         限定运行的测试在程序中不存在时，本次运行失败并给出说明。 */
static inline int kit_test_finish(void)
{
    const char *only = kit_test_selected();
    if (only != NULL && kit_tests_selected_ran == 0) {
        printf("[FAIL] %s: this program has no test of that name\n", only);
        kit_tests_failed++;
    }
    printf("%u passed, %u failed\n", kit_tests_passed, kit_tests_failed);
    fflush(stdout);
    return kit_tests_failed == 0 ? 0 : 1;
}

#endif
