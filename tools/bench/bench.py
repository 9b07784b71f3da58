#!/usr/bin/python3
"""Run the benchmark images and report: `make bench` calls this.

    tools/bench/bench.py VARIANT...     (e.g. membox fl-first-addr tlsf libc)

For each allocator variant it runs build/bench/target/VARIANT.elf in QEMU under
the instruction-counting plugin (tools/bench/icount.py) and
build/bench/host/VARIANT under callgrind and on its own for wall-clock time,
then writes:

    build/bench/cost.csv       instructions per operation on the Cortex-M3 (and
                               which operation of the trace was the worst)
    build/bench/sweep.csv      the probe's counts for pools of 16 KiB .. 4 MiB
    build/bench/overhead.csv   bytes per block, and control bytes per pool
    build/bench/util.csv       utilization per trace
    build/bench/host.csv       callgrind instructions per operation, and
                               operations per second, on the host
    docs/performance/*.svg     the performance chapter's tables and plots, one
                               picture per language (report.py)

and prints a summary table. The format of the images' "@" lines is described
in tools/bench/replay.c.
"""
import csv
import glob
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.join(ROOT, "build", "bench")
DOCS = os.path.join(ROOT, "docs", "performance")
sys.path.insert(0, HERE)
import icount  # noqa: E402

OP_NAMES = {"a": "alloc", "f": "free", "r": "realloc"}


# ------------------------------------------------------------- the traces
def load_traces():
    """name -> (list of op kinds, peak live payload in bytes)."""
    traces = {}
    paths = glob.glob(os.path.join(ROOT, "tools", "trace", "traces", "*.trace"))
    for path in sorted(paths):
        kinds, live, peak, total = [], {}, 0, 0
        with open(path) as f:
            for line in f:
                w = line.split()
                if not w or w[0].startswith("#"):
                    continue
                kinds.append(w[0])
                if w[0] == "f":
                    total -= live.pop(w[1])
                else:
                    total += int(w[2]) - live.get(w[1], 0)
                    live[w[1]] = int(w[2])
                peak = max(peak, total)
        traces[os.path.basename(path)[:-len(".trace")]] = (kinds, peak)
    return traces


# ------------------------------------------------------- the board's runs
def new_result():
    return {"cost": [], "sweep": [], "stride": [], "front": [], "util": [], "problems": [],
            "worst_at": {}}


def run_target(traces):
    """Run the benchmark image; return {allocator: results}, in run order."""
    elf = os.path.join(BUILD, "bench.elf")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "counts")
        status, out = icount.run(elf, path)
        calibration, counts = icount.read_counts(path)
    if status != 0:
        sys.exit(f"bench: {elf} exited with {status}:\n{out[-2000:]}")
    results, res, pos, holes = {}, None, 0, {}
    for line in out.splitlines():
        w = line.split()
        if not w or not w[0].startswith("@"):
            continue
        tag = w[0]
        if tag == "@allocator":
            res = results.setdefault(line.split(" ", 1)[1], new_result())
        elif tag == "@trace":
            name, n = w[1], int(w[2])
            kinds = traces[name][0]
            if len(kinds) != n:
                sys.exit(f"bench: trace {name} has {len(kinds)} operations, the image {n}")
            per_op, worst_at, worst = {}, {}, {}
            for i, (kind, count) in enumerate(zip(kinds, counts[pos:pos + n])):
                op = OP_NAMES[kind]
                per_op.setdefault(op, []).append(count)
                if count > worst.get(op, -1):
                    worst[op], worst_at[op] = count, i + 1
            pos += n
            for op, values in per_op.items():
                res["cost"].append((name, op, values))
                res["worst_at"][(name, op)] = worst_at[op]
        elif tag == "@bench":
            size, probe = int(w[2]), w[3]
            res["sweep"].append((size, probe, counts[pos], holes.get(size, 0)))
            pos += 1
        elif tag == "@holes":
            holes[int(w[1])] = int(w[2])
        elif tag == "@stride":
            res["stride"].append((int(w[1]), int(w[2])))
        elif tag == "@front":
            res["front"].append((int(w[1]), int(w[2])))
        elif tag == "@result" and (w[3] != "0" or w[5] != "0"):
            res["problems"].append(line)
        elif tag == "@error":
            res["problems"].append(line)
    if pos != len(counts):
        sys.exit(f"bench: {len(counts)} intervals counted, {pos} accounted for")
    return results


UTIL_ROW = re.compile(r"^(\S+)\.trace\s+\d+\s+\d+\s+(.+?)\s+(\d+|-)\s+(.*)$")


def run_util(results):
    """The trace tool's utilization rows, from its run on the board."""
    elf = os.path.join(BUILD, "util.elf")
    proc = subprocess.run([os.path.join(ROOT, "qemu", "run.sh"), elf], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in proc.stdout.splitlines():
        m = UTIL_ROW.match(line)
        if not m or m.group(2) not in results:
            continue
        trace, name, pool, rest = m.groups()
        if "BROKEN" in rest:
            results[name]["problems"].append("trace tool: " + line)
        util = float(rest) if re.fullmatch(r"[0-9.]+", rest.strip()) else None
        results[name]["util"].append((trace, int(pool) if pool != "-" else 0, util))
    if proc.returncode != 0:
        sys.exit(f"bench: the trace tool failed on the board:\n{proc.stdout[-2000:]}")


# -------------------------------------------------------- the host's runs
def run_host(traces):
    """Per allocator: callgrind instructions per operation, operations per second."""
    exe = os.path.join(BUILD, "bench-host")
    per_op, wall = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cg.out")
        subprocess.run(["valgrind", "--tool=callgrind", "--collect-atstart=no",
                        f"--callgrind-out-file={out}", exe], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        dumps = {}
        for path in glob.glob(out + ".*"):
            name = total = None
            with open(path) as f:
                for line in f:
                    prefix = "desc: Trigger: Client Request: "
                    if line.startswith(prefix):
                        name = line[len(prefix):].strip()
                    elif line.startswith("totals:"):
                        total = int(line.split()[1])
            if name:
                dumps[name] = total
    per_interval = dumps.pop("calibration") / 1000.0
    for key, total in dumps.items():
        name, trace = key.split("|")
        n = len(traces[trace][0])
        per_op.setdefault(name, {})[trace] = (total - per_interval * n) / n
    out = subprocess.run([exe, "wall"], check=True, capture_output=True, text=True).stdout
    name = None
    for line in out.splitlines():
        w = line.split()
        if w and w[0] == "@allocator":
            name = line.split(" ", 1)[1]
        elif w and w[0] == "@wall":
            wall.setdefault(name, {})[w[1]] = float(w[2])
    return per_op, wall


# ------------------------------------------------------------ the results
def write_csv(path, header, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def mean(xs):
    return sum(xs) / len(xs) if xs else float("nan")


def summarize(results, host):
    """Per allocator: the figures of the summary table."""
    rows = []
    for name, r in results.items():
        ops = {}
        for _, op, values in r["cost"]:
            ops.setdefault(op, []).extend(values)
        sweep = {}
        for size, probe, count, _ in r["sweep"]:
            if probe == "alloc-failed":  # the membox: a 64-byte request is not its size
                continue
            kind = "alloc" if probe.startswith("alloc") else "free"
            sweep.setdefault(kind, {}).setdefault(size, 0)
            sweep[kind][size] = max(sweep[kind][size], count)
        utils = [u for _, _, u in r["util"] if u is not None]
        # A block's cost beyond its request, at the request that needs no
        # rounding: the header (or node) alone.
        extra = [step - req for req, step in r["stride"]]
        cg, wall = host[0].get(name, {}), host[1].get(name, {})
        rows.append({
            "allocator": name,
            "alloc_mean": mean(ops.get("alloc", [])), "alloc_max": max(ops.get("alloc", [0])),
            "free_mean": mean(ops.get("free", [])), "free_max": max(ops.get("free", [0])),
            "realloc_mean": mean(ops["realloc"]) if "realloc" in ops else None,
            "realloc_max": max(ops["realloc"]) if "realloc" in ops else None,
            "sweep_alloc": sweep.get("alloc", {}), "sweep_free": sweep.get("free", {}),
            "util": mean(utils) if utils else None, "util_fits": f"{len(utils)}/{len(r['util'])}",
            "overhead": min(extra) if extra else None,
            "front": dict(r["front"]),
            "host_ir": mean(list(cg.values())) if cg else None,
            "host_ops": mean(list(wall.values())) if wall else None,
        })
    return rows


def fmt(x, spec="{:.0f}"):
    return "-" if x is None or x != x else spec.format(x)


def summary_table(rows):
    head = ("allocator", "alloc mean", "max", "free mean", "max", "realloc max",
            "probe alloc 16K..4M", "probe free 16K..4M", "util", "fits", "ovh/blk", "front 64K",
            "host Ir/op", "host Mops/s")
    table = [head]
    for s in rows:
        sa, sf = s["sweep_alloc"], s["sweep_free"]
        span = lambda d: f"{d[16384]}..{d[max(d)]}" if 16384 in d else "-"  # noqa: E731
        table.append((s["allocator"], fmt(s["alloc_mean"], "{:.1f}"), fmt(s["alloc_max"]),
                      fmt(s["free_mean"], "{:.1f}"), fmt(s["free_max"]), fmt(s["realloc_max"]),
                      span(sa), span(sf), fmt(s["util"], "{:.2f}"), s["util_fits"],
                      fmt(s["overhead"]), fmt(s["front"].get(65536)),
                      fmt(s["host_ir"], "{:.0f}"),
                      fmt(s["host_ops"] / 1e6 if s["host_ops"] else None, "{:.1f}")))
    widths = [max(len(str(row[i])) for row in table) for i in range(len(head))]
    return "\n".join("  ".join(str(c).rjust(w) for c, w in zip(row, widths)) for row in table)


def main():
    traces = load_traces()
    print("bench: the board, under the instruction counter ...", flush=True)
    results = run_target(traces)
    print("bench: utilization, the trace tool on the board ...", flush=True)
    run_util(results)
    print("bench: the host, callgrind and wall clock ...", flush=True)
    host = run_host(traces)
    names = list(results)

    write_csv(os.path.join(BUILD, "cost.csv"),
              ("allocator", "trace", "operation", "calls", "mean", "max", "max_at_operation"),
              [(v, t, op, len(vals), f"{mean(vals):.1f}", max(vals), results[v]["worst_at"][(t, op)])
               for v in names for t, op, vals in results[v]["cost"]])
    write_csv(os.path.join(BUILD, "sweep.csv"),
              ("allocator", "pool_bytes", "probe", "instructions", "free_holes"),
              [(v,) + row for v in names for row in results[v]["sweep"]])
    write_csv(os.path.join(BUILD, "overhead.csv"),
              ("allocator", "what", "bytes_in", "bytes_out"),
              [(v, "stride", req, st) for v in names for req, st in results[v]["stride"]]
              + [(v, "front", p, c) for v in names for p, c in results[v]["front"]])
    write_csv(os.path.join(BUILD, "util.csv"),
              ("allocator", "trace", "smallest_pool", "utilization"),
              [(v, t, p, "" if u is None else u) for v in names for t, p, u in results[v]["util"]])
    write_csv(os.path.join(BUILD, "host.csv"),
              ("allocator", "trace", "callgrind_ir_per_op", "ops_per_second"),
              [(v, t, f"{host[0].get(v, {}).get(t, float('nan')):.1f}",
                f"{host[1].get(v, {}).get(t, 0):.0f}")
               for v in names for t in sorted(host[1].get(v, {}))])

    rows = summarize(results, host)
    import report  # the docs tables and plots
    report.write(DOCS, names, results, traces, rows, os.path.join(BUILD, "tables.rst"))

    problems = [f"{v}: {p}" for v in names for p in results[v]["problems"]]
    print()
    print(SUMMARY_NOTE)
    print(summary_table(rows))
    if problems:
        print("\nProblems:\n  " + "\n  ".join(problems))
    print(f"\nCSV in {os.path.relpath(BUILD, ROOT)}/, tables and plots in "
          f"{os.path.relpath(DOCS, ROOT)}/")
    return 1 if problems else 0


SUMMARY_NOTE = """\
Instructions per call on the Cortex-M3 (QEMU mps2-an385, counted by the plugin), mean and
max over every operation of every trace in a 1 MiB pool; "probe" = the worst-case probe at
16 KiB and at 4 MiB pools; util = mean over traces of peak live / smallest pool (the trace
tool's figure; fits = traces that fit 256 KiB); ovh/blk = bytes a block costs beyond its
request (least over requests of 8..100 bytes); front = bytes before the first payload
(control structure + one header); host = callgrind instructions per call and wall-clock
calls per second on this machine."""


if __name__ == "__main__":
    sys.exit(main())
