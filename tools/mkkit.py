#!/usr/bin/python3
"""The student kit: the tree an instructor hands out, with no answer in it.

    mkkit.py KIT              write the kit to the folder KIT and KIT.tar.gz
    mkkit.py --check KIT      fail, naming file and line, if any line of a
                              region's reference is in KIT (make test)
    mkkit.py --restore KIT OUT [LAB]  copy KIT to OUT with every region of
                              exercises/ (or of lab LAB's only) put back as
                              the reference has it

What the kit holds, and how each lab is graded on its own:

- every LAB region, in src/ and in exercises/labN/, is its TODO and its stub,
  where the reference had it; there is no solutions/, no labs/*/mutants (they
  quote the reference), no exercise generator, and the stages' own tests are
  left out (they need the reference);
- lab N's image is built from the student's exercises/labN/ and, for the code
  of the other labs that its stage needs, from objects compiled here from the
  reference without debug information (labs/labN/given/FLAVOUR/, one flavour
  for the board and one per sanitizer build): a source file that holds only
  other labs' regions is replaced by its object, and a function of a header
  that holds another lab's region becomes, when lab N is built (KIT_LAB=N), a
  declaration of the same function in an object. So lab 3 works with the
  block layer of lab 2 done or not, and lab 5 on the heaps of labs 2 to 4;
- the documentation's playground page runs a WebAssembly module of the
  allocators, which the full tree builds from src/ (mk/playground.mk). The
  kit ships it built here, from the reference, with the page's scripts, in
  tools/playground/given/ (make playground-given), and not the sources that
  build it; the kit's docs build copies them beside the page (mk/docs.mk),
  so the page and the handouts' links to its presets work as in the full
  tree, offline. Like the given objects, the module holds machine code and
  the allocators' messages, no source; --check looks inside it too;
- GNUmakefile makes `make test` grade each lab instead of running the
  stages' tests, and `make exercises` and `make grade REF=1` say why they
  are not there.
"""
import base64
import html
import os
import re
import shutil
import subprocess
import sys
import tarfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import mkexercise  # noqa: E402

# What a student needs, as paths of the tree (folders whole), then what
# is left out of them.
SHIP = ["Makefile", "conf.py", "README.md", ".clang-format", "src", "qemu", "labs", "docs",
        "tests/kit_test.h", "tools/grade.py", "tools/setup.sh", "tools/tally.sh", "tools/docs",
        "tools/heapviz/heapviz.py", "mk/docs.mk", "mk/labs.mk"]
LEAVE_OUT = re.compile(r"(^|/)(__pycache__|given)(/|$)|^labs/[^/]+/mutants$|\.pyc$")
# The playground page's files, built from the reference (the module) and
# copied (its scripts); the kit's docs build copies them beside the page.
PG_GIVEN = "tools/playground/given"
KIT_MAKEFILE = """# The student kit's entry point (written by `make student-kit`; make reads
# this file before Makefile). The kit has no reference, so the stages' own
# programs, demos and checks are not here: `make` sets up and builds the
# documentation, `make test` grades every lab and checks the documentation
# (kit-all and kit-test in mk/labs.mk). Every other target is Makefile's,
# with no stage programs; the include folders are those of the whole tree.
STUDENT_KIT := 1
KIT_INC_DIRS := {inc}
ifeq ($(filter-out all test,$(or $(MAKECMDGOALS),all)),)
all test:
	@$(MAKE) --no-print-directory -f Makefile kit-$@ STUDENT_KIT=1 STAGES= TSAN_STAGES= \\
	    INC_DIRS="$(KIT_INC_DIRS)"
else
override STAGES :=
override TSAN_STAGES :=
override INC_DIRS := $(KIT_INC_DIRS)
include Makefile
endif
"""


def run(cmd, **kw):
    r = subprocess.run(cmd, cwd=kw.pop("cwd", ROOT), capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"mkkit: {' '.join(cmd)} failed:\n{r.stdout}{r.stderr}")
    return r.stdout


def lab_info(lab):
    info = {}
    for line in run(["make", "-s", "--no-print-directory", "lab-info", f"LAB={lab}"]).splitlines():
        key, _, value = line.partition(" ")
        if key.startswith("stage="):
            info.update(dict(w.split("=") for w in line.split()))
        else:
            info[key] = value.split()
    return info


def tree_files():
    """The files of the tree: git's (tracked, or new and not ignored) in a
    checkout, so that nothing built is shipped; else every file."""
    r = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                       cwd=ROOT, capture_output=True, text=True)
    return set(r.stdout.split("\n")) if r.returncode == 0 else None


def shipped_files():
    files, known = [], tree_files()
    for top in SHIP:
        full = os.path.join(ROOT, top)
        if os.path.isfile(full):
            files.append(top)
            continue
        for dirpath, dirs, names in os.walk(full):
            dirs.sort()
            for n in sorted(names):
                rel = os.path.relpath(os.path.join(dirpath, n), ROOT)
                if not LEAVE_OUT.search(rel) and (known is None or rel in known):
                    files.append(rel)
    return files


def tests_included(files):
    """tests/ files the labs' tests include ("unit/test_kheap.c"), and theirs."""
    found, todo = set(), [f for f in files if f.startswith("labs/") and f.endswith(".c")]
    while todo:
        with open(os.path.join(ROOT, todo.pop()), encoding="utf-8") as fh:
            for name in re.findall(r'^#include "([^"]+)"', fh.read(), re.M):
                path = os.path.join("tests", name)
                if os.path.exists(os.path.join(ROOT, path)) and path not in found:
                    found.add(path)
                    todo.append(path)
    return sorted(found)


# ------------------------------------------------------------ headers

def enclosing_function(lines, region):
    """(first line of the signature, line of its '{', line of its '}') of the
    function a region sits in, from the kit's style: the signature and the
    braces start in column 0 (clang-format, Linux braces)."""
    brace = next((i for i in range(region.start, -1, -1) if lines[i] == "{"), None)
    end = next((i for i in range(region.end, len(lines)) if lines[i] == "}"), None)
    if brace is None or end is None:
        sys.exit(f"mkkit: {region.path}: region {region.name} is not inside a function")
    sig = brace - 1
    while sig > 0 and lines[sig - 1].strip() and not lines[sig - 1].rstrip().endswith("*/") \
            and not lines[sig - 1].startswith(("#", "}")):
        sig -= 1
    return sig, brace, end


def storage_words(lines):
    """What may open a definition to make it static inline: the words
    themselves, and the header's macros that stand for them
    (#define BLOCK_INLINE static inline ...)."""
    words = ["static", "inline"]
    for l in lines:
        m = re.match(r"#define\s+(\w+)\s+static\b", l)
        if m:
            words.append(m.group(1))
    return re.compile(r"^((%s)\s+)+" % "|".join(map(re.escape, words)))


def prototype(lines, sig, brace):
    text = " ".join(l.strip() for l in lines[sig:brace])
    return storage_words(lines).sub("", text) + ";"


def header_functions(path, regions):
    """[(lab, sig, brace, end)] of the functions of a header that hold regions."""
    with open(os.path.join(ROOT, path), encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    found = {}
    for r in regions:
        sig, brace, end = enclosing_function(lines, r)
        if found.setdefault(sig, (r.lab, sig, brace, end))[0] != r.lab:
            sys.exit(f"mkkit: {path}: one function holds regions of two labs")
    return sorted(found.values(), key=lambda f: f[1])


def kit_text(path, regions):
    """The kit's version of a file: every region cut; in a header, each
    function that holds a region is, when another lab is built, only
    declared (its code is in that lab's given objects)."""
    lines = mkexercise.cut(path, regions).split("\n") if regions else \
        open(os.path.join(ROOT, path), encoding="utf-8").read().split("\n")
    if not path.endswith(".h") or not regions:
        return "\n".join(lines)
    # functions located on the cut text, from the TODO lines the cut left
    cut_regions = []
    for r in regions:
        at = next(i for i, l in enumerate(lines) if f"TODO(lab {r.lab}, {r.name})" in l)
        cut_regions.append(mkexercise.Region(path, r.lab, r.name, "", [], "", at, at))
    funcs = {}
    for r in cut_regions:
        sig, brace, end = enclosing_function(lines, r)
        funcs[sig] = (r.lab, sig, brace, end)
    for lab, sig, brace, end in sorted(funcs.values(), key=lambda f: -f[1]):
        proto = prototype(lines, sig, brace)
        lines[end + 1:end + 1] = ["#endif"]
        lines[sig:sig] = [f"#if defined(KIT_LAB) && KIT_LAB != {lab}",
                          f"/* the reference, for the labs after lab {lab}: in labs/labN/given/ */",
                          proto, "#else"]
    return "\n".join(lines)


def external_header(path, lab):
    """The reference header with the functions that hold regions of labs
    other than `lab` made external, to compile into a given object."""
    regions = [r for r in mkexercise.all_regions() if r.path == path]
    with open(os.path.join(ROOT, path), encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    storage = storage_words(lines)
    for flab, sig, brace, end in header_functions(path, regions):
        if flab != lab:
            lines[sig] = storage.sub("", lines[sig])
    return "\n".join(lines)


# ------------------------------------------------------------ the kit

def headers_used(info, lab):
    """The headers that lab's image includes, as the compiler lists them."""
    sources = [f for f in info["board"] if f not in info.get("included", [])]
    deps = run(info["cc_board"] + ["-MM"] + info["tests"] + sources)
    return {os.path.normpath(d) for d in deps.replace("\\\n", " ").split()
            if d.endswith(".h")}


def given_objects(kit, labs, regions, work):
    """Compile each lab's given objects; write labs/labN/given/given.mk."""
    labs_of = {}
    for r in regions:
        labs_of.setdefault(r.path, set()).add(r.lab)
    for path, owners in labs_of.items():
        if len(owners) > 1 and not path.endswith(".h"):
            sys.exit(f"mkkit: {path} holds regions of labs {sorted(owners)}: no lab could be "
                     "given the others' code; split the file")
    for lab in labs:
        info = lab_info(lab)
        flavours = ["board", "san"] + (["tsan"] if info["kernel"] == "yes" else [])
        replaced = [f for f in info["board"] if labs_of.get(f) and lab not in labs_of[f]]
        used = headers_used(info, lab)
        headers = sorted(p for p, o in labs_of.items() if p.endswith(".h") and o - {lab}
                         and p in used)
        objs, given = [], os.path.join(kit, f"labs/lab{lab}/given")
        for flavour in flavours:
            cc = info[f"cc_{flavour}"] + ["-g0"]
            sources = [f for f in replaced if flavour == "board" or f in info["host"]]
            if sources or headers:
                os.makedirs(os.path.join(given, flavour), exist_ok=True)
            for src in sources:
                name = src.replace("/", "__") + ".o"
                run(cc + ["-c", src, "-o", os.path.join(given, flavour, name)])
                objs.append(name)
            for h in headers:
                ext = os.path.join(work, f"lab{lab}", h)
                os.makedirs(os.path.dirname(ext), exist_ok=True)
                with open(ext, "w", encoding="utf-8") as fh:
                    fh.write(external_header(h, lab))
                # beside the header, so that #include "..." finds it first
                unit = ext + ".c"
                with open(unit, "w", encoding="utf-8") as fh:
                    fh.write(f'#include "{os.path.basename(h)}"\n')
                name = h.replace("/", "__") + ".o"
                run(cc + ["-c", unit, "-o", os.path.join(given, flavour, name)])
                objs.append(name)
        os.makedirs(given, exist_ok=True)
        with open(os.path.join(given, "given.mk"), "w", encoding="utf-8") as fh:
            fh.write(f"# Written by make student-kit: lab {lab} is built with these objects,\n"
                     "# compiled from the reference, for the code of the other labs.\n"
                     f"lab{lab}_GIVEN_SRCS := {' '.join(replaced)}\n"
                     f"lab{lab}_GIVEN_OBJS := {' '.join(sorted(set(objs)))}\n")


def exercise_readme(lab, regions):
    text = mkexercise.readme(lab, regions)
    return text.replace("Generated by `make exercises` from the reference in `src/`; the",
                        "Your starting code for the lab; the")


def make_kit(kit):
    regions = mkexercise.all_regions()
    labs = sorted({r.lab for r in regions})
    if os.path.exists(kit):
        shutil.rmtree(kit)
    files = shipped_files()
    files += [f for f in tests_included(files) if f not in files]
    by_path = {}
    for r in regions:
        by_path.setdefault(r.path, []).append(r)
    for path in files:
        dest = os.path.join(kit, path)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        if path in by_path:
            with open(dest, "w", encoding="utf-8") as fh:
                fh.write(kit_text(path, by_path[path]))
        elif path == "README.md":
            with open(dest, "w", encoding="utf-8") as fh:
                fh.write(kit_readme())
        else:
            shutil.copy2(os.path.join(ROOT, path), dest)
    for lab in labs:
        mine = [r for r in regions if r.lab == lab]
        for path in sorted({r.path for r in mine}):
            dest = os.path.join(kit, f"exercises/lab{lab}", path)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copy2(os.path.join(kit, path), dest)
        with open(os.path.join(kit, f"exercises/lab{lab}/README.md"), "w", encoding="utf-8") as fh:
            fh.write(exercise_readme(lab, mine))
    with open(os.path.join(kit, "GNUmakefile"), "w", encoding="utf-8") as fh:
        fh.write(KIT_MAKEFILE.format(inc=" ".join(lab_info(labs[0])["inc"])))
    work = os.path.join(ROOT, "build/kit-work")
    shutil.rmtree(work, ignore_errors=True)
    given_objects(kit, labs, regions, work)
    run(["make", "-s", "--no-print-directory", "playground-given",
         f"PG_GIVEN_DIR={os.path.join(os.path.abspath(kit), PG_GIVEN)}"])
    name = os.path.basename(os.path.normpath(kit))
    with tarfile.open(kit.rstrip("/") + ".tar.gz", "w:gz") as tar:
        tar.add(kit, arcname=name)
    print(f"Wrote the student kit: {kit}/ and {kit.rstrip('/')}.tar.gz "
          f"({len(files)} files, labs {' '.join(map(str, labs))})")


KIT_README = """# RTOS memory allocators, built in five stages: the student kit

```sh
make        # set up, then build the documentation
make test   # grade every lab; the last line reads "N passed, N failed"
```

On Debian 12 as root, both commands install the Debian packages they lack.
As any other user they print the one `apt-get install` line to run, and stop.

## What this is

The labs of a teaching kit for the memory allocators of real-time operating
systems: five stages that each add one idea, one lab per stage, graded by
running your code on an emulated Cortex-M3 (QEMU `mps2-an385`), and the
documentation in English and Simplified Chinese. In this kit every piece a
lab asks you to write is cut out, wherever it is; a lab is graded on its
own, with the code of the other labs given as compiled objects
(`labs/labN/given/`), so you may do them in any order.

{stages}
The order to read them in, with the labs, is the documentation's index:
`build/html/en/index.html` (or `zh_CN/`) after `make`.

{doing}
**Working honestly.** Write your regions yourself, and do not copy anyone's
code or an earlier year's. The grader tells you whether the tests pass; the
lab is what you learn making them pass. Your course's rules come first.

## Map of the kit

| path | what |
|---|---|
| `exercises/labN/` | your starting code for lab N: edit these files |
| `labs/labN/` | the handout, the graded tests, the points, the given objects |
| `src/` | the five stages, with every lab's pieces cut out |
| `qemu/` | the board: startup, fault handlers, the scheduler, run and debug scripts, gdb's `kit-heap` |
| `tests/` | the test harness (and the unit tests that labs 4 and 5 grade) |
| `docs/`, `conf.py` | the documentation (`make docs`) |
| `tools/playground/given/` | the documentation's playground: the allocators as a WebAssembly module, built from the reference, and the page's scripts |
| `tools/` | set-up, grader, test tally, docs checks |
"""


def kit_readme():
    """The kit's README: its own words, with the stage table and the steps
    of "Doing a lab" taken from the tree's README (not its paragraphs about
    the full tree: the reference, make exercises, the honesty note)."""
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        text = fh.read()
    stages = re.search(r"\n(\| stage \|.*?\n)\n", text, re.S).group(1)
    doing = re.search(r"(## Doing a lab\n.*?)\n(?=`make exercises`|\*\*Working)", text,
                      re.S).group(1)
    return KIT_README.format(stages=stages, doing=doing + "\n")


# ------------------------------------------------------------ checks

def answer_lines():
    """{region: [lines]}: the lines of each region's reference that appear
    nowhere else in the C code the kit ships (outside every region: the
    stages, the board, the tests) and are not its stub: what the kit must
    not hold. Prose is not searched for them: a chapter that quoted a
    region would be a leak."""
    regions = mkexercise.all_regions()
    outside = set()
    by_path = {}
    for r in regions:
        by_path.setdefault(r.path, []).append(r)
    files = shipped_files()
    for rel in files + [f for f in tests_included(files) if f not in files]:
        if rel.endswith((".c", ".h")):
            text = mkexercise.cut(rel, by_path[rel]) if rel in by_path else \
                open(os.path.join(ROOT, rel), encoding="utf-8").read()
            outside.update(l.strip() for l in text.split("\n"))
    found = {}
    for r in regions:
        with open(os.path.join(ROOT, r.path), encoding="utf-8") as fh:
            body = fh.read().split("\n")[r.start:r.end]
        lines = [l.strip() for l in body]
        stub_at = next(i for i, l in enumerate(lines) if "STUB:" in l)
        lines = lines[stub_at + 1:]
        found[f"LAB({r.lab}, {r.name})"] = [
            l for l in lines if len(l) >= 8 and re.search(r"[A-Za-z0-9]", l) and l not in outside
            and l != r.stub.strip() and not l.startswith(("/*", "*", "//"))
            and not (len(l) >= LONG and any(l in o for o in outside))]
    return found


LONG = 20  # a line this long is looked for inside other lines too


def module_lines(text, lines):
    """The lines of a file and, in the playground's bundle (a script that
    holds the module as base64), each run of printable text in the module,
    numbered "module+OFFSET": a module built with its sources' text in it
    (debug information, say) would be a leak."""
    yield from lines
    for m in re.finditer(r'"wasm":"([A-Za-z0-9+/=]+)"', text):
        module = base64.b64decode(m.group(1))
        for piece in re.finditer(rb"[\t\x20-\x7e]{8,}", module):
            yield f"module+{piece.start()}", piece.group().decode("ascii")


def check(kit):
    answers = answer_lines()
    empty = [name for name, lines in answers.items() if not lines]
    wanted = {l: name for name, lines in answers.items() for l in lines}
    leaks = []
    for dirpath, _, names in os.walk(kit):
        for n in names:
            full = os.path.join(dirpath, n)
            try:
                with open(full, encoding="utf-8") as fh:
                    text = fh.read()
            except (UnicodeDecodeError, OSError):
                continue  # objects, archives, pictures: no source in them
            where = os.path.relpath(full, kit)
            if n.endswith(".html"):  # a built page: its text as a reader sees it
                text = html.unescape(re.sub(r"<[^>]+>", "", text))
            for i, line in module_lines(text, enumerate(text.split("\n"), 1)):
                s = line.strip()
                hit = wanted.get(s) or next((wanted[w] for w in wanted if len(w) >= LONG and w in s),
                                            None)
                if hit:
                    leaks.append(f"{where}:{i}: {hit}: {s}")
    for leak in leaks:
        print(f"answer in the kit: {leak}")
    total = sum(len(v) for v in answers.values())
    print(f"{len(answers)} regions, {total} lines of their reference looked for"
          + (f"; regions with no line of their own: {', '.join(empty)}" if empty else "")
          + (f"; {len(leaks)} found" if leaks else "; none is in the kit"))
    return 1 if leaks else 0


def restore(kit, out, lab=None):
    """A copy of the kit with every exercise region (or lab's) put back."""
    if os.path.exists(out):
        shutil.rmtree(out)
    shutil.copytree(kit, out, symlinks=True)
    regions = [r for r in mkexercise.all_regions() if lab is None or r.lab == lab]
    for r in regions:
        path = os.path.join(out, f"exercises/lab{r.lab}", r.path)
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().split("\n")
        at = next(i for i, l in enumerate(lines) if f"TODO(lab {r.lab}, {r.name})" in l)
        end = next(i for i in range(at, len(lines)) if lines[i].rstrip().endswith("*/"))
        with open(os.path.join(ROOT, r.path), encoding="utf-8") as fh:
            ref = fh.read().split("\n")
        stub = next(i for i in range(r.start, r.end) if "STUB:" in ref[i])
        lines[at:end + 2] = ref[stub + 1:r.end]
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines))
    print(f"Wrote {out}: the kit with the {len(regions)} regions of exercises/ put back")
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--check":
        return check(argv[2])
    if len(argv) in (4, 5) and argv[1] == "--restore":
        return restore(argv[2], argv[3], int(argv[4]) if len(argv) == 5 else None)
    if len(argv) == 2 and not argv[1].startswith("-"):
        make_kit(argv[1])
        return 0
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
