"""gdb commands that draw a live pool of the kit, as text.

    (gdb) source qemu/gdb/heap.py      (qemu/gdb.sh loads it with -x)
    (gdb) kit-heap POOL                the pool at expression POOL

The kind of pool is told by the magic word every stage keeps at the pool's
start (membox, free-list heap, TLSF); a struct k_heap or sys_heap (stages 4
and 5) stands for the TLSF pool under it. The command walks the pool's
blocks from the target's memory, header by header as each stage's walk
function does, reads its free lists and bitmaps through the program's debug
information, and draws the same picture as tools/heapviz/heapviz.py --text.

A broken heap is drawn as far as it goes: the blocks up to the header that
cannot be right, then where the walk stopped and why (a size of 0, a block
running past the end, a size that is not a multiple of 8); a free list that
leaves the pool or loops is drawn up to that link. The walk never runs away.
"""
import os
import struct
import sys

import gdb

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools", "heapviz"))
import heapviz  # noqa: E402

MAGIC = {0x4d424f58: "membox", 0x464c4850: "freelist", 0x544c5346: "tlsf"}
USED, FLAGS = 1, 7     # the block layer's header: size | P | U (src/block/block.h)
MEMBOX_USED = 0xa55a5aa5  # the mark in a used membox node (OS_MEMBOX_MAGIC)
MAX_BLOCKS = 100000
CHECK_SALT = 0xA5  # what the bytes of a sound header XOR to (BLOCK_CHECK_SALT)


def word_size():
    return gdb.lookup_type("void").pointer().sizeof


def read_word(addr):
    size = word_size()
    data = gdb.selected_inferior().read_memory(addr, size).tobytes()
    return struct.unpack("<I" if size == 4 else "<Q", data)[0]


def deref(type_name, addr):
    return gdb.Value(addr).cast(gdb.lookup_type(type_name).pointer()).dereference()


def walk_blocks(h, pool, first, end):
    """Blocks from first to the sentinel at end, by their header words. At a
    header that cannot be right, the rest of the arena is drawn as unknown
    and h.broken says where and why."""
    addr, count = first, 0
    bits = 8 * word_size()
    size_mask = (1 << (bits - 9)) - 8  # below flag A and the check byte (block.h)
    while addr < end and count < MAX_BLOCKS:
        word = read_word(addr)
        size = word & size_mask
        fold = 0
        for i in range(word_size()):
            fold ^= (word >> (8 * i)) & 0xFF
        why = ("its check byte does not match (a damaged header)" if fold != CHECK_SALT else
               "its size is 0" if size == 0 else
               f"its size {size} runs {addr + size - end} bytes past the end" if addr + size > end
               else f"its size {size} is not a multiple of 8" if size % 8 else None)
        if why:
            h.broken.append(f"the chain of blocks breaks at offset {addr - pool} "
                            f"({addr:#x}, header {word:#x}): {why}; the rest is not drawn")
            h.regions.append((addr - pool, end - addr, "unknown"))
            return
        h.regions.append((addr - pool, size, "used" if word & USED else "free"))
        addr += size
        count += 1


def list_offsets(h, pool, name, head, stop=0, lo=0, hi=0):
    """Offsets of the blocks on a list linked through block_t::next_free,
    up to a link that leaves [lo, hi) or comes back to a block listed."""
    offs, addr, seen = [], head, set()
    while addr != stop and addr != 0 and len(offs) < MAX_BLOCKS:
        if hi and not lo <= addr < hi:
            h.broken.append(f"list {name} stops at a link to {addr:#x}, outside the arena")
            break
        if addr in seen:
            h.broken.append(f"list {name} loops back to offset {addr - pool}")
            break
        seen.add(addr)
        offs.append(addr - pool)
        addr = int(deref("block_t", addr)["next_free"])
    return offs


def membox(pool):
    info = deref("LOS_MEMBOX_INFO", pool)
    blk, num = int(info["uwBlkSize"]), int(info["uwBlkNum"])
    first = (gdb.lookup_type("LOS_MEMBOX_INFO").sizeof + 7) & ~7
    h = heapviz.Heap("membox", first + blk * num)
    h.broken = []
    h.regions.append((0, first, "control"))
    for i in range(num):
        node = pool + first + i * blk
        h.regions.append((node - pool, blk, "used" if read_word(node) == MEMBOX_USED else "free"))
    offs, node = [], int(info["stFreeList"]["pstNext"])
    while node and len(offs) < num:
        if not (pool + first <= node < pool + first + blk * num) or (node - pool - first) % blk:
            h.broken.append(f"the free list stops at a link to {node:#x}, which is no block "
                            "of the pool")
            break
        if node - pool in offs:
            h.broken.append(f"the free list loops back to offset {node - pool}")
            break
        offs.append(node - pool)
        node = read_word(node)
    h.lists.append(("free", offs))
    return h


def freelist(pool):
    head = deref("fl_heap_t", pool)
    first, end = int(head["arena"]["first"]), int(head["arena"]["end"])
    h = heapviz.Heap("freelist", end + word_size() - pool)
    h.broken = []
    h.regions.append((0, first - pool, "control"))
    walk_blocks(h, pool, first, end)
    h.regions.append((end - pool, word_size(), "tail"))
    list_head = int(head["head"].address)
    h.lists.append(("free", list_offsets(h, pool, "free", int(head["head"]["next_free"]),
                                         list_head, first, end)))
    return h


def tlsf(pool):
    head = deref("OsMemPoolHead", pool)
    first, end = int(head["arena"]["first"]), int(head["arena"]["end"])
    size = int(head["poolSize"])
    h = heapviz.Heap("tlsf", size)
    h.broken = []
    h.regions.append((0, first - pool, "control"))
    walk_blocks(h, pool, first, end)
    h.regions.append((end - pool, pool + size - end, "tail"))
    # one bitmap, bit n for list n, its words at the start of the lists; the heads read through OsMemListHead(), whatever
    # their width; drawn as rows of two lists (SLI 1, the kit's)
    per_row = 2
    extra = int(head["lists"].address)
    lists = int(gdb.parse_and_eval(f"OsMemListCount((void *){pool})"))

    def word(w):
        return int(deref("unsigned int", extra + 4 * w))

    for f in range(lists // per_row):
        bits = 0
        for s in range(per_row):
            n = f * per_row + s
            if (word(n // 32) >> (n % 32)) & 1:
                bits |= 1 << s
        h.bitmaps.append((f"row{f}", bits, per_row))
        for s in range(per_row):
            n = f * per_row + s
            b = int(gdb.parse_and_eval(f"(unsigned long)OsMemListHead((void *){pool}, {n})"))
            if b:
                h.lists.append((f"{f},{s}", list_offsets(h, pool, f"{f},{s}", b, 0, first, end)))
    return h


class KitHeap(gdb.Command):
    """Draw a pool of the kit: kit-heap POOL (an expression, e.g. a variable)."""

    def __init__(self):
        super().__init__("kit-heap", gdb.COMMAND_DATA, gdb.COMPLETE_EXPRESSION)

    def invoke(self, argument, from_tty):
        if not argument.strip():
            raise gdb.GdbError("usage: kit-heap POOL")
        pool = pool_address(gdb.parse_and_eval(argument))
        try:
            kind = MAGIC.get(read_word(pool) & 0xffffffff)
        except gdb.MemoryError:
            raise gdb.GdbError(f"kit-heap: cannot read memory at {pool:#x}") from None
        if kind is None:
            raise gdb.GdbError(f"kit-heap: no initialised pool of the kit at {pool:#x}")
        h = {"membox": membox, "freelist": freelist, "tlsf": tlsf}[kind](pool)
        gdb.write(f"pool at {pool:#x}\n{heapviz.text(h)}\n")
        for line in h.broken:
            gdb.write(f"broken: {line}\n")


def pool_address(value):
    """The pool an expression stands for: a pointer or an array is the pool
    itself; a struct k_heap or sys_heap, the stage-3 pool it is built on."""
    while value.type.strip_typedefs().code == gdb.TYPE_CODE_PTR and \
            value.type.strip_typedefs().target().strip_typedefs().code == gdb.TYPE_CODE_STRUCT:
        value = value.dereference()
    kind = value.type.strip_typedefs()
    if kind.code == gdb.TYPE_CODE_STRUCT:
        if kind.tag == "k_heap":
            value = value["heap"]
            kind = value.type.strip_typedefs()
        if kind.tag == "sys_heap":
            if int(value["pool"]) == 0:
                raise gdb.GdbError("kit-heap: this heap has no pool (not initialised yet?)")
            return int(value["pool"])
        return int(value.address)
    if kind.code == gdb.TYPE_CODE_ARRAY:
        return int(value.address)
    return int(value.cast(gdb.lookup_type("unsigned long")))


KitHeap()
