#!/usr/bin/python3
"""The bad-input matrix: check it, and write its page.

    tests/matrix/matrix.py --check STAGE...   fail unless the matrix is complete
                                              and proven (see below)
    tests/matrix/matrix.py --write STAGE...   write docs/hardening.rst and its
                                              Chinese catalog

The data is tests/matrix/matrix.txt (its head explains the format). Only the
stages named on the command line (the ones the build knows) are used.

--check fails when a public function declared in a stage's header has no
row, a row lacks a column, a test named in a cell is not defined and run in
its file or did not pass in the last `make test` (the logs of
tools/tally.sh), or the page or the catalog differ from what --write makes.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests/corrupt"))
import figures as corruption  # noqa: E402  the corruption matrix's section
from figures import wrap  # noqa: E402  one way to wrap the page's paragraphs, for both sections
DATA = os.path.join(ROOT, "tests/matrix/matrix.txt")
PAGE = os.path.join(ROOT, "docs/hardening.rst")
CATALOG = os.path.join(ROOT, "docs/locale/zh_CN/LC_MESSAGES/hardening.po")
TALLY_LOGS = os.path.join(ROOT, os.environ.get("TALLY_DIR", "build/tally"), "logs")

OPEN = ("**Open:** ", "**尚未定义：** ")

# The page's prose, each paragraph in English and Chinese, in page order.
# (kind, English, Chinese); kind is "title", "section" or "text".
INTRO = [
    ("title", "Bad input", "错误输入"),
    ("text",
     "An allocator that a student copies into firmware must survive what firmware does to it. "
     "Every public function of every stage gives a defined answer to bad input: an error code "
     "or NULL, with a diagnostic where the real system prints one, and never a crash; "
     "afterwards the pool passes its integrity check and still works. This page lists those "
     "answers, one table per stage, and names the tests that prove each one.",
     "学生把分配器拷进固件之后，它必须经得起固件的各种折腾。每个阶段的每个公开函数对错误"
     "输入都有确定的回应：返回错误码或 NULL，真实系统会打印诊断信息的地方也打印诊断信息，"
     "绝不崩溃；之后内存池仍能通过完整性检查，并且照常工作。本页按阶段各列一张表，给出这些"
     "回应，并指明证明每一项的测试。"),
    ("text",
     "A row is a public function, a column a kind of bad input. A cell gives the answer and, "
     "under it, the tests that prove it: they are in ``tests/unit/test_<stage>.c`` or, for "
     "the cells the unit tests do not reach, in ``tests/matrix/test_matrix_<stage>.c``. "
     "Every such test ends by checking that the pool is intact and still hands out and takes "
     "back its blocks. A dash means that the function takes no such argument.",
     "每一行是一个公开函数，每一列是一类错误输入。单元格给出回应，下面是证明它的测试："
     "这些测试位于 ``tests/unit/test_<stage>.c``；单元测试没有覆盖到的单元格，测试位于 "
     "``tests/matrix/test_matrix_<stage>.c``。每个这样的测试最后都要检查内存池完好无损，"
     "并且仍能分配和回收内存块。破折号表示该函数没有这一类参数。"),
    ("text",
     "A cell marked *open* has no defined answer yet. It says what the code does today; the "
     "tests under it, if any, prove the part of it that is defined.",
     "标为\\ *尚未定义*\\ 的单元格目前还没有确定的回应。它说明代码现在的行为；下面列出的"
     "测试（如果有）证明其中已经确定的那一部分。"),
    ("text",
     "The tables are written from one data file, ``tests/matrix/matrix.txt``, by "
     "``tests/matrix/matrix.py``. ``make test`` runs that script as a check: it fails when a "
     "public function in a stage's header has no row, a row lacks a column, a named test "
     "does not exist or did not pass, or this page is out of date.",
     "这些表格由 ``tests/matrix/matrix.py`` 根据一个数据文件 ``tests/matrix/matrix.txt`` "
     "生成。``make test`` 把这个脚本当作一项检查来运行：某个阶段头文件中的公开函数没有对应"
     "的行、某一行缺少某一列、列出的测试不存在或没有通过，或者本页已经过时，检查都会失败。"),
]

OUTRO = [
    ("section", "Fuzzing", "模糊测试"),
    ("text",
     "Each allocator also has a libFuzzer target, ``tests/fuzz/fuzz_<stage>.c``. The targets "
     "share one decoder and one shadow model, ``tests/fuzz/fuzz_model.h``; a target is only "
     "the adapter that tells the model how to call its stage. The model reads the input as a "
     "sequence of calls (allocate a size, allocate with an alignment, calloc, realloc, free "
     "the k-th live block) mixed with bad ones (a double free, realloc of a freed block, a "
     "pointer from another pool or from inside a block, sizes near ``SIZE_MAX``, alignments "
     "that are not powers of two).",
     "每个分配器还有一个 libFuzzer 测试目标 ``tests/fuzz/fuzz_<stage>.c``。所有目标共用"
     "一个解码器和一个影子模型 ``tests/fuzz/fuzz_model.h``；每个目标只是一个适配层，告诉"
     "模型如何调用本阶段的函数。模型把输入读成一串调用（分配若干字节、按对齐分配、calloc、"
     "realloc、释放第 k 个仍在使用的内存块），其间夹杂错误的调用（重复释放、对已释放的块 "
     "realloc、来自另一个内存池或指向块内部的指针、接近 ``SIZE_MAX`` 的大小、不是 2 的幂的"
     "对齐值）。"),
    ("text",
     "After every call the model checks that no two live blocks overlap, that each is "
     "8-byte aligned, aligned as asked and inside the pool, that each still holds the bytes "
     "written into it (realloc included), that the integrity check passes, and that the "
     "stage's statistics agree with the model. A bad call must get its defined answer and "
     "change nothing. At the end of each input every block is freed, and the pool must be "
     "back in its first state: the statistics of a fresh pool, and a walk that passes.",
     "每次调用之后，模型都检查：任意两个仍在使用的内存块互不重叠；每个块都按 8 字节对齐、"
     "满足所要求的对齐并且位于内存池内；每个块仍保存着写入的内容（realloc 之后也是如此）；"
     "完整性检查通过；本阶段的统计数字与模型一致。错误的调用必须得到确定的回应，并且不改变"
     "任何东西。每个输入结束时释放全部内存块，内存池必须回到初始状态：统计数字与新建的内存池"
     "相同，遍历检查也能通过。"),
    ("text",
     "The targets of stages 2 to 5 also act as a buggy program: an opcode can write one "
     "byte into the header in front of a live block, or into the first bytes of a block "
     "freed earlier, where the free-list links live. The model is told: a block whose "
     "header was damaged leaves it, and from then on the integrity check and the statistics "
     "may report the damage and a free or a realloc may be refused. Everything else must "
     "still hold: no crash, no sanitizer report, no block handed out that overlaps a live "
     "one or lies outside the pool, and every live block keeps its bytes.",
     "阶段二到阶段五的测试目标还会扮演一个有缺陷的程序：某个操作码可以往仍在使用的内存块"
     "前面的块头写入一个字节，或者往先前释放的块开头（空闲链表指针所在处）写入一个字节。"
     "模型会得知这一点：块头被改的内存块离开模型；此后完整性检查和统计可以报告损坏，释放或 "
     "realloc 也可以被拒绝。其余一切仍须成立：不崩溃，没有运行时检查工具的报告，分配出的块"
     "不与仍在使用的块重叠、不在内存池之外，每个仍在使用的块都保持原有内容。"),
    ("text",
     "``make fuzz`` runs every target for ``FUZZ_SECONDS`` seconds (60 by default) and "
     "prints how many inputs each one executed. ``make test`` replays each target's "
     "committed seed corpus, ``tests/fuzz/corpus/<stage>/``, written by "
     "``tests/fuzz/make_corpus.py`` from a fixed seed, and every input that once made a "
     "target fail, kept in ``tests/fuzz/regressions/<stage>/``.",
     "``make fuzz`` 把每个目标运行 ``FUZZ_SECONDS`` 秒（默认 60 秒），并打印每个目标执行"
     "了多少个输入。``make test`` 会重放每个目标已提交的种子语料 "
     "``tests/fuzz/corpus/<stage>/``\\ （由 ``tests/fuzz/make_corpus.py`` 以固定的随机种子"
     "生成），以及曾经让某个目标失败、保存在 ``tests/fuzz/regressions/<stage>/`` 中的每个"
     "输入。"),
    ("section", "Sanitizers", "运行时检查工具"),
    ("text",
     "``make test`` runs the unit tests of every stage three times on the host: as they "
     "are, under AddressSanitizer with UndefinedBehaviorSanitizer, and under valgrind "
     "memcheck, which also reports reads of uninitialised memory and leaks. The matrix tests "
     "and the fuzz targets are built with AddressSanitizer and UndefinedBehaviorSanitizer "
     "as well, and the k_heap stress test runs eight threads under ThreadSanitizer.",
     "``make test`` 在宿主机上把每个阶段的单元测试运行三遍：直接运行一遍，在 "
     "AddressSanitizer 加 UndefinedBehaviorSanitizer 下运行一遍，在 valgrind memcheck 下"
     "再运行一遍；memcheck 还会报告对未初始化内存的读取和内存泄漏。矩阵测试和模糊测试目标"
     "同样带着 AddressSanitizer 和 UndefinedBehaviorSanitizer 构建；k_heap 的压力测试则在 "
     "ThreadSanitizer 下运行八个线程。"),
]


def fail(msg):
    sys.exit("matrix: " + msg)


def read_data():
    """Parse matrix.txt into (columns, answers, stages)."""
    columns, answers, stages = [], {}, []
    for n, line in enumerate(open(DATA, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        word = line.split()[0]
        if word in ("column", "answer", "stage"):
            key, *fields = [f.strip() for f in line[len(word):].split("|")]
            if word == "column":
                columns.append((key, fields[0], fields[1]))
            elif word == "answer":
                answers[key] = (fields[0], fields[1])
            else:
                stages.append({"name": key, "en": fields[0], "zh": fields[1],
                               "header": fields[2], "unit": fields[3], "matrix": fields[4],
                               "rows": []})
        elif word == "fn":
            stages[-1]["rows"].append((line.split()[1], {}, n))
        else:
            col, answer, *tests = line.split()
            is_open = answer == "open"
            if is_open:
                answer, tests = tests[0], tests[1:]
            if answer not in answers:
                fail("%s:%d: no answer '%s'" % (DATA, n, answer))
            stages[-1]["rows"][-1][1][col] = (answer, is_open, tests)
    return columns, answers, stages


def public_functions(header):
    """Names of the functions declared in a header, in order."""
    text = open(os.path.join(ROOT, header), encoding="utf-8").read()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    decl = re.compile(r"^(?!typedef|static|extern|#|struct|enum|union)[A-Za-z_][\w \t*]*?"
                      r"\b([A-Za-z_]\w*)\s*\([^;{]*\)\s*(?:__attribute__\s*\(\(.*?\)\))?\s*;",
                      re.M | re.S)
    return [m.group(1) for m in decl.finditer(text)]


def passed_tests(log):
    path = os.path.join(TALLY_LOGS, log)
    if not os.path.exists(path):
        return None
    return set(re.findall(r"^\[PASS\] (\w+)$", open(path, errors="replace").read(), re.M))


def run_tests(paths):
    """{test name: (log name, names that passed in the log, or None)} of the
    tests each file defines and runs. tests/unit/test_X.c is logged by
    `make test` as host_X.log, tests/matrix/test_matrix_X.c as
    bad-input_matrix_X.log."""
    found = {}
    for path in paths:
        full = os.path.join(ROOT, path)
        text = open(full, encoding="utf-8").read() if os.path.exists(full) else ""
        base = os.path.basename(path)[:-2]
        if base.startswith("test_matrix_"):
            log = "bad-input_matrix_%s.log" % base[len("test_matrix_"):]
        else:
            log = "host_%s.log" % base[len("test_"):]
        passed = passed_tests(log)
        names = set(re.findall(r"^TEST\((\w+)\)", text, re.M)) & \
            set(re.findall(r"RUN_TEST\((\w+)\)", text))
        for name in names:
            found.setdefault(name, (log, passed))
    return found


def check(columns, stages):
    problems = []
    keys = [c[0] for c in columns]
    for st in stages:
        rows = [r[0] for r in st["rows"]]
        for fn in [f for h in st["header"].split() for f in public_functions(h)]:
            if fn not in rows:
                problems.append("%s: public function %s has no row" % (st["name"], fn))
        found = {"u": run_tests(st["unit"].split()), "m": run_tests(st["matrix"].split())}
        for fn, cells, line in st["rows"]:
            if sorted(cells) != sorted(keys):
                problems.append("%s:%d: %s has columns %s, expected %s"
                                % (DATA, line, fn, sorted(cells), sorted(keys)))
            for col, (answer, is_open, tests) in cells.items():
                if answer.startswith("na"):
                    if tests:
                        problems.append("%s:%d: %s/%s names tests but has no answer to prove"
                                        % (DATA, line, fn, col))
                    continue
                if not tests and not is_open:
                    problems.append("%s:%d: %s/%s names no test" % (DATA, line, fn, col))
                for ref in tests:
                    kind, name = ref.split(":", 1)
                    if name not in found[kind]:
                        problems.append("%s: %s (%s/%s) is not a test run by %s"
                                        % (st["name"], name, fn, col,
                                           st["unit" if kind == "u" else "matrix"]))
                        continue
                    log, passed = found[kind][name]
                    if passed is None:
                        problems.append("%s: no log %s of a test run" % (st["name"], log))
                    elif name not in passed:
                        problems.append("%s: %s (%s/%s) did not pass" % (st["name"], name, fn, col))
    return sorted(set(problems))


def cell_messages(columns, answers, cells):
    """The cells of one row as (English, Chinese) paragraph lists."""
    out = []
    for key, _, _ in columns:
        answer, is_open, tests = cells[key]
        en, zh = answers[answer]
        if is_open:
            en, zh = OPEN[0] + en, OPEN[1] + zh
        paras = [(en, zh)]
        if tests:
            names = ", ".join("``%s``" % t.split(":", 1)[1] for t in tests)
            paras.append((names, names))
        out.append(paras)
    return out


def render(columns, answers, stages):
    """The page's text and its messages, in order: (rst, [(English, Chinese)])."""
    rst, msgs = [], []

    def prose(items):
        for kind, en, zh in items:
            msgs.append((en, zh))
            if kind == "title":
                rst.extend([".. _hardening:", "", "=" * len(en), en, "=" * len(en), ""])
            elif kind == "section":
                rst.extend([en, "=" * len(en), ""])
            else:
                rst.extend(wrap(en) + [""])

    prose(INTRO)
    for st in stages:
        msgs.append((st["en"], st["zh"]))
        rst.extend([st["en"], "=" * len(st["en"]), ""])
        rst.extend([".. list-table::", "   :header-rows: 1", "   :stub-columns: 1",
                    "   :class: matrix", ""])
        msgs.append(("Function", "函数"))
        rst.append("   * - Function")
        for _, en, zh in columns:
            msgs.append((en, zh))
            rst.append("     - " + en)
        for fn, cells, _ in st["rows"]:
            rst.append("   * - ``%s``" % fn)
            msgs.append(("``%s``" % fn, "``%s``" % fn))
            for paras in cell_messages(columns, answers, cells):
                for i, (en, zh) in enumerate(paras):
                    msgs.append((en, zh))
                    rst.append(("     - " if i == 0 else "       ") + en)
                    if i + 1 < len(paras):
                        rst.append("")
        rst.append("")
    corrupt_rst, corrupt_msgs = corruption.section([st["name"] for st in stages])
    rst.extend(corrupt_rst)
    msgs.extend(corrupt_msgs)
    prose(OUTRO)
    return "\n".join(rst).rstrip("\n") + "\n", msgs


def po_quote(s):
    s = s.replace("\\", "\\\\").replace('"', '\\"')
    return '"%s"' % s


def po_entries(text):
    """The translations of a catalog, {msgid: msgstr}, whatever its wrapping."""
    def unquote(q):
        return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), q)

    entries, current, field = {}, {"msgid": "", "msgstr": ""}, None
    for line in text.splitlines() + ["msgid \"\""]:
        m = re.match(r'^(msgid|msgstr) "(.*)"$', line)
        if m and m.group(1) == "msgid" and current["msgid"]:
            entries[current["msgid"]] = current["msgstr"]
        if m:
            field = m.group(1)
            if field == "msgid":
                current = {"msgid": "", "msgstr": ""}
            current[field] = unquote(m.group(2))
        elif line.startswith('"') and field:
            current[field] += unquote(line[1:-1])
        else:
            field = None
    return entries


def catalog(msgs):
    out = ["# Chinese translation of the kit's documentation: the bad-input page.",
           "# Written by tests/matrix/matrix.py from tests/matrix/matrix.txt; edit those.",
           "#", 'msgid ""', 'msgstr ""',
           '"Project-Id-Version: RTOS allocator teaching kit \\n"',
           '"Language: zh_CN\\n"',
           '"Plural-Forms: nplurals=1; plural=0;\\n"',
           '"MIME-Version: 1.0\\n"',
           '"Content-Type: text/plain; charset=utf-8\\n"',
           '"Content-Transfer-Encoding: 8bit\\n"', ""]
    seen = set()
    for en, zh in msgs:
        if en in seen:
            continue
        seen.add(en)
        out += ["msgid " + po_quote(en), "msgstr " + po_quote(zh), ""]
    return "\n".join(out)


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("--check", "--write"):
        fail(__doc__)
    known = set(sys.argv[2:])
    columns, answers, stages = read_data()
    stages = [s for s in stages if s["name"] in known]
    page, msgs = render(columns, answers, stages)
    po = catalog(msgs)
    if sys.argv[1] == "--write":
        open(PAGE, "w", encoding="utf-8").write(page)
        os.makedirs(os.path.dirname(CATALOG), exist_ok=True)
        open(CATALOG, "w", encoding="utf-8").write(po)
        return
    problems = check(columns, stages)
    if not os.path.exists(PAGE) or open(PAGE, encoding="utf-8").read() != page:
        problems.append("docs/hardening.rst is out of date: make matrix-docs")
    if not os.path.exists(CATALOG) or \
            po_entries(open(CATALOG, encoding="utf-8").read()) != po_entries(po):
        problems.append("the Chinese catalog of docs/hardening.rst is out of date: make matrix-docs")
    cells = sum(len(r[1]) for s in stages for r in s["rows"])
    proven = sum(1 for s in stages for r in s["rows"] for c in r[1].values()
                 if not c[0].startswith("na") and not c[1])
    still_open = sum(1 for s in stages for r in s["rows"] for c in r[1].values() if c[1])
    print("%d stages, %d cells: %d proven by tests, %d without such an argument, %d open"
          % (len(stages), cells, proven, cells - proven - still_open, still_open))
    for p in problems:
        print("  " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
