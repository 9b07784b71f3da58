#!/bin/sh
# Utilization of stage 3 for each second-level index (SLI = 2..5) against
# stage 2's best fit, on every trace of the kit, measured on the Cortex-M3
# in QEMU (32-bit sizes, as on the target), with the control structure's size.
#
#   tools/tlsf/sli_sweep.sh            (from the top of the tree)
#
# Each SLI is a separate build of the trace tool (tools/trace/) with
# -DOS_MEM_SLI=n; the tool replays each trace on ever smaller pools and
# reports the peak live bytes over the smallest pool that ran the trace.
set -eu
out=build/tlsf-sli
mkdir -p $out
traces=$(ls tools/trace/traces/*.trace tools/bench/traces/*.trace)
files=$(for t in $traces; do printf '"%s",' "$t"; done)
# build_board OUT.elf FLAGS... SOURCES...: one image for the board, with
# stage 3 and the block layer at this SLI
build_board() {
    elf=$1
    shift
    arm-none-eabi-gcc -std=c11 -mcpu=cortex-m3 -mthumb -Wall -Wextra -Werror -fno-strict-aliasing \
        -O2 -ffunction-sections -fdata-sections --specs=picolibc.specs --oslib=semihost \
        -DOS_MEM_SLI=$sli -Iqemu -Isrc/port -Isrc/common -Itests -Isrc/tlsf -Isrc/block \
        -nostartfiles -T qemu/mps2-an385.ld -Wl,--gc-sections -o "$elf" "$@" \
        src/tlsf/los_memory.c src/block/block.c src/common/kit_diag.c \
        qemu/startup.c qemu/faults.c qemu/semihost.c qemu/port_target.c
}
for sli in 2 3 4 5; do
    build_board $out/trace-sli$sli.elf \
        -DTRACE_ADAPTERS='X(freelist)X(tlsf)' -DTRACE_DEFAULT_FILES="$files" \
        -Isrc/freelist -Itools/trace \
        tools/trace/trace.c tools/trace/adapt_tlsf.c tools/trace/adapt_freelist.c \
        src/freelist/freelist.c
    KIT_QEMU_TIMEOUT=600 qemu/run.sh $out/trace-sli$sli.elf </dev/null 2>&1 | cat >$out/sli$sli.txt
    # the control structure, measured on the board for the smallest TLSF
    # pool of each trace and for pools of 8 KiB, 64 KiB and 4 MiB
    pools=$(sed -n 's/^[^ ]*\.trace  *[0-9]*  *[0-9]*  *tlsf  *\([0-9]*\) .*/\1/p' $out/sli$sli.txt | tr '\n' ,)
    build_board $out/control-sli$sli.elf -DCONTROL_SIZES="${pools}8192,65536,4194304" \
        tools/tlsf/control_size.c
    qemu/run.sh $out/control-sli$sli.elf </dev/null 2>&1 | cat >$out/control$sli.txt
done
/usr/bin/python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
rows = {}
for sli in (2, 3, 4, 5):
    for line in open(f"{out}/sli{sli}.txt"):
        m = re.match(r"^(\S+\.trace)\s+\d+\s+\d+\s+(.+?)\s+(\d+)\s+([0-9.]+)\s*$", line)
        if not m:
            continue
        trace, name, util = m.group(1), m.group(2), float(m.group(4))
        if name == "tlsf":
            rows.setdefault(trace, {})[f"SLI {sli}"] = util
        elif name.startswith("freelist best") and sli == 3:
            rows.setdefault(trace, {})[name.replace("freelist ", "")] = util
cols = ["best/addr", "best/lifo", "SLI 2", "SLI 3", "SLI 4", "SLI 5"]
print(f"{'trace':28}" + "".join(f"{c:>11}" for c in cols))
for trace in sorted(rows):
    print(f"{trace:28}" + "".join(f"{rows[trace].get(c, float('nan')):>11.3f}" for c in cols))
print(f"{'mean':28}" + "".join(
    f"{sum(r.get(c, 0) for r in rows.values()) / len(rows):>11.3f}" for c in cols))
# how much of the gap to best fit is the control structure (SLI 3)
control = {}
for sli in (2, 3, 4, 5):
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
for sli in (2, 3, 4, 5):
    print(f"SLI {sli}: " + "   ".join(f"{name} {control[(sli, size)]:5}" for name, size in
                                     (("8 KiB", 8192), ("64 KiB", 65536), ("4 MiB", 4194304))))
PY
