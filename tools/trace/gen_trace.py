#!/usr/bin/python3
"""Write the kit's traces, seeded: the same shape, seed and length always
give the same file.

    gen_trace.py SHAPE SEED [OPS] > FILE   one trace (OPS: 500 by default)
    gen_trace.py --all [DIR]               every shipped trace (default DIR:
                                           tools/trace/traces, next to this file)
    gen_trace.py --check [DIR]             fail unless each shipped trace in DIR
                                           is byte for byte what --all writes

A trace is one operation a line, the format of the trace tool
(tools/trace/trace.c), which `make trace` and `make bench` replay:

    a ID SIZE    allocate SIZE bytes and call the block ID
    f ID         free block ID
    r ID SIZE    resize block ID to SIZE bytes (its contents kept)

Lines starting with '#' are comments; every trace ends with all its blocks
freed. OPS is the length a shape aims at: shapes that work in rounds finish
the round, and the final frees come on top.

Short shapes, at most 64 IDs, an ID used again once freed:

    mixed                sizes 1..300 with a few large ones, random frees
    holes                small and large blocks interleaved; the small ones
                         freed, then requests the size of the holes and
                         larger: fit policies differ
    realloc              a few buffers that grow and shrink, as a line
                         editor's would
    ramp                 a pool filled in rising sizes, then emptied from
                         the middle

Long shapes, a fresh ID for each block, each stressing something else:

    uniform-small        sizes 8..64, random frees: what a membox is for
    loguniform-mixed     sizes 8..4096, log-uniform: the general case
    phased-fragmenting   fill with small and medium blocks, free the small
                         ones, then ask for sizes the holes cannot hold
    realloc-heavy        half the operations resize a live block
    lifo                 bursts freed in reverse order, like a stack
    fifo                 a queue: the oldest block is freed first
"""
import math
import os
import random
import sys

MAX_IDS = 64
TRACES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "traces")


class Trace:
    """The lines written so far and the live blocks (ID -> size)."""

    def __init__(self, shape, seed, about=None):
        self.lines = [f"# shape {shape}, seed {seed}"] + ([f"# {about}"] if about else [])
        self.live = {}
        self.next_id = 0

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
        """The IDs below MAX_IDS not live now, for the short shapes."""
        return [i for i in range(MAX_IDS) if i not in self.live]

    def new_block(self, size):
        """Allocate under an ID never used before, for the long shapes."""
        ident, self.next_id = self.next_id, self.next_id + 1
        self.alloc(ident, size)
        return ident

    def free_all(self, rng):
        ids = list(self.live)
        rng.shuffle(ids)
        for ident in ids:
            self.free(ident)


def log_uniform(rng, lo, hi):
    return int(round(math.exp(rng.uniform(math.log(lo), math.log(hi)))))


# ------------------------------------------------------------ short shapes
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


# ------------------------------------------------------------- long shapes
def random_churn(t, rng, ops, target_live, size):
    """Allocate while below the target number of live blocks, else mostly free."""
    for _ in range(ops):
        p_alloc = 0.9 if len(t.live) < target_live else 0.3
        if not t.live or rng.random() < p_alloc:
            t.new_block(size())
        else:
            t.free(rng.choice(list(t.live)))
    t.free_all(rng)


def uniform_small(t, rng, ops):
    random_churn(t, rng, ops, 200, lambda: rng.randint(8, 64))


def loguniform_mixed(t, rng, ops):
    random_churn(t, rng, ops, 100, lambda: log_uniform(rng, 8, 4096))


def phased_fragmenting(t, rng, ops):
    while len(t.lines) < ops:
        small, medium = [], []
        for _ in range(150):
            small.append(t.new_block(rng.randint(16, 48)))
            if rng.random() < 0.3:
                medium.append(t.new_block(rng.randint(256, 1024)))
        for ident in small:
            t.free(ident)
        for _ in range(60):
            t.new_block(rng.randint(64, 200))
        for ident in medium[: len(medium) // 2]:
            t.free(ident)
    t.free_all(rng)


def realloc_heavy(t, rng, ops):
    for _ in range(ops):
        r = rng.random()
        if t.live and r < 0.5:
            ident = rng.choice(list(t.live))
            size = max(8, min(2048, int(t.live[ident] * rng.uniform(0.5, 2.0))))
            t.resize(ident, size)
        elif len(t.live) < 50 or (t.live and r < 0.75):
            t.new_block(log_uniform(rng, 8, 512))
        else:
            t.free(rng.choice(list(t.live)))
    t.free_all(rng)


def lifo(t, rng, ops):
    stack = []
    while len(t.lines) < ops:
        burst = [t.new_block(log_uniform(rng, 8, 512)) for _ in range(rng.randint(1, 32))]
        stack.append(burst)
        if len(stack) > 3 or rng.random() < 0.5:
            for ident in reversed(stack.pop()):
                t.free(ident)
    while stack:
        for ident in reversed(stack.pop()):
            t.free(ident)


def fifo(t, rng, ops):
    queue = []
    while len(t.lines) < ops:
        if len(queue) < 64 or (len(queue) < 128 and rng.random() < 0.5):
            queue.append(t.new_block(log_uniform(rng, 8, 512)))
        else:
            t.free(queue.pop(0))
    for ident in queue:
        t.free(ident)


# name -> (function, the comment written under the header line, if any)
SHAPES = {
    "mixed": (mixed, None),
    "holes": (holes, None),
    "realloc": (realloc, None),
    "ramp": (ramp, None),
    "uniform-small": (uniform_small,
                      "sizes 8..64 bytes, uniform; about 200 blocks live; random frees"),
    "loguniform-mixed": (loguniform_mixed,
                         "sizes 8..4096 bytes, log-uniform; about 100 blocks live; random frees"),
    "phased-fragmenting": (phased_fragmenting,
                           "rounds of: small and medium blocks interleaved, all small ones freed, "
                           "then sizes the holes cannot hold"),
    "realloc-heavy": (realloc_heavy,
                      "about 50 blocks live; half the operations resize one by 0.5x..2x"),
    "lifo": (lifo, "bursts of 1..32 blocks of 8..512 bytes, each freed in reverse order"),
    "fifo": (fifo, "a queue of 64..128 blocks of 8..512 bytes: the oldest is freed first"),
}
# The shipped traces: shape, seed, OPS; each is written to SHAPE.trace.
SHIPPED = (
    ("mixed", 1, 600), ("holes", 2, 600), ("realloc", 3, 400), ("ramp", 4, 500),
    ("uniform-small", 20261122, 2000), ("loguniform-mixed", 20261123, 2000),
    ("phased-fragmenting", 20261124, 1500), ("realloc-heavy", 20261125, 2000),
    ("lifo", 20261126, 2000), ("fifo", 20261127, 2000),
)


def make(shape, seed, ops):
    """The text of one trace."""
    function, about = SHAPES[shape]
    t = Trace(shape, seed, about)
    function(t, random.Random(seed), ops)
    for ident in sorted(t.live):
        t.free(ident)
    return "\n".join(t.lines) + "\n"


def main(argv):
    if len(argv) in (2, 3) and argv[1] in ("--all", "--check"):
        outdir = argv[2] if len(argv) == 3 else TRACES
        stale = []
        for shape, seed, ops in SHIPPED:
            path = os.path.join(outdir, shape + ".trace")
            text = make(shape, seed, ops)
            if argv[1] == "--all":
                os.makedirs(outdir, exist_ok=True)
                with open(path, "w", encoding="ascii") as fh:
                    fh.write(text)
                ops = sum(1 for line in text.splitlines() if not line.startswith("#"))
                print(f"{os.path.relpath(path)}: {ops} operations")
                continue
            try:
                with open(path, encoding="ascii") as fh:
                    same = fh.read() == text
            except (OSError, UnicodeDecodeError):
                same = False
            if not same:
                stale.append(path)
        for path in stale:
            print(f"{os.path.relpath(path)}: not what `gen_trace.py --all` writes")
        if argv[1] == "--check":
            print(f"{len(SHIPPED)} shipped traces, {len(stale)} not as written by --all")
        return 1 if stale else 0
    if len(argv) not in (3, 4) or argv[1] not in SHAPES:
        sys.exit(__doc__)
    sys.stdout.write(make(argv[1], int(argv[2]), int(argv[3]) if len(argv) == 4 else 500))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
