#!/usr/bin/python3
"""Count, inside the playground's WebAssembly module, the instructions each
allocator call executes.

    instrument.py IN.wasm OUT.wasm OBJECT...
    instrument.py IN.wasm OUT.wasm --functions NAME,...   (the self-test)

The functions defined in the OBJECTs (the allocators' own code, compiled for
wasm32) and the C library's memcpy, memmove and memset get a counter: at the
start of each straight run of code, one global is raised by the number of
instructions the run holds, so that it counts every instruction executed.
Structure markers that do no work (block, loop, else, end) are not counted.
Nothing else changes: the allocators' code is the compiler's, instruction for
instruction, and pg_icount_now() (tools/playground/pg_icount.c) is made to
read the counter. Printing a diagnostic (kit_diag, and the printf and memcpy
it calls) is not counted.

It works on the text form (wabt's wasm2wat and wat2wasm), in which every
instruction is a line of its own.
"""
import re
import subprocess
import sys

COUNTER = "$__pg_icount"
SAVED = "$__pg_icount_saved"
# Printing a diagnostic is not the allocator's work: the counter is put back
# as it was when this function returns, whatever it called (printf's own
# memcpy included).
NOT_COUNTING = "kit_diag"
LIBC_COUNTED = {"memcpy", "memmove", "memset"}
# A new straight run starts after these: a branch lands there, or a branch
# may have left before it.
ENDS_RUN = {"loop", "if", "else", "end", "br", "br_if", "br_table", "return", "unreachable"}
NOT_COUNTED = {"block", "loop", "else", "end"}
FUNC = re.compile(r"^  \(func \$(\S+)")


def defined_functions(obj):
    """Names of the functions an object file defines (from its symbol table)."""
    dump = subprocess.run(["wasm-objdump", "-x", obj], check=True, capture_output=True,
                          text=True).stdout
    names = set()
    for line in dump.splitlines():
        m = re.search(r"- \d+: F <([^>]+)> func=\d+ \[(.*)\]", line)
        if m and "undefined" not in m.group(2):
            names.add(m.group(1))
    return names


def bump(n, indent):
    pad = " " * indent
    return [f"{pad}global.get {COUNTER}", f"{pad}i32.const {n}", f"{pad}i32.add",
            f"{pad}global.set {COUNTER}"]


def instrument_body(lines):
    """Insert the counter into one function body (instruction lines)."""
    runs, run = [], []
    for line in lines:
        run.append(line)
        if line.split()[0] in ENDS_RUN:
            runs.append(run)
            run = []
    runs.append(run)
    out = []
    for run in runs:
        n = sum(1 for line in run if line.split()[0] not in NOT_COUNTED)
        if n:
            indent = len(run[0]) - len(run[0].lstrip())
            # the counter goes after a leading marker, inside what it opens
            out.extend(bump(n, indent))
        out.extend(run)
    return out


def pause_body(lines):
    """Make a void function leave the counter as it found it."""
    save = [f"    global.get {COUNTER}", f"    global.set {SAVED}"]
    restore = [f"global.get {SAVED}", f"global.set {COUNTER}"]
    out = list(save)
    for line in lines:
        if line.split()[0] == "return":
            pad = " " * (len(line) - len(line.lstrip()))
            out.extend(pad + r for r in restore)
        out.append(line)
    out.extend("    " + r for r in restore)
    return out


def rewrite(wat, counted):
    lines = wat.splitlines()
    out, i, done, found_reader, found_pause = [], 0, 0, False, False
    while i < len(lines):
        line = lines[i]
        m = FUNC.match(line)
        if not m or line.endswith(")") and line.count("(") == line.count(")"):
            out.append(line)
            i += 1
            continue
        name = m.group(1)
        out.append(line)
        i += 1
        while lines[i].lstrip().startswith("(local"):
            out.append(lines[i])
            i += 1
        body = []
        while not lines[i].startswith("  ("):
            body.append(lines[i])
            i += 1
        last = body[-1]
        assert last.endswith(")"), f"{name}: the body does not end its function"
        body[-1] = last[:-1].rstrip()
        if name == "pg_icount_now":
            body = [f"    global.get {COUNTER}"]
            found_reader = True
        elif name == NOT_COUNTING:
            assert "(result" not in line, f"{name} returns a value"
            body = pause_body(body)
            found_pause = True
        elif name in counted:
            body = instrument_body(body)
            done += 1
        body[-1] += ")"
        out.extend(body)
    if not found_reader or not found_pause:
        sys.exit(f"instrument.py: no pg_icount_now or no {NOT_COUNTING} in the module")
    # the counter itself, before the exports
    at = next(k for k, line in enumerate(out) if line.startswith("  (export"))
    out.insert(at, f"  (global {COUNTER} (mut i32) (i32.const 0))")
    out.insert(at, f"  (global {SAVED} (mut i32) (i32.const 0))")
    return "\n".join(out) + "\n", done


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    source, target, objects = sys.argv[1], sys.argv[2], sys.argv[3:]
    if objects[0] == "--functions":
        counted = set(objects[1].split(","))
    else:
        counted = set(LIBC_COUNTED)
        for obj in objects:
            counted |= defined_functions(obj)
    wat = subprocess.run(["wasm2wat", source], check=True, capture_output=True,
                         text=True).stdout
    wat, done = rewrite(wat, counted)
    if done < len(counted) // 2:
        sys.exit(f"instrument.py: only {done} of {len(counted)} functions found in {source}")
    with open(target + ".wat", "w", encoding="utf-8") as text:
        text.write(wat)
    subprocess.run(["wat2wasm", target + ".wat", "-o", target], check=True)
    print(f"instrument.py: {done} functions counted in {target}")


if __name__ == "__main__":
    main()
