#!/usr/bin/python3
"""Cut the lab regions out of the reference code.

The reference in src/ marks each region that a lab asks students to write:

    /* LAB(1, alloc): what to write, in a sentence or three ...
     * STUB: node = NULL; */
    ... the reference code ...
    /* END LAB */

For lab N, every file with a LAB(N, ...) region is copied to
exercises/labN/<same path> with each such region replaced by a TODO comment
that keeps the task text, followed by the stub (code that compiles and fails
the tests). Regions of other labs are left as they are.

exercises/.generated records what was last written (a SHA-256 per file), so
a file that differs from its record is someone's work: it is never
overwritten without --force, and --check does not count it as drift.

    mkexercise.py [--force]           write exercises/ for every lab, except
                                      the files someone edited (named)
    mkexercise.py --check             fail if exercises/ no longer matches
                                      src/ (files edited since are left out)
    mkexercise.py --list LAB          print the names of lab LAB's regions
    mkexercise.py --lab LAB OUTDIR    write lab LAB's untouched exercise files
                                      to OUTDIR
    mkexercise.py --mutant LAB REGION OUTDIR
                                      write to OUTDIR the reference file with
                                      only REGION cut (the grader then checks
                                      that some test catches it)
    mkexercise.py --known LAB         print the names of lab LAB's known
                                      mistakes (labs/labLAB/mutants)
    mkexercise.py --known LAB NAME OUTDIR
                                      write to OUTDIR the reference with that
                                      mistake made
"""
import hashlib
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCAN = ("src", "qemu")
BEGIN = re.compile(r"^(\s*)/\* LAB\((\d+), ([a-z0-9_]+)\): (.*)$")
STUB = re.compile(r"^\s*\*?\s*STUB: (.*?)\s*\*/\s*$")
END = re.compile(r"^\s*/\* END LAB \*/\s*$")


class Region:
    def __init__(self, path, lab, name, indent, task, stub, start, end):
        self.path, self.lab, self.name = path, lab, name
        self.indent, self.task, self.stub = indent, task, stub
        self.start, self.end = start, end  # line range [start, end] inclusive


def parse(path, lines):
    regions, i = [], 0
    while i < len(lines):
        m = BEGIN.match(lines[i])
        if not m:
            i += 1
            continue
        indent, lab, name, first = m.group(1), int(m.group(2)), m.group(3), m.group(4)
        task, j = [first], i + 1
        while j < len(lines) and not STUB.match(lines[j]):
            task.append(lines[j].strip().lstrip("*").strip())
            j += 1
        if j == len(lines):
            sys.exit(f"{path}:{i + 1}: region {name} has no STUB line")
        stub = STUB.match(lines[j]).group(1)
        k = j + 1
        while k < len(lines) and not END.match(lines[k]):
            if BEGIN.match(lines[k]):
                sys.exit(f"{path}:{k + 1}: region inside region {name}")
            k += 1
        if k == len(lines):
            sys.exit(f"{path}:{i + 1}: region {name} has no END LAB")
        regions.append(Region(path, lab, name, indent, [t for t in task if t], stub, i, k))
        i = k + 1
    return regions


def all_regions():
    found = []
    for top in SCAN:
        for dirpath, _, files in os.walk(os.path.join(ROOT, top)):
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    full = os.path.join(dirpath, f)
                    rel = os.path.relpath(full, ROOT)
                    with open(full, encoding="utf-8") as fh:
                        found += parse(rel, fh.read().split("\n"))
    names = {}
    for r in found:
        key = (r.lab, r.name)
        if key in names:
            sys.exit(f"{r.path}: region LAB({r.lab}, {r.name}) is defined twice")
        names[key] = r
    return found


def cut_lines(lines, regions):
    """lines with the given regions (parsed from them) replaced by TODO and stub."""
    for r in sorted(regions, key=lambda r: -r.start):
        todo = [f"{r.indent}/* TODO(lab {r.lab}, {r.name}): {r.task[0]}"]
        todo += [f"{r.indent} * {t}" for t in r.task[1:]]
        todo[-1] += " */"
        lines[r.start:r.end + 1] = todo + [f"{r.indent}{r.stub}"]
    return lines


def cut(path, regions):
    """The text of path with the given regions replaced by TODO and stub."""
    with open(os.path.join(ROOT, path), encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    return "\n".join(cut_lines(lines, regions))


def stub_text(text, where):
    """text (a piece of a source file, whole regions only) with every region
    shown as the student starts it: TODO and stub. The documentation's
    listings go through this, so no chapter shows a region's reference."""
    lines = text.split("\n")
    return "\n".join(cut_lines(lines, parse(where, lines)))


def readme(lab, regions):
    by_file = {}
    for r in regions:
        by_file.setdefault(r.path, []).append(r.name)
    out = [f"# Lab {lab}: your starting code", "",
           f"Generated by `make exercises` from the reference in `src/`; the handout is "
           f"`labs/lab{lab}/handout.rst` (also a page of the built documentation).", "",
           "Each `TODO(lab ...)` below is a piece to write; the line after it is a stub "
           "that compiles and fails the tests. Files not listed here are taken from `src/`.", ""]
    for path, names in sorted(by_file.items()):
        out.append(f"- `{path}`: " + ", ".join(f"`{n}`" for n in names))
    out += ["", f"Grade your work with `make grade LAB={lab}`; debug it with `make gdb LAB={lab}`.", ""]
    return "\n".join(out)


def exercise_files():
    """{relative output path: text} for the whole exercises/ tree."""
    regions = all_regions()
    files = {}
    for lab in sorted({r.lab for r in regions}):
        mine = [r for r in regions if r.lab == lab]
        for path in sorted({r.path for r in mine}):
            files[f"exercises/lab{lab}/{path}"] = cut(path, [r for r in mine if r.path == path])
        files[f"exercises/lab{lab}/README.md"] = readme(lab, mine)
    return files


RECORD = "exercises/.generated"


def digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_record():
    """{path: sha256} of what was last generated, or None without a record."""
    full = os.path.join(ROOT, RECORD)
    if not os.path.exists(full):
        return None
    record = {}
    with open(full, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                sha, path = line.split(None, 1)
                record[path.strip()] = sha
    return record


def current(path):
    """The text of a file of the tree, or None."""
    full = os.path.join(ROOT, path)
    if not os.path.exists(full):
        return None
    with open(full, encoding="utf-8", errors="replace") as fh:
        return fh.read()


def edited(path, record):
    """Has someone changed this file since it was generated?"""
    text = current(path)
    if text is None:
        return False
    if record is None:  # no record: only what matches no generation is work
        return True
    return record.get(path) != digest(text)


def write(path, text):
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as fh:
        fh.write(text)


def generate(force):
    """Write what src/ gives; a file someone edited is left as it is (and
    named) unless force. Return 1 when one was left."""
    files = exercise_files()
    record = read_record()
    new_record = dict(record or {})
    leaving = sorted(p for p in set(record or {}) - set(files) if current(p) is not None)
    kept = []
    for path, text in files.items():
        if current(path) == text:
            new_record[path] = digest(text)
        elif edited(path, record) and not force:
            kept.append(path)
        else:
            write(path, text)
            new_record[path] = digest(text)
            print(f"wrote {path}")
    for path in leaving:
        if edited(path, record) and not force:
            kept.append(path)
            continue
        os.remove(os.path.join(ROOT, path))
        del new_record[path]
        print(f"removed {path} (no region of it is left in src/)")
    write(RECORD, "".join(f"{sha}  {p}\n" for p, sha in sorted(new_record.items())))
    if kept:
        print("make exercises: these files hold edits of yours, so they were left as they are:")
        for path in kept:
            print(f"  {path}")
        print("To start one over from the stubs, copy your work elsewhere first, then run "
              "`make exercises FORCE=1`: it overwrites every such file.")
        return 1
    return 0


def check():
    """exercises/ against src/ and the record. Edited files are someone's
    work (a student's): they are listed, and never count as drift."""
    files = exercise_files()
    record = read_record()
    if record is None:
        print(f"no record {RECORD}: run `make exercises` and commit the result")
        return 1
    stale, mine, unrecorded = [], [], []
    for path in sorted(set(files) | set(record)):
        text = current(path)
        if path in files and text == files[path]:
            # What src/ gives. The record must say so too: a file it does
            # not know would look like someone's work after the next change
            # to its regions, and its drift would go unseen.
            if record.get(path) != digest(text):
                unrecorded.append(path)
            continue
        if text is not None and edited(path, record):
            mine.append(path)
        elif record.get(path) != (digest(files[path]) if path in files else None) or \
                (path in files and text is None):
            stale.append(path)
    for path in mine:
        print(f"your work, left alone: {path}")
    for path in stale:
        print(f"out of date: {path}")
    for path in unrecorded:
        print(f"not in {RECORD} as generated: {path}")
    if stale:
        print("exercises/ does not match src/: run `make exercises` (it rewrites only files "
              "that nobody has edited, and refuses to touch yours) and commit the result")
        return 1
    if unrecorded:
        print(f"{RECORD} is out of date: run `make exercises` (it only updates the record "
              "for these files) and commit the result")
        return 1
    mine_text = f" ({len(mine)} file{'s' if len(mine) > 1 else ''} of yours left alone)"
    print("exercises/ matches src/" + (mine_text if mine else ""))
    return 0


MUTANT_FIELDS = ("mutant", "what", "file", "grade", "score-above", "report")


def known_mutants(lab):
    """[{mutant, what, file, hunks: [(old lines, new lines)]}] of labs/labLAB/mutants.

    The file holds mistakes a student makes, each the reference with one
    change: `mutant: NAME`, `what: TEXT`, `file: PATH`, then lines `- OLD`
    (consecutive lines of the reference, compared without indentation) and
    `+ NEW` (the lines that replace them, indented as the first old line)."""
    path = os.path.join(ROOT, f"labs/lab{lab}/mutants")
    found = []
    if not os.path.exists(path):
        return found
    with open(path, encoding="utf-8") as fh:
        for line in fh.read().split("\n"):
            if not line.strip() or line.startswith("#"):
                continue
            key, _, value = line.partition(": ")
            if key in MUTANT_FIELDS and not line.startswith(("-", "+")):
                if key == "mutant":
                    found.append({"mutant": value.strip(), "hunks": []})
                else:
                    found[-1][key] = value.strip()
            elif line[:2] in ("- ", "+ ", "-", "+"):
                hunks = found[-1]["hunks"]
                if line[0] == "-" and (not hunks or hunks[-1][1]):
                    hunks.append(([], []))
                hunks[-1][0 if line[0] == "-" else 1].append(line[2:])
            else:
                sys.exit(f"{path}: cannot read the line {line!r}")
    return found


def apply_mutant(m):
    """The text of m's file with m's change made, or exit naming what no
    longer matches the reference."""
    lines = current(m["file"]).split("\n")
    for old, new in m["hunks"]:
        want = [o.strip() for o in old]
        at = [i for i in range(len(lines)) if [l.strip() for l in lines[i:i + len(want)]] == want]
        if len(at) != 1:
            sys.exit(f"labs: mistake {m['mutant']}: the line {old[0].strip()!r} is "
                     f"{'not' if not at else 'more than once'} in {m['file']}: update its file")
        indent = lines[at[0]][:len(lines[at[0]]) - len(lines[at[0]].lstrip())]
        lines[at[0]:at[0] + len(want)] = [indent + n.strip() if n.strip() else "" for n in new]
    return "\n".join(lines)


def main(argv):
    if len(argv) >= 2 and argv[1] == "--list":
        for r in all_regions():
            if r.lab == int(argv[2]):
                print(r.name)
        return 0
    if len(argv) >= 2 and argv[1] == "--mutant":
        lab, name, outdir = int(argv[2]), argv[3], argv[4]
        match = [r for r in all_regions() if r.lab == lab and r.name == name]
        if not match:
            sys.exit(f"no region LAB({lab}, {name})")
        dest = os.path.join(outdir, match[0].path)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "w", encoding="utf-8") as fh:
            fh.write(cut(match[0].path, match))
        return 0
    if len(argv) >= 2 and argv[1] == "--known":
        mutants = known_mutants(int(argv[2]))
        if len(argv) == 3:
            for m in mutants:
                print(m["mutant"])
            return 0
        match = [m for m in mutants if m["mutant"] == argv[3]]
        if not match:
            sys.exit(f"no mistake {argv[3]} in labs/lab{argv[2]}/mutants")
        dest = os.path.join(argv[4], match[0]["file"])
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "w", encoding="utf-8") as fh:
            fh.write(apply_mutant(match[0]))
        return 0
    if len(argv) >= 2 and argv[1] == "--lab":
        prefix = f"exercises/lab{int(argv[2])}/"
        for path, text in exercise_files().items():
            if path.startswith(prefix):
                dest = os.path.join(argv[3], path[len(prefix):])
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                with open(dest, "w", encoding="utf-8") as fh:
                    fh.write(text)
        return 0
    if len(argv) >= 2 and argv[1] == "--check":
        return check()
    return generate("--force" in argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
