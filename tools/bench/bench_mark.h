/**
 * @file bench_mark.h
 * \~english
 * @brief Markers that delimit a measured interval for the instruction counter.
 *
 * A benchmark image calls bench_begin() and bench_end() around the code it
 * measures. The functions do nothing; the QEMU plugin
 * (tools/bench/icount_plugin.c) watches for their first instruction and
 * reports how many instructions ran from one to the other, minus the fixed
 * cost of the markers themselves, which bench_init() measures once. Only
 * benchmark images link this file.
 *
 * An interval counts every instruction the CPU executes in it: the call to
 * the measured function and its argument setup, the function, and any
 * instruction skipped by a failed condition in an IT block (the Cortex-M3
 * spends a cycle on those too). bench_init() switches interrupts off, so no
 * handler is counted.
 * \~chinese
 * @brief 为指令计数器划定测量区间的标记函数。
 *
 * 基准测试程序在被测代码前后调用 bench_begin() 与 bench_end()。这两个函数
 * 什么也不做；QEMU 插件（tools/bench/icount_plugin.c）盯着它们的第一条指令，
 * 报告两者之间执行了多少条指令，并减去标记本身的固定开销（由 bench_init()
 * 测一次）。只有基准测试程序链接本文件。
 *
 * 区间内 CPU 执行的每条指令都计入：调用被测函数的指令及准备参数的指令、
 * 函数本身，以及 IT 块中因条件不成立而跳过的指令（Cortex-M3 在这些指令上
 * 同样要花一个周期）。bench_init() 会关闭中断，因此不会计入中断处理函数。
 */
#ifndef KIT_BENCH_MARK_H
#define KIT_BENCH_MARK_H

/**
 * \~english @brief Open a measured interval. Does nothing; the plugin sees it.
 * \~chinese @brief 开始一个测量区间。函数本身什么也不做，由插件识别。
 */
void bench_begin(void);

/**
 * \~english @brief Close the measured interval opened by bench_begin().
 * \~chinese @brief 结束由 bench_begin() 开始的测量区间。
 */
void bench_end(void);

/**
 * \~english
 * @brief Switch interrupts off and measure the empty interval once; call it
 *        before any other marker.
 *
 * It stops SysTick and masks interrupts (PRIMASK) for the rest of the run,
 * so no handler lands inside an interval. The plugin takes the first
 * interval of a run as the markers' own cost and subtracts it from the rest,
 * so an empty bench_begin(); bench_end(); pair reads 0.
 * \~chinese
 * @brief 关闭中断并测量一次空区间；须在其他标记之前调用。
 *
 * 它停止 SysTick 并屏蔽中断（PRIMASK），直到运行结束，因此不会有中断处理
 * 函数落入测量区间。插件把一次运行中的第一个区间当作标记本身的开销，从之后
 * 每个区间中减去，因此空的 bench_begin(); bench_end(); 读数为 0。
 */
void bench_init(void);

/**
 * \~english
 * @brief Name the interval just closed: prints the line "@bench LABEL".
 *
 * tools/bench/icount.py pairs these lines, in order, with the plugin's counts.
 * @param label what was measured.
 * \~chinese
 * @brief 为刚结束的区间命名：打印一行 "@bench LABEL"。
 *
 * tools/bench/icount.py 按顺序把这些行与插件给出的计数一一配对。
 * @param label 被测的内容。
 */
void bench_label(const char *label);

/**
 * \~english
 * @brief Have @p value (an lvalue) computed now, before the next interval
 *        opens.
 *
 * The compiler may sink a computation that only feeds a measured call
 * into the interval, past bench_begin(): a random size reduced modulo 5,
 * say, would then be counted as the call's. An empty asm statement that
 * claims to read and change @p value pins the computation here.
 * \~chinese
 * @brief 让 @p value（一个左值）在此刻、在下一个区间开始之前算好。
 *
 * 编译器可能把只为被测调用准备参数的运算下沉到区间里、bench_begin() 之后：
 * 比如对 5 取模的随机大小，那样它就会被算作被测调用的开销。一条声称读取并
 * 修改 @p value 的空 asm 语句把这项运算固定在这里。
 */
#define BENCH_INPUT(value) __asm__ volatile("" : "+r"(value))

/**
 * \~english
 * @brief Measure one statement, in an interval of its own.
 *
 * The two empty asm statements are compiler barriers: memory is up to date
 * on both sides of them, so the compiler cannot move the caller's own
 * work on variables it knows the markers never see (a file's static random
 * seed, say) into the interval, where it would be counted as the
 * statement's.
 * \~chinese
 * @brief 测量一条语句，单独占一个区间。
 *
 * 两条空的 asm 语句是编译器屏障：它们两侧的内存都是最新的，因此编译器不能把
 * 调用者自己对那些它确知标记函数看不到的变量（比如某个文件的静态随机数种子）
 * 所做的运算挪进区间，否则这些运算会被算作被测语句的开销。
 */
#define BENCH_INTERVAL(statement)          \
    do {                                   \
        __asm__ volatile("" ::: "memory"); \
        bench_begin();                     \
        statement;                         \
        bench_end();                       \
        __asm__ volatile("" ::: "memory"); \
    } while (0)

/**
 * \~english @brief Measure one statement (see BENCH_INTERVAL()) and name it.
 * \~chinese @brief 测量一条语句（见 BENCH_INTERVAL()）并为其命名。
 */
#define BENCH_MEASURE(label, statement) \
    do {                                \
        BENCH_INTERVAL(statement);      \
        bench_label(label);             \
    } while (0)

#endif
