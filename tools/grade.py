#!/usr/bin/python3
"""Grade a lab: build its tests against a tree of code, run them in QEMU,
and score each graded part.

    grade.py LAB [--root DIR] [--quiet]

DIR is where the lab's files are taken from before falling back to src/:
exercises/labLAB by default, `.` for the reference (make grade REF=1), or a
folder with one region cut (the check that every region is tested).

labs/labLAB/points lists the graded parts, one a line: the test's name, its
points, and what it checks. The output is one line per part, then
`Score: x/y`; the exit code is 0 for a full score, 1 for less, and 2
when the tests do not even build.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_points(lab):
    parts = []
    with open(os.path.join(ROOT, f"labs/lab{lab}/points"), encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                name, points, *what = line.split(None, 2)
                parts.append((name, int(points), what[0] if what else ""))
    return parts


def main(argv):
    lab = int(argv[1])
    root = f"exercises/lab{lab}"
    quiet = "--quiet" in argv
    if "--root" in argv:
        root = argv[argv.index("--root") + 1]
    parts = read_points(lab)
    total = sum(p for _, p, _ in parts)
    tag = re.sub(r"[^A-Za-z0-9]+", "_", root).strip("_") or "ref"
    elf = f"build/grade/lab{lab}-{tag}.elf"
    os.makedirs(os.path.join(ROOT, "build/grade"), exist_ok=True)

    build = subprocess.run(["make", "-s", "--no-print-directory", "lab-image", f"LAB={lab}",
                            f"LAB_ROOT={root}", f"LAB_ELF={elf}"],
                           cwd=ROOT, capture_output=True, text=True)
    output = ""
    if build.returncode != 0:
        print(f"Lab {lab} ({root}): the tests do not build\n{build.stdout}{build.stderr}")
    else:
        run = subprocess.run(["qemu/run.sh", elf], cwd=ROOT, capture_output=True, text=True,
                             env=dict(os.environ, KIT_QEMU_TIMEOUT="30"))
        output = run.stdout + run.stderr
        if not quiet:
            print(output, end="")
        crash = [l for l in output.splitlines() if l.startswith("***")]
        for line in crash:
            print(f"the run stopped early: {line.strip('* ')}")

    passed = set(re.findall(r"^\[PASS\] (\S+)$", output, re.M))
    score = 0
    print(f"Lab {lab} ({root}):")
    for name, points, what in parts:
        got = points if name in passed else 0
        score += got
        print(f"  {name:<44} {got:>3}/{points:<3} {what}")
    print(f"Score: {score}/{total}")
    if build.returncode != 0:
        return 2
    return 0 if score == total else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
