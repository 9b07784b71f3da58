#!/usr/bin/python3
"""Make the kit's benchmark traces, seeded, so the same files come out each time.

    tools/bench/gentrace.py [OUTDIR]      (default: tools/bench/traces)

A trace is one operation per line, the format of the kit's trace tool:

    a ID SIZE    allocate SIZE bytes and call the block ID
    f ID         free block ID
    r ID SIZE    resize block ID to SIZE bytes (it may move)

Lines starting with '#' are comments. Every trace ends with all its blocks
freed, and an ID is never reused, so a replayer needs only a table of IDs.
The six shapes, each chosen to stress something different:

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

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "trace"))
import gen_trace  # noqa: E402  (the trace tool's writer)

SEED = 20261122


class Trace(gen_trace.Trace):
    """The trace tool's trace writer, handing out a fresh ID for each block."""

    def __init__(self, name, seed, about):
        super().__init__(name, seed)
        self.name, self.next_id = name, 0
        self.lines.append(f"# {about}")

    def new_block(self, size):
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


def random_churn(t, rng, ops, target_live, size):
    """Allocate while below the target number of live blocks, else mostly free."""
    for _ in range(ops):
        p_alloc = 0.9 if len(t.live) < target_live else 0.3
        if not t.live or rng.random() < p_alloc:
            t.new_block(size())
        else:
            t.free(rng.choice(list(t.live)))
    t.free_all(rng)


def uniform_small(rng, seed):
    t = Trace("uniform-small", seed, "sizes 8..64 bytes, uniform; about 200 blocks live; random frees")
    random_churn(t, rng, 2000, 200, lambda: rng.randint(8, 64))
    return t


def loguniform_mixed(rng, seed):
    t = Trace("loguniform-mixed", seed, "sizes 8..4096 bytes, log-uniform; about 100 blocks live; random frees")
    random_churn(t, rng, 2000, 100, lambda: log_uniform(rng, 8, 4096))
    return t


def phased_fragmenting(rng, seed):
    t = Trace("phased-fragmenting", seed,
              "rounds of: small and medium blocks interleaved, all small ones freed, "
              "then sizes the holes cannot hold")
    for _ in range(4):
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
    return t


def realloc_heavy(rng, seed):
    t = Trace("realloc-heavy", seed, "about 50 blocks live; half the operations resize one by 0.5x..2x")
    for _ in range(2000):
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
    return t


def lifo(rng, seed):
    t = Trace("lifo", seed, "bursts of 1..32 blocks of 8..512 bytes, each freed in reverse order")
    stack = []
    while len(t.lines) < 2000:
        burst = [t.new_block(log_uniform(rng, 8, 512)) for _ in range(rng.randint(1, 32))]
        stack.append(burst)
        if len(stack) > 3 or rng.random() < 0.5:
            for ident in reversed(stack.pop()):
                t.free(ident)
    while stack:
        for ident in reversed(stack.pop()):
            t.free(ident)
    return t


def fifo(rng, seed):
    t = Trace("fifo", seed, "a queue of 64..128 blocks of 8..512 bytes: the oldest is freed first")
    queue = []
    while len(t.lines) < 2000:
        if len(queue) < 64 or (len(queue) < 128 and rng.random() < 0.5):
            queue.append(t.new_block(log_uniform(rng, 8, 512)))
        else:
            t.free(queue.pop(0))
    for ident in queue:
        t.free(ident)
    return t


SHAPES = [uniform_small, loguniform_mixed, phased_fragmenting, realloc_heavy, lifo, fifo]


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "traces")
    os.makedirs(outdir, exist_ok=True)
    for i, shape in enumerate(SHAPES):
        trace = shape(random.Random(SEED + i), SEED + i)
        assert not trace.live, trace.name
        with open(os.path.join(outdir, trace.name + ".trace"), "w") as f:
            f.write("\n".join(trace.lines) + "\n")
        print(f"{trace.name}: {len(trace.lines) - 2} operations")


if __name__ == "__main__":
    main()
