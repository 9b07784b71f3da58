#!/usr/bin/python3
"""Write a small seeded trace for the trace tool (tools/trace/trace.c).

    gen_trace.py SHAPE SEED [OPS] > FILE
    gen_trace.py --all DIR          the traces shipped in tools/trace/traces

A trace is one operation a line: `a ID SIZE` (allocate), `f ID` (free),
`r ID SIZE` (resize, contents kept). An ID may be used again once freed.
The same shape, seed and length always give the same file. The shapes:

    mixed     sizes 1..300 with a few large ones, random frees
    holes     small and large blocks interleaved; the small ones freed, then
              requests the size of the holes and larger: fit policies differ
    realloc   a few buffers that grow and shrink, as a line editor's would
    ramp      a pool filled in rising sizes, then emptied from the middle
"""
import random
import sys

MAX_IDS = 64


class Trace:
    """The lines written so far and the live blocks (ID -> size)."""

    def __init__(self, shape, seed):
        self.lines = [f"# shape {shape}, seed {seed}"]
        self.live = {}

    def alloc(self, ident, size):
        self.live[ident] = size
        self.lines.append(f"a {ident} {size}")

    def free(self, ident):
        del self.live[ident]
        self.lines.append(f"f {ident}")

    def resize(self, ident, size):
        self.live[ident] = size
        self.lines.append(f"r {ident} {size}")

    def free_ids(self):
        return [i for i in range(MAX_IDS) if i not in self.live]


def mixed(t, rng, ops):
    for _ in range(ops):
        free_ids = t.free_ids()
        if free_ids and (not t.live or rng.random() < 0.55):
            big = rng.random() < 0.08
            t.alloc(rng.choice(free_ids), rng.randint(300, 2000) if big else rng.randint(1, 300))
        else:
            t.free(rng.choice(sorted(t.live)))


def holes(t, rng, ops):
    while len(t.lines) < ops:
        small = [i for i in t.free_ids()[:24]]
        for n, ident in enumerate(small):
            t.alloc(ident, rng.randint(8, 48) if n % 2 == 0 else rng.randint(100, 400))
        for ident in small[::2]:
            t.free(ident)
        for ident in t.free_ids()[:12]:
            t.alloc(ident, rng.choice((16, 24, 40, 64, 120)))
        for ident in sorted(t.live)[: len(t.live) // 2]:
            t.free(ident)


def realloc(t, rng, ops):
    for ident in range(6):
        t.alloc(ident, rng.randint(16, 64))
    while len(t.lines) < ops:
        ident = rng.randrange(8)
        if ident not in t.live:
            t.alloc(ident, rng.randint(16, 64))
        elif rng.random() < 0.1:
            t.free(ident)
        else:
            t.resize(ident, max(1, min(3000, int(t.live[ident] * rng.uniform(0.6, 1.8)))))


def ramp(t, rng, ops):
    while len(t.lines) < ops:
        ids = t.free_ids()[:40]
        for n, ident in enumerate(ids):
            t.alloc(ident, 8 + n * rng.randint(4, 12))
        middle = sorted(t.live)[len(t.live) // 4: 3 * len(t.live) // 4]
        rng.shuffle(middle)
        for ident in middle:
            t.free(ident)


SHAPES = {"mixed": mixed, "holes": holes, "realloc": realloc, "ramp": ramp}
SHIPPED = (("mixed", 1, 600), ("holes", 2, 600), ("realloc", 3, 400), ("ramp", 4, 500))


def make(shape, seed, ops):
    t = Trace(shape, seed)
    SHAPES[shape](t, random.Random(seed), ops)
    for ident in sorted(t.live):
        t.free(ident)
    return "\n".join(t.lines) + "\n"


def main(argv):
    if len(argv) == 3 and argv[1] == "--all":
        for shape, seed, ops in SHIPPED:
            with open(f"{argv[2]}/{shape}.trace", "w", encoding="ascii") as fh:
                fh.write(make(shape, seed, ops))
        return 0
    if len(argv) not in (3, 4) or argv[1] not in SHAPES:
        sys.exit(__doc__)
    sys.stdout.write(make(argv[1], int(argv[2]), int(argv[3]) if len(argv) == 4 else 500))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
