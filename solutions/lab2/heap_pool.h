/**
 * @file heap_pool.h
 * \~english
 * @brief Lab 2 challenge, a solution: the heap memory pool of early Zephyr,
 *        where every block is a power of four times 64 bytes.
 *
 * One pool of 256, 1024, 4096 or 16384 bytes starts as a single block of
 * that size. A request takes the smallest block size that holds it plus a
 * 16-byte descriptor; a larger free block is split into four quarters, and
 * one quarter again, until the size is reached (never below 64 bytes).
 * Freeing a block merges it back with its three siblings as soon as all four
 * are free. The descriptor in the first 16 bytes of each block says which
 * block it is, so free needs nothing but the pointer.
 *
 * @verbatim
   a 1024-byte pool after hp_malloc(200) and hp_malloc(20):
   +--------------+----+----+----+----+--------------+--------------+
   | 256: desc|200| 64 | 64 | 64 | 64 |     256      |     256      |
   |   in use     |use | free free free|     free     |     free     |
   +--------------+----+----+----+----+--------------+--------------+
   level 0: 1024 (split)  level 1: 4 x 256  level 2: 4 x 64 (of the 2nd)
   @endverbatim
 *
 * The cost is internal fragmentation: a request of N bytes uses at least
 * N + 16, rounded up to 64, 256, 1024 or 4096. Stage 2 spends one header word
 * and at most 7 bytes of rounding instead.
 * \~chinese
 * @brief 实验二挑战题的一个解答：早期 Zephyr 的堆内存池，其中每个内存块的
 *        大小都是 64 字节乘以 4 的幂。
 *
 * 一个 256、1024、4096 或 16384 字节的内存池，起初是一整块。每个请求取能放下
 * 它和 16 字节块描述符的最小块尺寸；较大的空闲块被一分为四，再把其中一块继续
 * 四分，直到到达所需尺寸（最小 64 字节）。释放时，一旦四个兄弟块都空闲，就把
 * 它们合并回上一级。每块开头 16 字节的描述符记录它是哪一块，因此释放只需要
 * 指针。
 *
 * 代价是内部碎片：请求 N 字节至少占用 N + 16 字节，并向上取整到 64、256、
 * 1024 或 4096。阶段二只花一个字的块头和至多 7 字节的取整。
 */
#ifndef KIT_HEAP_POOL_H
#define KIT_HEAP_POOL_H

#include <stddef.h>
#include <stdint.h>

/** \~english @brief The smallest block, in bytes.
 *  \~chinese @brief 最小内存块的字节数。 */
#define HP_MIN_BLOCK 64u
/** \~english @brief Bytes of the descriptor at the start of every block.
 *  \~chinese @brief 每个内存块开头的描述符字节数。 */
#define HP_DESC_SIZE 16u
/** \~english @brief Levels of the largest pool: 16384, 4096, 1024, 256, 64.
 *  \~chinese @brief 最大内存池的层数：16384、4096、1024、256、64。 */
#define HP_MAX_LEVELS 5u

/**
 * \~english
 * @brief A heap pool; it lives outside the buffer it manages.
 *
 * Invariant: bit i of @c free_map[l] is set exactly when block i of level l
 * (size `size >> 2l`) is free as a whole; a block is free at one level at
 * most, and never while a part of it is in use. Four free siblings are
 * always merged, so they are never all set at once.
 * \~chinese
 * @brief 一个堆内存池；它位于所管理的缓冲区之外。
 *
 * 不变式：只有第 l 层的第 i 块（大小为 `size >> 2l`）整块空闲时，
 * @c free_map[l] 的第 i 位才为 1；一块最多在一层上是空闲的，只要其中一部分
 * 在使用，它就不是空闲的。四个空闲的兄弟块总会被合并，所以它们的位不会同时为 1。
 */
typedef struct hp_pool {
    unsigned char *buf; /**< \~english @brief the buffer \~chinese @brief 缓冲区 */
    /** \~english @brief its size, the largest block \~chinese @brief 大小，即最大块 */
    size_t size;
    unsigned levels; /**< \~english @brief block sizes in use \~chinese @brief 块尺寸的层数 */
    /** \~english @brief bytes in blocks in use \~chinese @brief 已使用块的字节数 */
    size_t used_bytes;
    /** \~english @brief bytes the callers asked for \~chinese @brief 调用者申请的字节数 */
    size_t asked_bytes;
    uint32_t free_map[HP_MAX_LEVELS][8]; /**< \~english @brief free bits per level
                                              \~chinese @brief 每层的空闲位图 */
} hp_pool_t;

/**
 * \~english
 * @brief Make @p pool manage @p buf, one free block of @p size bytes.
 * @return 0, or -1 when an argument is NULL, @p buf is not 8-byte aligned,
 *         or @p size is not 256, 1024, 4096 or 16384.
 * @par Cost
 * O(1).
 * \~chinese
 * @brief 让 @p pool 管理 @p buf：一整块 @p size 字节的空闲块。
 * @return 0；参数为 NULL、@p buf 未按 8 字节对齐，或 @p size 不是 256、1024、
 *         4096、16384 之一时返回 -1。
 * @par 开销
 * O(1)。
 */
int hp_init(hp_pool_t *pool, void *buf, size_t size);

/**
 * \~english
 * @brief Allocate @p size bytes from the smallest block that holds them
 *        and the descriptor.
 * @return 8-byte aligned bytes, or NULL when @p size is 0, too large, or no
 *         block is free.
 * @par Cost
 * O(blocks) for the bitmap search, plus O(levels) splits.
 * \~chinese
 * @brief 从能放下 @p size 字节和描述符的最小块中分配。
 * @return 按 8 字节对齐的内存；@p size 为 0、过大或没有空闲块时返回 NULL。
 * @par 开销
 * 位图搜索为 O(块数)，另加 O(层数) 次分割。
 */
void *hp_malloc(hp_pool_t *pool, size_t size);

/**
 * \~english
 * @brief Give a block back and merge free siblings upwards.
 * @return 0, or -1 when @p ptr is not a block in use of @p pool (a foreign
 *         pointer, an inner pointer or a double free); nothing changes then.
 * @par Cost
 * O(levels).
 * \~chinese
 * @brief 归还一个内存块，并逐级向上合并空闲的兄弟块。
 * @return 0；@p ptr 不是 @p pool 中正在使用的块（外来指针、块内指针或重复
 *         释放）时返回 -1，此时什么都不改变。
 * @par 开销
 * O(层数)。
 */
int hp_free(hp_pool_t *pool, void *ptr);

/**
 * \~english
 * @brief The block size a request of @p size bytes takes in @p pool.
 * @return the size, or 0 when no block size of the pool holds it.
 * \~chinese
 * @brief 在 @p pool 中，@p size 字节的请求所占用的块大小。
 * @return 块大小；内存池中没有能放下它的块尺寸时返回 0。
 */
size_t hp_block_size_for(const hp_pool_t *pool, size_t size);

/**
 * \~english
 * @brief Count the free blocks of one size.
 * @return how many blocks of @p block_size are free as a whole.
 * \~chinese
 * @brief 统计某一尺寸的空闲块个数。
 * @return 整块空闲、大小为 @p block_size 的块数。
 */
unsigned hp_free_blocks(const hp_pool_t *pool, size_t block_size);

#endif
