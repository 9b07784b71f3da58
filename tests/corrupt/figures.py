#!/usr/bin/python3
"""The corruption matrix's figures: keep them, and write them into the page.

    tests/corrupt/figures.py --write STAGE...   take the figures of the last run
                                                (build/corrupt/{plain,m32}/) into
                                                tests/corrupt/figures.txt
    tests/corrupt/figures.py --check STAGE...   fail unless figures.txt holds what
                                                the last run measured

tests/matrix/matrix.py calls section() to write the figures into the
bad-input page, docs/hardening.rst, in English and Chinese. A line of
figures.txt is "stage bits cells detected harmless failed".
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "tests/corrupt/figures.txt")
RUNS = [("plain", "64"), ("m32", "32")]
BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"), "corrupt")

TITLES = {
    "freelist": ("Stage 2, ``fl_*``", "阶段二，``fl_*``"),
    "tlsf": ("Stage 3, ``LOS_Mem*``", "阶段三，``LOS_Mem*``"),
    "kheap": ("Stage 4, ``k_heap_*``", "阶段四，``k_heap_*``"),
    "kmalloc": ("Stage 5, ``k_malloc``", "阶段五，``k_malloc``"),
}
ORDER = ["freelist", "tlsf", "kheap", "kmalloc"]

HEAD = [
    ("section", "Damaged memory", "内存损坏"),
    ("text",
     "Bad arguments are one half of bad input; damaged memory is the other. A program that "
     "writes one byte past its block, or into a block it has freed, changes a header or a "
     "free-list link that the allocator will trust later. The corruption matrix, "
     "``tests/corrupt/``, does exactly that to every allocator with block headers: it lays "
     "out a pool with blocks a, b and c side by side, sets one byte in front of b to one of "
     "its 256 values, and makes one call that reads it. When b is in use the damaged bytes "
     "are its header (for ``k_malloc`` also the heap pointer below the user's bytes); when b "
     "is free they are its header and its two free-list links, once with b in the middle of "
     "its list and once at its head. The calls are: free b, free the block before it and "
     "the block after it, free a block away from b (which goes to the head of a list), "
     "three allocations of b's size (which take b when it is free), realloc to a larger and "
     "to a smaller size (whose cut-off tail joins a free b), the integrity check, and the "
     "display function where the stage has one.",
     "错误的参数只是错误输入的一半，另一半是被破坏的内存。程序越过自己的内存块写了一个字节，"
     "或者往已经释放的块里写了数据，就会改掉分配器日后要信任的块头或空闲链表指针。损坏矩阵 "
     "``tests/corrupt/`` 对每个带块头的分配器正是这样做的：在内存池中让 a、b、c 三个内存块"
     "相邻排列，把 b 前面的某一个字节改成 256 个取值之一，再做一次会读到它的调用。b 已使用时，"
     "被改的是它的块头（对 ``k_malloc`` 还包括用户区下方的堆指针）；b 空闲时，被改的是它的"
     "块头和两个空闲链表指针，一次让 b 位于链表中间，一次让它位于表头。这些调用是：释放 b，"
     "释放它前面和后面的块，释放一个远离 b 的块（它会进入某条链表的表头），按 b 的大小分配"
     "三次（b 空闲时会取到它），realloc 到更大和更小的大小（切下的尾部会与空闲的 b 合并），"
     "完整性检查，以及该阶段有显示函数时的显示函数。"),
    ("text",
     "Each cell is judged against the same call on the undamaged pool. It *failed* when the "
     "call crashed, drew a report from AddressSanitizer or UndefinedBehaviorSanitizer, hung, "
     "handed out a block that overlaps a live one, changed a live block's bytes, or behaved "
     "differently from the undamaged call without reporting anything. It was *detected* when "
     "the call reported the damage: an error code or NULL where the undamaged call "
     "succeeded, ``NOK`` from the integrity check, a diagnostic, or the display saying that "
     "the pool is damaged. It was *harmless* when the call answered, printed and left the "
     "pool exactly as on the undamaged pool: the damage did not matter to that call. A "
     "one-byte overflow from a, every changed value of the lowest byte of b's header, must "
     "be detected by free, by both reallocs and by the integrity check, whose work is to read that "
     "header.",
     "每个单元格都与未损坏内存池上的同一调用相比较来评判。调用崩溃、引起 AddressSanitizer "
     "或 UndefinedBehaviorSanitizer 报告、卡死、分配出与仍在使用的块重叠的内存块、改动了仍在"
     "使用的块的内容，或者行为与未损坏时不同却什么也没有报告，该单元格即为\\ *失败*\\ 。调用"
     "报告了损坏，即为\\ *检测到*\\ ：在未损坏时成功的地方返回错误码或 NULL，完整性检查返回 "
     "``NOK``，打印诊断信息，或者显示函数说明内存池已损坏。调用的返回值、打印内容和留下的"
     "内存池都与未损坏时完全相同，即为\\ *无害*\\ ：这处损坏对该调用没有影响。来自 a 的单字节"
     "溢出，也就是 b 的块头最低字节的每一个改动后的值，必须被释放、两种 realloc 和完整性检查发现，"
     "因为读这个块头正是它们的职责。"),
    ("text",
     "The tables give, for each allocator, the cells (bytes times 255 changed values times "
     "calls), the share of them detected and harmless, and the number that failed, as "
     "``make test`` measured them on the host. ``make test`` fails when a cell fails, when a one-byte overflow goes "
     "unreported, or when these figures are not the ones it measured; the list of failing "
     "cells, each with its byte, value, call and what happened, is in "
     "``build/corrupt/<run>/<stage>.cells``.",
     "下表按分配器给出单元格数（字节数乘以 255 个改动后的值再乘以调用数）、其中检测到和无害"
     "所占的比例，以及失败的单元格数，数字是 ``make test`` 在宿主机上测得的。有单元格失败、有单字节溢出"
     "未被报告，或者这些数字与测得的不一致时，``make test`` 都会失败；失败单元格的清单（每项"
     "给出字节、取值、调用和发生的事情）位于 ``build/corrupt/<run>/<stage>.cells``。"),
]

TABLES = [("64", "On the 64-bit host", "在 64 位宿主机上"),
          ("32", "On the host, 32-bit (``-m32``)", "在宿主机上，32 位（``-m32``）")]
COLUMNS = [("Allocator", "分配器"), ("Cells", "单元格"), ("Detected", "检测到"),
           ("Harmless", "无害"), ("Failed", "失败")]

TAIL = [
    ("text",
     "Some damage cannot be seen by some calls, by design. The integrity check of stages 4 "
     "and 5 is the stage-3 pool's: it cannot judge the heap pointer that ``k_malloc`` keeps "
     "in the user's part of a block, which only ``k_free`` and ``k_realloc`` read. Freeing "
     "the block after b never reads b's header while b is in use. Such cells are harmless, "
     "not detected, and the tables count them so.",
     "有些损坏按设计就不可能被某些调用看到。阶段四和阶段五的完整性检查是阶段三内存池的检查："
     "它无法判断 ``k_malloc`` 保存在内存块用户区中的堆指针，只有 ``k_free`` 和 ``k_realloc`` "
     "会读它。b 在使用时，释放 b 后面的块从不读取 b 的块头。这样的单元格是无害而不是检测到，"
     "表中也如此计数。"),
]


def fail(msg):
    sys.exit("figures: " + msg)


def read(path):
    """{(stage, bits): (cells, detected, harmless, failed)} of a figures file."""
    out = {}
    if not os.path.exists(path):
        return out
    for line in open(path, encoding="utf-8"):
        f = line.split()
        if len(f) == 6 and not line.startswith("#"):
            out[(f[0], f[1])] = tuple(int(x) for x in f[2:])
    return out


def measured(stages):
    out = {}
    for run, bits in RUNS:
        for s in stages:
            got = read(os.path.join(BUILD, run, s + ".figures"))
            if (s, bits) in got:
                out[(s, bits)] = got[(s, bits)]
    return out


def write(figures):
    lines = ["# The corruption matrix's figures, as `make test` measured them:",
             "# stage, bits, cells, detected, harmless, failed. Written by",
             "# `make corrupt-docs` (tests/corrupt/figures.py); the page shows them."]
    for (s, bits), f in sorted(figures.items(), key=lambda k: (ORDER.index(k[0][0]), -int(k[0][1]))):
        lines.append("%s %s %d %d %d %d" % ((s, bits) + f))
    open(DATA, "w", encoding="utf-8").write("\n".join(lines) + "\n")


def pct(part, whole):
    return "%.1f %%" % (100.0 * part / whole) if whole else "—"


def section(stages):
    """The page's section: (rst lines, [(English, Chinese)])."""
    figures = read(DATA)
    rst, msgs = [], []
    for kind, en, zh in HEAD:
        msgs.append((en, zh))
        if kind == "section":
            rst.extend([en, "=" * len(en), ""])
        else:
            rst.extend(wrap(en) + [""])
    for bits, en, zh in TABLES:
        rows = [s for s in ORDER if s in stages and (s, bits) in figures]
        if not rows:
            continue
        msgs.append((en, zh))
        rst.extend([en, "-" * len(en), ""])
        rst.extend([".. list-table::", "   :header-rows: 1", "   :stub-columns: 1", ""])
        for i, (cen, czh) in enumerate(COLUMNS):
            msgs.append((cen, czh))
            rst.append(("   * - " if i == 0 else "     - ") + cen)
        for s in rows:
            cells, det, harm, failed = figures[(s, bits)]
            msgs.append(TITLES[s])
            rst.append("   * - " + TITLES[s][0])
            for text in (str(cells), pct(det, cells), pct(harm, cells), str(failed)):
                msgs.append((text, text))
                rst.append("     - " + text)
        rst.append("")
    for _, en, zh in TAIL:
        msgs.append((en, zh))
        rst.extend(wrap(en) + [""])
    return rst, msgs


def wrap(text, width=79):
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = word if not line else line + " " + word
    return lines + [line]


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("--check", "--write"):
        fail(__doc__)
    stages = [s for s in sys.argv[2:] if s in TITLES]
    got = measured(stages)
    if sys.argv[1] == "--write":
        if not got:
            fail("no figures in %s: run make corrupt first" % BUILD)
        write(got)
        return
    kept = {k: v for k, v in read(DATA).items() if k[0] in stages}
    problems = []
    for key in sorted(set(got) | set(kept)):
        if got.get(key) != kept.get(key):
            problems.append("%s %s-bit: measured %s, published %s"
                            % (key[0], key[1], got.get(key), kept.get(key)))
    for p in problems:
        print("  " + p)
    if problems:
        print("the published figures are out of date: make corrupt-docs")
        sys.exit(1)
    print("%d figures current" % len(kept))


if __name__ == "__main__":
    main()
