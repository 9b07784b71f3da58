#!/usr/bin/python3
"""Heap pictures, step 2: draw the records of a pool as text or as SVG.

    heapviz.py --text DUMP            each pool as text, for the terminal
    heapviz.py --svg OUTDIR DUMP      OUTDIR/KIND.LANG.svg for each pool and
                                      language (en, zh_CN), for the docs

DUMP holds the records that tools/heapviz/heapdump.c prints (its header
comment describes them); the gdb commands in qemu/gdb/heap.py build the same
records from a live pool and draw them with text() from this file, so it
uses nothing outside Python's standard library.
"""
import os
import sys
from xml.sax.saxutils import escape


class Heap:
    """One pool: its blocks in address order, its free lists and bitmaps."""

    def __init__(self, kind, size):
        self.kind, self.size = kind, size
        self.regions = []  # (offset, bytes, state): control, used, free, tail
        self.lists = []    # (name, [block offsets])
        self.bitmaps = []  # (name, value, bits)

    def block_size(self, offset):
        for off, n, state in self.regions:
            if off == offset:
                return n
        return None


def parse(lines):
    """Records -> [Heap]. Lines that are not records are skipped."""
    heaps, h = [], None
    for line in lines:
        w = line.split()
        if not w:
            continue
        if w[0] == "@heap":
            h = Heap(w[1], int(w[2]))
        elif h is None:
            continue
        elif w[0] == "@end":
            heaps.append(h)
            h = None
        elif w[0] == "control":
            h.regions.append((int(w[1]), int(w[2]), "control"))
        elif w[0] == "block":
            h.regions.append((int(w[1]), int(w[2]), w[3]))
        elif w[0] == "tail":
            h.regions.append((int(w[1]), int(w[2]), "tail"))
        elif w[0] == "list":
            h.lists.append((w[1], [int(x) for x in w[2:]]))
        elif w[0] == "bitmap":
            h.bitmaps.append((w[1], int(w[2]), int(w[3])))
    return heaps


def shares(sizes, total):
    """Split total cells among regions in proportion, each getting at least 1."""
    cells = [1] * len(sizes)
    left = total - len(sizes)
    whole = sum(sizes) or 1
    exact = [s * left / whole for s in sizes]
    for i, e in enumerate(exact):
        cells[i] += int(e)
    spare = total - sum(cells)
    for i in sorted(range(len(sizes)), key=lambda i: int(exact[i]) - exact[i])[:max(spare, 0)]:
        cells[i] += 1
    return cells


# ------------------------------------------------------------------- text
MARK = {"control": "=", "used": "#", "free": ".", "tail": " ", "unknown": "?"}
TITLE = {"membox": "stage 1, membox", "freelist": "stage 2, free-list heap",
         "tlsf": "stage 3, TLSF"}


def bits_text(value, bits):
    return "".join("1" if value >> i & 1 else "0" for i in reversed(range(bits)))


def text(h, width=64):
    """The pool as lines of text: a bar, a block table, lists and bitmaps."""
    cells = shares([n for _, n, _ in h.regions], width)
    bar, flip = "", False
    for (_, _, state), c in zip(h.regions, cells):
        mark = MARK[state]
        if state == "used":  # neighbours in use alternate, so each block shows
            mark, flip = ("%" if flip else "#"), not flip
        else:
            flip = False
        bar += mark * c
    out = [f"{TITLE.get(h.kind, h.kind)}: {h.size} bytes   (= control, # and % used, . free)",
           "|" + bar + "|"]
    row = []
    for off, n, state in h.regions:
        if state in ("used", "free"):
            row.append(f"{off}:{n}{'' if state == 'used' else ' free'}")
    out.append("blocks (offset:bytes): " + ", ".join(row))
    for name, offs in h.lists:
        chain = " -> ".join(f"{o}({h.block_size(o) or '?'})" for o in offs) or "(empty)"
        label = "free list" if name == "free" else f"list {name}"
        out.append(f"{label}: {chain}")
    for name, value, bits in h.bitmaps:
        if name == "fl" or value:
            out.append(f"bitmap {name}: {bits_text(value, bits)}")
    return "\n".join(out)


# -------------------------------------------------------------------- SVG
WORDS = {
    "en": {"control": "control", "used": "used", "free": "free", "tail": "end",
           "list_one": "free list", "bitmaps": "bitmaps", "bytes": "bytes",
           "membox": "Stage 1, membox", "freelist": "Stage 2, free-list heap",
           "tlsf": "Stage 3, TLSF", "row": "row", "list": "list"},
    "zh_CN": {"control": "控制结构", "used": "已使用", "free": "空闲", "tail": "末尾",
              "list_one": "空闲链表", "bitmaps": "位图", "bytes": "字节",
              "membox": "阶段一：membox", "freelist": "阶段二：空闲链表堆",
              "tlsf": "阶段三：TLSF", "row": "行", "list": "链表"},
}
FILL = {"control": "#b0b7c3", "used": "#4a7fb5", "free": "#ffffff", "tail": "#e6e6e6"}
FONT = "DejaVu Sans, Noto Sans CJK SC, sans-serif"


def svg(h, lang):
    """The pool as an SVG picture, with labels in lang."""
    t = WORDS[lang]
    width, left, bar_y, bar_h = 700, 16, 46, 40
    cells = shares([n for _, n, _ in h.regions], width - 2 * left)
    x, xs, last_label = left, {}, -100
    parts = [f'<text x="{left}" y="22" font-size="16" font-weight="bold">'
             f'{escape(t[h.kind])} ({h.size} {t["bytes"]})</text>']
    for (off, n, state), c in zip(h.regions, cells):
        xs[off] = (x, c)
        parts.append(f'<rect x="{x}" y="{bar_y}" width="{c}" height="{bar_h}" fill="{FILL[state]}" '
                     f'stroke="#333" stroke-width="1"/>')
        label = str(n)
        if c >= 9 * len(label):
            color = "#fff" if state == "used" else "#222"
            parts.append(f'<text x="{x + c / 2}" y="{bar_y + 25}" font-size="13" '
                         f'text-anchor="middle" fill="{color}">{label}</text>')
        if x - last_label >= 40:  # offsets that would overlap are left out
            end = ' text-anchor="end"' if x + 7 * len(str(off)) > width else ""  # the last one
            parts.append(f'<text x="{x}" y="{bar_y + bar_h + 14}" font-size="11" fill="#444"{end}>{off}</text>')
            last_label = x
        x += c
    y = bar_y + bar_h + 40
    for name, offs in h.lists:
        label = t["list_one"] if name == "free" else f'{t["list"]} {name}'
        parts.append(f'<text x="{left}" y="{y}" font-size="13">{escape(label)}:</text>')
        prev = None
        for o in offs:
            bx, bw = xs.get(o, (left, 0))
            cx = bx + bw / 2
            parts.append(f'<circle cx="{cx}" cy="{bar_y + bar_h + 24}" r="3" fill="#c0392b"/>')
            if prev is not None:
                parts.append(f'<path d="M{prev} {bar_y + bar_h + 24} Q{(prev + cx) / 2} '
                             f'{bar_y + bar_h + 24 + (10 if len(h.lists) == 1 else 6)} {cx} '
                             f'{bar_y + bar_h + 24}" stroke="#c0392b" fill="none"/>')
            prev = cx
        chain = " → ".join(f"{o} ({h.block_size(o)})" for o in offs) or "∅"
        parts.append(f'<text x="{left + 110}" y="{y}" font-size="13">{escape(chain)}</text>')
        y += 20
    shown = [(n, v, b) for n, v, b in h.bitmaps if n == "fl" or v]
    if shown:
        parts.append(f'<text x="{left}" y="{y + 4}" font-size="13">{t["bitmaps"]}:</text>')
        y += 12
        for name, value, bits in shown:
            label = "FL" if name == "fl" else (f'{t["row"]} {name[3:]}' if name.startswith("row")
                                               else f'SL, {t["row"]} {name[2:]}')
            parts.append(f'<text x="{left + 10}" y="{y + 12}" font-size="12">{escape(label)}</text>')
            for i in range(bits):
                bit = value >> (bits - 1 - i) & 1
                parts.append(f'<rect x="{left + 110 + 16 * i}" y="{y}" width="14" height="14" '
                             f'fill="{"#c0392b" if bit else "#fff"}" stroke="#333"/>')
            y += 20
    legend_y = y + 16
    lx = left
    for state in ("control", "used", "free"):
        parts.append(f'<rect x="{lx}" y="{legend_y - 10}" width="14" height="12" fill="{FILL[state]}" '
                     f'stroke="#333"/>')
        parts.append(f'<text x="{lx + 18}" y="{legend_y}" font-size="12">{t[state]}</text>')
        lx += 110
    height = legend_y + 12
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="{FONT}">\n'
            # An opaque background: the picture is read on dark pages too.
            + f'<rect width="{width}" height="{height}" fill="#fff"/>\n'
            + "\n".join(parts) + "\n</svg>\n")


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "--text":
        with open(sys.argv[2]) as f:
            for h in parse(f):
                print(text(h) + "\n")
        return 0
    if len(sys.argv) >= 4 and sys.argv[1] == "--svg":
        os.makedirs(sys.argv[2], exist_ok=True)
        with open(sys.argv[3]) as f:
            heaps = parse(f)
        for h in heaps:
            for lang in WORDS:
                with open(os.path.join(sys.argv[2], f"{h.kind}.{lang}.svg"), "w") as out:
                    out.write(svg(h, lang))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
