/**
 * @file kit_assert.h
 * \~english
 * @brief Invariants as code: KIT_ASSERT() checks a fact that only a bug in
 *        the kit itself can break.
 *
 * A caller's mistake (a NULL pool, a double free, a size that overflows) is
 * bad input and gets an error code and a diagnostic, never an assertion.
 * An assertion is for what the allocator's own code promises: that a split
 * leaves a rest big enough to be a block, that a footer is read only when
 * it is valid, that find-first-set is never asked about 0.
 *
 * Assertions are on in every build (host, sanitizers, the board's tests,
 * the labs) except those that count instructions, which define
 * KIT_NO_ASSERT so that a count is the allocator's alone.
 * \~chinese
 * @brief 把不变式写成代码：KIT_ASSERT() 检查只有本套件自身的错误才会破坏的
 *        事实。
 *
 * 调用者的错误（NULL 内存池、重复释放、会溢出的大小）属于错误输入，得到的是
 * 错误码和诊断信息，而不是断言。断言只用于分配器自己的代码所保证的事情：
 * 分割后余下的部分足以成块，块尾只在有效时才被读取，"查找第一个置位"从不
 * 作用于 0。
 *
 * 除了计数指令条数的构建（它们定义 KIT_NO_ASSERT，使计数只包含分配器本身），
 * 其余所有构建（宿主机、消毒器、开发板上的测试、各个实验）都开启断言。
 */
#ifndef KIT_ASSERT_H
#define KIT_ASSERT_H

/**
 * \~english
 * @brief Report a failed assertion and stop: print the condition, the
 *        message and where, then call kit_assert_post_action().
 * \~chinese
 * @brief 报告一个失败的断言并停止：打印条件、消息和位置，然后调用
 *        kit_assert_post_action()。
 */
void kit_assert_fail(const char *cond, const char *msg, const char *file, int line);

/**
 * \~english
 * @brief What a failed assertion does after its message: abort() by
 *        default (exit code 134 on the board and in a shell).
 *
 * It is weak, so a test that breaks an invariant on purpose can replace it
 * with one that records the failure and jumps back.
 * \~chinese
 * @brief 断言失败并打印消息之后要做的事：默认调用 abort()（开发板上和
 *        shell 中退出码均为 134）。
 *
 * 它是弱符号，有意破坏不变式的测试可以换上自己的版本，记下失败后跳回。
 */
void kit_assert_post_action(void);

#ifdef KIT_NO_ASSERT
#define KIT_ASSERT(cond, msg) ((void)0)
#else
/** \~english @brief Check @p cond, an invariant of the kit's own code;
 *         @p msg says what it means.
 *  \~chinese @brief 检查 @p cond，即本套件自身代码的一条不变式；@p msg
 *         说明它的含义。 */
#define KIT_ASSERT(cond, msg) ((cond) ? (void)0 : kit_assert_fail(#cond, msg, __FILE__, __LINE__))
#endif

#endif
