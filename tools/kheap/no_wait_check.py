"""Check the price of K_NO_WAIT on the board.

Reads the summary that tools/bench/icount.py prints for tools/kheap/no_wait.c
and compares each k_heap_alloc(..., K_NO_WAIT) label with the LOS_MemAlloc
label measured on the same pool: the stage-4 call may cost at most BUDGET
instructions more than the stage-3 call beneath it, in the mean and in the
worst case. Prints the figures; exits 1 when one is over.
"""
import sys

BUDGET = 40
PAIRS = [("LOS_MemAlloc", "k_heap_alloc K_NO_WAIT"),
         ("LOS_MemAlloc, no room", "k_heap_alloc K_NO_WAIT, no room")]


def main():
    rows = {}
    for line in sys.stdin:
        parts = line.split(None, 4)
        if len(parts) == 5 and parts[0].isdigit():
            rows[parts[4].strip()] = (float(parts[1]), int(parts[3]))
    ok = True
    for below, above in PAIRS:
        if below not in rows or above not in rows:
            print("missing label: %r or %r" % (below, above))
            return 1
        mean = rows[above][0] - rows[below][0]
        worst = rows[above][1] - rows[below][1]
        print("%-34s %6.1f mean, %4d worst: %+.1f and %+d over %s"
              % (above, rows[above][0], rows[above][1], mean, worst, below))
        ok = ok and mean <= BUDGET and worst <= BUDGET
    if not ok:
        print("over the budget of %d instructions" % BUDGET)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
