#!/usr/bin/python3
"""Grade a lab: build its tests against a tree of code, run each graded test
in a run of its own, and score each graded part.

    grade.py LAB [--root DIR] [--host] [--quiet] [--json FILE] [--handin FILE]
                 [--first-failure]
    grade.py LAB --mistake NAME

DIR is where the lab's files are taken from before falling back to src/:
exercises/labLAB by default, `.` for the reference (make grade REF=1), or a
folder with one region cut (the check that every region is tested).

labs/labLAB/points lists the graded parts, one a line: the test's name, its
points, and what it checks. Each graded test runs alone, in QEMU (qemu/run.sh
IMAGE -append NAME) or with --host on the host (KIT_TEST=NAME), built with
AddressSanitizer and UndefinedBehaviorSanitizer, and for a lab whose stage
runs on the kernel once more with ThreadSanitizer. So a fault, a sanitizer
report or a hang costs the test it happened in, and the report says which
test, and where.

The output is the compiler's warnings, one line per part (with what went
wrong under a part that failed), then `Score: x/y`. --json writes the same
as Gradescope's autograder reads it (results.json); --handin packs the
lab's files, the report and results.json into a tar.gz. --first-failure stops at the first part that fails (`make test` asks only
whether the score is full). The exit code is 0 for a full score, 1 for less, and 2 when the tests do not build or the
command is wrong.

--mistake NAME grades the reference with one of the lab's known mistakes
made (labs/labLAB/mutants, see tools/mkexercise.py) and exits 0 when the
grade is what the mistake expects: less than full, above its score-above,
and with a line matching its report.
"""
import io
import json
import os
import re
import signal
import subprocess
import sys
import tarfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BOARD_TIMEOUT = 15  # seconds for one test in QEMU (lab 4's longest needs about 3)
HOST_TIMEOUT = 30   # the sanitizers slow a run down
FAULTS = {103: "HardFault", 104: "MemManage fault", 105: "BusFault", 106: "UsageFault",
          107: "an unexpected interrupt"}
SANITIZERS = {"san": "asan+ubsan", "tsan": "tsan"}
# Lines of a run that explain a failure, kept under the part's line.
TELLING = re.compile(r"^(\[FAIL\]|\*\*\*|ASSERTION FAIL|\[ERR\]|.*runtime error:|==\d+==ERROR:|"
                     r"WARNING: ThreadSanitizer|SUMMARY:|\s+#[0-3] 0x|this program has no test)")


def labs():
    found = []
    for name in os.listdir(os.path.join(ROOT, "labs")):
        m = re.fullmatch(r"lab(\d+)", name)
        if m and os.path.exists(os.path.join(ROOT, "labs", name, "points")):
            found.append(int(m.group(1)))
    return sorted(found)


def read_points(lab):
    parts = []
    with open(os.path.join(ROOT, f"labs/lab{lab}/points"), encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                name, points, *what = line.split(None, 2)
                parts.append((name, int(points), what[0] if what else ""))
    return parts


def make(*args):
    return subprocess.run(["make", "-s", "--no-print-directory", *args], cwd=ROOT,
                          capture_output=True, text=True)


def on_kernel(lab):
    """Does the lab's stage run on the kernel (threads, wait queues)?"""
    out = make("lab-info", f"LAB={lab}").stdout
    return "kernel=yes" in out.split()


class Run:
    """One test's run: did it pass, and the lines that say why not."""

    def __init__(self, name, status, output, flavour, seconds):
        self.name, self.status, self.output, self.flavour = name, status, output, flavour
        lines = output.splitlines()
        self.passed = status == 0 and f"[PASS] {name}" in lines
        why = [l for l in lines if TELLING.match(l)]
        if status == 124 or status is None:
            why.append(f"*** no end after {seconds} s: the test hung (a loop that never ends, "
                       "or a thread that waits forever?)")
        elif status in FAULTS and not any(l.startswith("***") for l in why):
            why.append(f"*** {FAULTS[status]}")
        elif not self.passed and not why:
            tail = [l for l in lines if l.strip()][-5:]
            why = [f"the test stopped without a verdict (exit code {status})"] + tail
        elif not self.passed and f"[PASS] {name}" in lines:
            why.insert(0, f"the test passed, then the run failed (exit code {status})")
        self.why = [f"[{SANITIZERS[flavour]}] {l}" if flavour in SANITIZERS else l for l in why]


def run_board(elf, name):
    start = time.time()
    env = dict(os.environ, KIT_QEMU_TIMEOUT=str(BOARD_TIMEOUT))
    r = subprocess.run(["qemu/run.sh", elf, "-append", name], cwd=ROOT, capture_output=True,
                       text=True, env=env)
    return Run(name, r.returncode, r.stdout + r.stderr, "board", round(time.time() - start))


def run_host(exe, name, flavour):
    env = dict(os.environ, KIT_TEST=name, UBSAN_OPTIONS="print_stacktrace=1",
               TSAN_OPTIONS="halt_on_error=1 exitcode=66")
    try:
        r = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, env=env,
                           timeout=HOST_TIMEOUT)
        return Run(name, r.returncode, r.stdout + r.stderr, flavour, HOST_TIMEOUT)
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace") + (e.stderr or b"").decode(errors="replace")
        return Run(name, None, out, flavour, HOST_TIMEOUT)


def tag_of(root):
    return re.sub(r"[^A-Za-z0-9]+", "_", root).strip("_") or "ref"


def build(lab, root, host):
    """Build the images; return ([(flavour, path)], warnings, ok)."""
    tag = tag_of(root)
    os.makedirs(os.path.join(ROOT, "build/grade"), exist_ok=True)
    if not host:
        flavours = [("board", f"build/grade/lab{lab}-{tag}.elf")]
    else:
        flavours = [("san", f"build/grade/lab{lab}-{tag}-san")]
        if on_kernel(lab):
            flavours.append(("tsan", f"build/grade/lab{lab}-{tag}-tsan"))
    text = ""
    for flavour, path in flavours:
        if flavour == "board":
            r = make("lab-image", f"LAB={lab}", f"LAB_ROOT={root}", f"LAB_ELF={path}")
        else:
            r = make("lab-host-image", f"LAB={lab}", f"LAB_ROOT={root}", f"LAB_EXE={path}",
                     f"SAN={flavour}")
        text += r.stdout + r.stderr
        if r.returncode != 0:
            return flavours, text, False
    return flavours, text, True


def grade(lab, root, host, out, first_failure=False):
    """Grade; write the report to out; return (score, total, built, tests)."""
    parts = read_points(lab)
    total = sum(p for _, p, _ in parts)
    where = "on the host (asan+ubsan" + (", tsan" if host and on_kernel(lab) else "") + ")" \
        if host else "in QEMU"
    flavours, warnings, built = build(lab, root, host)
    if warnings.strip():
        out.write(f"Compiler {'errors' if not built else 'warnings'}:\n{warnings.rstrip()}\n\n")
    out.write(f"Lab {lab} ({root}), each test in a run of its own, {where}:\n")
    if not built:
        out.write("  the tests do not build: nothing is scored\n")
    score, tests = 0, []
    width = max(len(name) for name, _, _ in parts)
    for name, points, what in parts:
        runs = []
        if built:
            for flavour, path in flavours:
                run = run_board(path, name) if flavour == "board" else run_host(path, name, flavour)
                runs.append(run)
                if not run.passed:
                    break
        passed = built and all(r.passed for r in runs)
        got = points if passed else 0
        score += got
        out.write(f"  {name:<{width}} {got:>3}/{points:<3} {what}\n")
        why = [l for r in runs for l in r.why] if not passed else []
        for line in why[:16]:
            out.write(f"      {line}\n")
        if len(why) > 16:
            out.write(f"      ... ({len(why) - 16} more lines: make qemu LAB={lab} TEST={name})\n")
        out.flush()
        if first_failure and not passed:
            out.write("  (the other parts are not run: one failed)\n")
            tests.append({"name": name, "score": 0, "max_score": points, "status": "failed",
                          "output": "\n".join(why)})
            break
        tests.append({"name": name, "score": got, "max_score": points,
                      "status": "passed" if passed else "failed",
                      "output": what + ("\n" + "".join(r.output for r in runs) if not passed and runs
                                        else "")})
    out.write(f"Score: {score}/{total}\n")
    return score, total, built, tests, warnings


class Tee(io.StringIO):
    """Writes go to the terminal and are kept for the handin; quiet leaves
    out the compiler's warnings (make test's logs)."""

    def __init__(self, quiet):
        super().__init__()
        self.quiet = quiet

    def write(self, s):
        if not (self.quiet and s.startswith("Compiler warnings:")):
            sys.stdout.write(s)
        return super().write(s)

    def flush(self):
        sys.stdout.flush()


def mistake(lab, name):
    """Grade a known mistake; 0 when the grade catches it as expected."""
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    import mkexercise
    found = [m for m in mkexercise.known_mutants(lab) if m["mutant"] == name]
    if not found:
        return fail(f"No mistake {name} in labs/lab{lab}/mutants.")
    m = found[0]
    root = f"build/mistakes/lab{lab}-{name}"
    dest = os.path.join(ROOT, root, m["file"])
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "w", encoding="utf-8") as fh:
        fh.write(mkexercise.apply_mutant(m))
    print(f"Mistake {name}: {m.get('what', '')}")
    out = Tee(True)
    score, total, built, _, _ = grade(lab, root, m.get("grade") == "host", out)
    floor = int(m.get("score-above", -1))
    wrong = []
    if not built:
        wrong.append("the tests do not build")
    if score >= total:
        wrong.append("it scores full: no graded test catches it")
    if score <= floor:
        wrong.append(f"it scores {score}, not more than {floor}: it costs more than its own tests")
    if "report" in m and not re.search(m["report"], out.getvalue(), re.M):
        wrong.append(f"no line of the report matches {m['report']!r}")
    for w in wrong:
        print(f"Mistake {name}: {w}")
    print(f"Mistake {name}: " + ("caught as expected" if not wrong else "NOT caught as expected"))
    return 1 if wrong else 0


def fail(msg):
    print(msg, file=sys.stderr)
    return 2


def main(argv):
    known = labs()
    if len(argv) < 2 or not argv[1].isdigit():
        return fail("Which lab? Say LAB=n (make grade LAB=1); the labs are " +
                    " ".join(map(str, known)) + ".")
    lab = int(argv[1])
    if lab not in known:
        return fail(f"There is no lab {argv[1]}; the labs are " + " ".join(map(str, known)) + ".")

    def opt(flag, default=None):
        return argv[argv.index(flag) + 1] if flag in argv else default
    if "--mistake" in argv:
        return mistake(lab, opt("--mistake"))
    root = opt("--root", f"exercises/lab{lab}")
    if not os.path.isdir(os.path.join(ROOT, root)):
        return fail(f"No folder {root}: the lab's files are taken from there.")
    started = time.time()
    out = Tee("--quiet" in argv)
    score, total, built, tests, warnings = grade(lab, root, "--host" in argv, out,
                                                 "--first-failure" in argv)
    result = {"score": score, "max_score": total, "execution_time": round(time.time() - started),
              "output": (warnings.strip() + "\n" if warnings.strip() else "") +
              f"Lab {lab}: {score}/{total}", "tests": tests}
    for flag in ("--json", "--handin"):
        path = opt(flag)
        if path is None:
            continue
        full = os.path.join(ROOT, path)
        os.makedirs(os.path.dirname(full) or ".", exist_ok=True)
        if flag == "--json":
            with open(full, "w", encoding="utf-8") as fh:
                json.dump(result, fh, indent=2)
                fh.write("\n")
            continue
        with tarfile.open(full, "w:gz") as tar:
            tar.add(os.path.join(ROOT, root), arcname=f"lab{lab}/{root}")
            for name, text in (("report.txt", out.getvalue()),
                               ("results.json", json.dumps(result, indent=2) + "\n")):
                data = text.encode()
                info = tarfile.TarInfo(f"lab{lab}/{name}")
                info.size, info.mtime = len(data), int(time.time())
                tar.addfile(info, io.BytesIO(data))
        print(f"Wrote {path}: {root}/, report.txt and results.json (Score: {score}/{total})")
    if not built:
        return 2
    return 0 if score == total else 1


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends it quietly
    sys.exit(main(sys.argv))
