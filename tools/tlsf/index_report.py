#!/usr/bin/python3
"""The tables of `make index-sweep` (mk/trace.mk), from its runs on the board.

    index_report.py DIR VARIANT...     (variants SLI-TRIES, 1-3 among them)

DIR holds, for each variant, run-VARIANT.txt (the trace tool's rows for
stage 2 and stage 3 built with -DOS_MEM_SLI and -DOS_MEM_OWN_CLASS_TRIES)
and control-VARIANT.txt (tools/tlsf/control_size.c's "control POOL BYTES
LARGEST" lines). Printed: the utilization of each trace for the two best
fits of stage 2 and stage 3 in each variant, with the mean; then, for each
variant, the control structure and the largest single allocation at 256 B,
8 KiB, 64 KiB and 4 MiB.
"""
import re
import sys

out = sys.argv[1]
VARIANTS = sys.argv[2:]
KIT = "1-3"
if KIT not in VARIANTS:
    sys.exit(f"index_report: the runs must include {KIT}, the kit's index, which the tables compare")
rows = {}
for v in VARIANTS:
    for line in open(f"{out}/run-{v}.txt"):
        m = re.match(r"^(\S+\.trace)\s+\d+\s+\d+\s+(.+?)\s+(\d+)\s+([0-9.]+)\s*$", line)
        if not m:
            continue
        trace, name, util = m.group(1), m.group(2), float(m.group(4))
        if name == "tlsf":
            rows.setdefault(trace, {})[v] = util
        elif name.startswith("freelist best") and v == KIT:
            rows.setdefault(trace, {})[name.replace("freelist ", "")] = util
cols = ["best/addr", "best/lifo"] + VARIANTS
print("utilization (peak live bytes / smallest pool that serves the trace); "
      "stage 3 as SLI-TRIES")
print(f"{'trace':28}" + "".join(f"{c:>10}" for c in cols))
for trace in sorted(rows):
    print(f"{trace:28}" + "".join(f"{rows[trace].get(c, float('nan')):>10.3f}" for c in cols))
print(f"{'mean':28}" + "".join(
    f"{sum(r.get(c, 0) for r in rows.values()) / len(rows):>10.3f}" for c in cols))

print("\ncontrol structure and largest single allocation on the Cortex-M3, bytes")
SIZES = (("256 B", 256), ("8 KiB", 8192), ("64 KiB", 65536), ("4 MiB", 4194304))
print(f"{'SLI-TRIES':10}" + "".join(f"{name:>20}" for name, _ in SIZES))
for v in VARIANTS:
    got = {}
    for line in open(f"{out}/control-{v}.txt"):
        m = re.match(r"^control (\d+) (\d+) (\S+)\s*$", line)
        if m:
            got[int(m.group(1))] = (int(m.group(2)), m.group(3))
    cells = []
    for _, size in SIZES:
        ctl, largest = got[size]
        cells.append(f"{ctl:>6} / {largest:>11}")
    print(f"{v:10}" + "".join(f"{c:>20}" for c in cells))
