#!/usr/bin/python3
"""The tables of `make sli-sweep` (mk/trace.mk), from its runs on the board.

    sli_report.py DIR SLI...     (the SLIs run, 3 among them)

DIR holds, for each SLI, sliN.txt (the trace tool's rows for stage 2 and
stage 3 built with -DOS_MEM_SLI=N) and controlN.txt (tools/tlsf/control_size.c's
"control POOL BYTES" lines). Printed: the utilization of each trace for the
two best fits of stage 2 and stage 3 at each SLI; at SLI 3, how much of the
gap to best fit is TLSF's control structure; and the control structure's
size for pools of 8 KiB, 64 KiB and 4 MiB.
"""
import re
import sys

out = sys.argv[1]
SLIS = [int(n) for n in sys.argv[2:]]
if 3 not in SLIS:
    sys.exit("sli_report: the runs must include SLI 3, the kit's, which the tables compare")
rows = {}
for sli in SLIS:
    for line in open(f"{out}/sli{sli}.txt"):
        m = re.match(r"^(\S+\.trace)\s+\d+\s+\d+\s+(.+?)\s+(\d+)\s+([0-9.]+)\s*$", line)
        if not m:
            continue
        trace, name, util = m.group(1), m.group(2), float(m.group(4))
        if name == "tlsf":
            rows.setdefault(trace, {})[f"SLI {sli}"] = util
        elif name.startswith("freelist best") and sli == 3:
            rows.setdefault(trace, {})[name.replace("freelist ", "")] = util
cols = ["best/addr", "best/lifo"] + [f"SLI {sli}" for sli in SLIS]
print(f"{'trace':28}" + "".join(f"{c:>11}" for c in cols))
for trace in sorted(rows):
    print(f"{trace:28}" + "".join(f"{rows[trace].get(c, float('nan')):>11.3f}" for c in cols))
print(f"{'mean':28}" + "".join(
    f"{sum(r.get(c, 0) for r in rows.values()) / len(rows):>11.3f}" for c in cols))
# how much of the gap to best fit is the control structure (SLI 3)
control = {}
for sli in SLIS:
    for line in open(f"{out}/control{sli}.txt"):
        m = re.match(r"^control (\d+) (\d+)\s*$", line)
        if m:
            control[(sli, int(m.group(1)))] = int(m.group(2))
pools = {}
for line in open(f"{out}/sli3.txt"):
    m = re.match(r"^(\S+\.trace)\s+\d+\s+(\d+)\s+(.+?)\s+(\d+)\s+([0-9.]+)\s*$", line)
    if m and m.group(3) in ("tlsf", "freelist best/addr"):
        pools.setdefault(m.group(1), {"peak": int(m.group(2))})[m.group(3)] = int(m.group(4))
print("\nSLI 3 against best/addr: smallest pools, and TLSF's control structure in its pool")
print(f"{'trace':28}{'peak':>8}{'best/addr':>11}{'tlsf':>8}{'control':>9}{'tlsf, arena only':>18}")
for trace in sorted(pools):
    p = pools[trace]
    ctl = control[(3, p["tlsf"])]
    print(f"{trace:28}{p['peak']:>8}{p['freelist best/addr']:>11}{p['tlsf']:>8}{ctl:>9}"
          f"{p['peak'] / (p['tlsf'] - ctl):>18.3f}")
print("\ncontrol structure on the Cortex-M3, bytes, as LOS_MemInit lays it out")
for sli in SLIS:
    print(f"SLI {sli}: " + "   ".join(f"{name} {control[(sli, size)]:5}" for name, size in
                                     (("8 KiB", 8192), ("64 KiB", 65536), ("4 MiB", 4194304))))
