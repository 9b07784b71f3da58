/**
 * @file trace.h
 * \~english
 * @brief The trace tool: replay a recorded sequence of allocations against
 *        any stage's allocator, check every block, and measure utilization.
 *
 * A trace is a text file, one operation a line (`#` starts a comment):
 * @verbatim
   a ID SIZE    allocate SIZE bytes and call the block ID
   f ID         free block ID
   r ID SIZE    resize block ID to SIZE bytes (its contents must survive)
   @endverbatim
 *
 * Each allocator is reached through a small adapter, a ::trace_allocator_t.
 * Adding one is one file: `tools/trace/adapt_NAME.c`, where NAME is the
 * stage's name in its module.mk (so the tool links `NAME_SRCS`). The file
 * defines
 * @code
 * const trace_allocator_t *const trace_adapters_NAME[] = { &one, &two, NULL };
 * @endcode
 * and the Makefile finds it by its name; nothing else changes.
 * \~chinese
 * @brief 跟踪回放工具：把记录下来的一串分配操作回放到任一阶段的分配器上，
 *        检查每个内存块，并测量利用率。
 *
 * 跟踪文件是文本，每行一个操作（`#` 开始注释）：`a ID SIZE` 分配 SIZE 字节
 * 并把这块记为 ID；`f ID` 释放 ID 块；`r ID SIZE` 把 ID 块改为 SIZE 字节
 * （内容必须保留）。
 *
 * 每个分配器通过一个小的适配器（::trace_allocator_t）接入。新增一个适配器
 * 只需一个文件 `tools/trace/adapt_NAME.c`，NAME 是该阶段在 module.mk 中的
 * 名字（工具据此链接 `NAME_SRCS`）。文件中定义
 * `const trace_allocator_t *const trace_adapters_NAME[] = { &one, &two, NULL };`，
 * Makefile 按文件名找到它，其他地方都不用改。
 */
#ifndef KIT_TRACE_H
#define KIT_TRACE_H

#include <stddef.h>

/**
 * \~english
 * @brief One allocator as the trace tool sees it.
 *
 * Invariant: @c init may be called again on the same buffer at any time and
 * starts a fresh allocator; @c alloc and @c realloc return NULL when there is
 * no room, never a block that breaks the checks.
 * \~chinese
 * @brief 跟踪工具眼中的一个分配器。
 *
 * 不变式：@c init 可以随时在同一缓冲区上再次调用，得到一个全新的分配器；
 * 没有空间时 @c alloc 与 @c realloc 返回 NULL，绝不返回违反检查的内存块。
 */
typedef struct trace_allocator {
    /** \~english @brief the name in the table \~chinese @brief 表格中显示的名字 */
    const char *name;
    /** \~english @brief make an allocator over [pool, pool + bytes), 8-byte aligned;
     *         @p max_request is the largest size in the trace; 0 on success
     *  \~chinese @brief 在 [pool, pool + bytes)（按 8 字节对齐）上建立分配器；
     *         @p max_request 是跟踪中最大的字节数；成功返回 0 */
    int (*init)(void *pool, size_t bytes, size_t max_request);
    /** \~english @brief allocate, or NULL \~chinese @brief 分配，失败返回 NULL */
    void *(*alloc)(void *pool, size_t size);
    /** \~english @brief resize, or NULL (old block kept)
     *  \~chinese @brief 调整大小，失败返回 NULL（旧块保留） */
    void *(*realloc)(void *pool, void *ptr, size_t size);
    /** \~english @brief free; 0 on success \~chinese @brief 释放，成功返回 0 */
    int (*free)(void *pool, void *ptr);
} trace_allocator_t;

#endif
