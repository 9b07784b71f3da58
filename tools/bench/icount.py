#!/usr/bin/python3
"""Count the instructions of each measured interval of a benchmark image.

    tools/bench/icount.py IMAGE.elf [--summary] [--check] [--counts FILE]
                                    [--path LABEL]

Runs IMAGE.elf in QEMU (through qemu/run.sh) with the instruction-counting
plugin, finds bench_begin/bench_end in the image's symbols, and pairs each
count the plugin reports with the guest's "@bench LABEL" lines, in order.

Default output: one line per interval, "COUNT  LABEL". --summary groups equal
labels (calls, mean, min, max). --check treats labels "expect N ..." as
assertions and ends with "N passed, M failed". --counts FILE only runs the
image and leaves the plugin's raw output in FILE (for a caller that knows
the order of its intervals itself, like the trace replayer). --path LABEL
lists the executed path of the longest interval with that label: the image
runs again with the plugin listing that interval's instructions, and each
run of instructions is named after the function it comes from, inlined
ones included (addr2line -i), so a count can be read as "so many for the
lock, so many for the search". The guest's other output passes through;
the exit status is the guest's, or 1 when the counts and labels do not pair
up.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLUGIN = os.path.join(ROOT, "build", "bench", "icount_plugin.so")


def marker_addresses(elf):
    """The entry addresses of bench_begin and bench_end, from the symbols."""
    out = subprocess.run(["arm-none-eabi-nm", elf], check=True,
                         capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] in ("bench_begin", "bench_end"):
            found[parts[2]] = int(parts[0], 16)
    missing = {"bench_begin", "bench_end"} - found.keys()
    if missing:
        sys.exit(f"icount: {elf} has no {', '.join(sorted(missing))} (link tools/bench/bench_mark.c)")
    return found["bench_begin"], found["bench_end"]


def run(elf, counts_path, plugin=PLUGIN, path=0):
    """Run the image under the plugin; return (exit status, guest stdout)."""
    begin, end = marker_addresses(elf)
    arg = f"{plugin},begin={begin:#x},end={end:#x},out={counts_path}"
    if path:
        arg += f",path={path}"
    # The semihosting console of this QEMU writes to stderr: take both.
    proc = subprocess.run([os.path.join(ROOT, "qemu", "run.sh"), elf, "-plugin", arg],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc.returncode, proc.stdout


def read_counts(path):
    """The plugin's output: (calibration, [count per interval])."""
    calibration, counts = None, []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("calibration "):
                calibration = int(line.split()[1])
            elif line and not line.startswith(("#", "pc ")):
                counts.append(int(line))
    return calibration, counts


def split_labels(stdout):
    """Split the guest's output into its "@bench" labels and the rest."""
    labels, rest = [], []
    for line in stdout.splitlines():
        if line.startswith("@bench "):
            labels.append(line[len("@bench "):])
        else:
            rest.append(line)
    return labels, rest


def summary(rows):
    groups = {}
    for count, label in rows:
        groups.setdefault(label, []).append(count)
    lines = [f"{'calls':>6} {'mean':>9} {'min':>7} {'max':>7}  label"]
    for label, values in groups.items():
        mean = sum(values) / len(values)
        lines.append(f"{len(values):>6} {mean:>9.1f} {min(values):>7} {max(values):>7}  {label}")
    return lines


def innermost_functions(elf, pcs):
    """The innermost function (inlined or not) of each address, by addr2line."""
    unique = sorted(set(pcs))
    out = subprocess.run(["arm-none-eabi-addr2line", "-a", "-i", "-f", "-e", elf]
                         + [f"{pc:#x}" for pc in unique],
                         check=True, capture_output=True, text=True).stdout.splitlines()
    # With -a each address opens its group, then -i -f give one or more
    # (function, file:line) pairs, innermost first: the line after the
    # address names the innermost function.
    names = {}
    for i, line in enumerate(out):
        if line.startswith("0x") and i + 1 < len(out):
            names[int(line, 16)] = out[i + 1]
    return {pc: names.get(pc, "?") for pc in unique}


def show_path(elf, rows, label, plugin):
    """Print the path of the longest interval labelled LABEL, by function."""
    picks = [(count, i) for i, (count, l) in enumerate(rows) if l == label]
    if not picks:
        print(f"icount: no interval is labelled '{label}'")
        return 1
    count, index = max(picks)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "counts")
        run(elf, path, plugin, path=index + 1)
        calibration, _ = read_counts(path)
        with open(path) as f:
            pcs = [int(line.split()[1], 16) for line in f if line.startswith("pc ")]
    if calibration is None or len(pcs) - calibration != count:
        print(f"icount: the path of '{label}' lists {len(pcs)} instructions, "
              f"which is not its count {count} plus the markers' {calibration}")
        return 1
    names = innermost_functions(elf, pcs)
    print(f"path of '{label}': {count} instructions "
          f"({len(pcs)} listed, less the markers' own {len(pcs) - count})")
    # Totals per function, in the order the path first meets them; the
    # compiler interleaves inlined helpers, so runs would read as noise.
    totals = {}
    for pc in pcs:
        totals[names[pc]] = totals.get(names[pc], 0) + 1
    for name, n in totals.items():
        print(f"{n:>5}  {name}")
    return 0


def check(rows):
    passed = failed = 0
    for count, label in rows:
        m = re.match(r"expect (-?\d+)\b", label)
        if not m:
            continue
        want = int(m.group(1))
        if count == want:
            passed += 1
            print(f"ok    {count:>6}  {label}")
        else:
            failed += 1
            print(f"FAIL  {count:>6}  {label}   (read {count}, expected {want})")
    print(f"{passed} passed, {failed} failed")
    return failed == 0 and passed > 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("elf")
    ap.add_argument("--summary", action="store_true")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--counts", metavar="FILE")
    ap.add_argument("--plugin", default=PLUGIN)
    ap.add_argument("--path", metavar="LABEL")
    args = ap.parse_args()
    if not os.path.exists(args.plugin):
        sys.exit(f"icount: no plugin at {args.plugin} (make {os.path.relpath(args.plugin, ROOT)})")

    if args.counts:
        status, stdout = run(args.elf, args.counts, args.plugin)
        sys.stdout.write(stdout)
        return status

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "counts")
        status, stdout = run(args.elf, path, args.plugin)
        calibration, counts = read_counts(path)
    labels, rest = split_labels(stdout)
    for line in rest:
        print(line)
    if calibration is None:
        print("icount: no calibration interval (call bench_init() first)")
        return 1
    if len(labels) != len(counts):
        print(f"icount: {len(counts)} intervals but {len(labels)} labels")
        return 1
    rows = list(zip(counts, labels))
    if args.check:
        ok = check(rows)
        return status if status else (0 if ok else 1)
    if args.path:
        return show_path(args.elf, rows, args.path, args.plugin) or status
    if args.summary:
        print("\n".join(summary(rows)))
    else:
        for count, label in rows:
            print(f"{count:>8}  {label}")
    return status


if __name__ == "__main__":
    sys.exit(main())
