#!/usr/bin/python3
"""Write the seed corpus of a fuzz target, reproducibly.

    tests/fuzz/make_corpus.py TARGET DIR

The inputs follow the encoding decoded by tests/fuzz/fuzz_model.h: a first
byte that chooses the pool's shape, then operations, each an opcode byte
and its arguments. The corpus has one input per scenario a reader would
write by hand (fill the pool and empty it, realloc chains, every kind of
bad call) and a few dozen random ones, from a generator seeded with the
target's name, so running the script again writes the same files.
"""
import os
import random
import sys
import zlib

# Opcodes, as in fuzz_ops[] of fuzz_model.h (the byte is taken modulo 16).
ALLOC, ALIGNED, FREE, REALLOC, CALLOC = 0, 3, 4, 7, 9
DOUBLE_FREE, REALLOC_FREED, BAD_POINTER, HUGE = 10, 11, 12, 14
DAMAGE = 0xF0  # | kind: even, in front of a live block; odd, into a freed one


def damage(kind, k, at, value):
    return [DAMAGE | kind, k, at, value]


def alloc(size):
    return [ALLOC, (size >> 8) & 0x7F | 0x80, size & 0xFF]


def aligned(align_shift, size, bad=False):
    return [ALIGNED, (0x80 | align_shift) if bad else align_shift, 0x80 | (size >> 8), size & 0xFF]


def free(k):
    return [FREE, k]


def realloc(k, size):
    return [REALLOC, k, 0x80 | (size >> 8), size & 0xFF]


def scenarios():
    """Hand-written inputs: (name, bytes)."""
    fill = [0] + sum((alloc(24) for _ in range(200)), []) + sum((free(0) for _ in range(200)), [])
    yield "fill-and-empty", fill
    yield "free-in-reverse", [3] + sum((alloc(8 * i) for i in range(1, 20)), []) + \
        sum((free(18 - i) for i in range(19)), [])
    yield "realloc-grow", [0x40] + alloc(16) + sum((realloc(0, 16 * i) for i in range(2, 30)), [])
    yield "realloc-shrink", [0x41] + alloc(900) + sum((realloc(0, 900 - 30 * i) for i in range(30)), [])
    yield "realloc-between", [0x22] + alloc(40) + alloc(40) + alloc(40) + free(1) + realloc(0, 72)
    yield "aligned-each", [0x60] + sum((aligned(s, 24) for s in range(13)), [])
    yield "aligned-bad", [0x61] + sum((aligned(s, 24, bad=True) for s in range(12)), [])
    yield "calloc", [0x05] + sum(([CALLOC, n, 8] for n in range(1, 12)), [])
    yield "calloc-after-dirty-free", [0x05] + alloc(64) + free(0) + [CALLOC, 8, 8]
    yield "double-free", [0x07] + alloc(32) + alloc(32) + free(0) + [DOUBLE_FREE] + free(0) + [DOUBLE_FREE]
    yield "realloc-freed", [0x07] + alloc(32) + alloc(32) + free(1) + [REALLOC_FREED, 0, 40]
    yield "foreign-and-outside", [0x09] + alloc(16) + [BAD_POINTER, 2, 0, 0, BAD_POINTER, 0, 0, 3]
    yield "interior", [0x09] + alloc(48) + sum(([BAD_POINTER, 1, 0, off] for off in range(0, 47, 5)), [])
    yield "huge", [0x11] + alloc(16) + sum(([HUGE, v, kind, 0] for v in (0, 1, 7, 0x80, 0x81, 0xFF)
                                           for kind in range(4)), [])
    yield "zero-sizes", [0x13] + alloc(0) + alloc(0) + realloc(0, 0) + [CALLOC, 0, 5, CALLOC, 5, 0]
    yield "fragment-then-large", [0x70] + sum((alloc(40) for _ in range(40)), []) + \
        sum((free(2 * i % 40) for i in range(20)), []) + alloc(2000) + alloc(200)
    # A buggy program: a one-byte overflow into the next header (at 7 is the
    # header's lowest byte on either word size), then the calls that read it.
    for value in (0x00, 0x31, 0x41, 0xFF):
        yield "damage-overflow-%02x" % value, [0x20] + alloc(40) + alloc(40) + alloc(40) + \
            damage(0, 1, 7, value) + free(0) + free(0) + alloc(40) + realloc(0, 200) + free(0)
    for at in (0, 3, 8, 13):
        yield "damage-after-free-%d" % at, [0x21] + sum((alloc(40) for _ in range(5)), []) + \
            free(1) + free(2) + damage(1, 0, at, 0x41) + damage(3, 0, at + 1, 0x00) + \
            alloc(40) + alloc(40) + alloc(40) + free(0) + realloc(0, 100) + free(0) + free(0)
    yield "damage-many", [0x33] + sum((alloc(24 + 8 * i) for i in range(12)), []) + \
        sum((free(2 * i) for i in range(5)), []) + \
        sum((damage(i, i, 5 * i, 0x10 * i) for i in range(16)), []) + \
        sum((alloc(32) for _ in range(6)), []) + sum((free(0) for _ in range(12)), [])


def random_damage_input(rng):
    ops = [rng.randrange(256)]
    for _ in range(rng.randrange(8, 120)):
        op = rng.randrange(16) if rng.randrange(5) else DAMAGE | rng.randrange(16)
        ops.append(op)
        ops.extend(rng.randrange(256) for _ in range(4))
    return ops


def random_input(rng):
    ops = [rng.randrange(256)]
    for _ in range(rng.randrange(4, 120)):
        op = rng.randrange(16)
        ops.append(op)
        ops.extend(rng.randrange(256) for _ in range(4))
    return ops


def main():
    target, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):
        os.remove(os.path.join(out, name))
    for name, data in scenarios():
        if target == "membox" and name.startswith("damage-"):
            continue  # stage 1 keeps no header to damage
        with open(os.path.join(out, name), "wb") as f:
            f.write(bytes(b & 0xFF for b in data))
    rng = random.Random(zlib.crc32(target.encode()))
    for i in range(24):
        with open(os.path.join(out, "random-%02d" % i), "wb") as f:
            f.write(bytes(random_input(rng)))
    if target != "membox":  # stage 1 keeps no header to damage
        rng = random.Random(zlib.crc32((target + " damage").encode()))
        for i in range(12):
            with open(os.path.join(out, "random-damage-%02d" % i), "wb") as f:
                f.write(bytes(random_damage_input(rng)))


if __name__ == "__main__":
    main()
