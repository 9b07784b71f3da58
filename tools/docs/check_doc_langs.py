#!/usr/bin/python3
"""Check that every doc comment is written in both languages.

    check_doc_langs.py DIR...

Doxygen keeps, of each ``/** ... */`` (or ``/*! ... */``) block, only the
parts marked with the build's language (``\\~english``, ``\\~chinese``); a
part missing in one language silently comes out empty in that build. So
every block here must have a non-empty English part and a non-empty Chinese
part (with Chinese in it), and no prose outside them. Only the structural
commands (``@file``, ``@{``, ``@cond``...) may stand before the first marker.

Prints one line per bad block, then "N passed, M failed" (blocks).
"""
import os
import re
import sys

BLOCK = re.compile(r"/\*[*!](?!\*)(.*?)\*/", re.S)
MARKER = re.compile(r"[\\@]~(english|chinese)?\b")
COMMAND = re.compile(r"[\\@](?:file|ingroup|addtogroup|defgroup|name|cond|endcond)\b[^\n]*|[\\@][{}]")
WORDS = re.compile(r"[\\@]\w+|[\\@][{}]")
CJK = re.compile(r"[\u3400-\u9fff]")


def clean(body):
    """The text of a comment without its `*` decoration and a leading `<`."""
    lines = [re.sub(r"^\s*\*(?!/)", "", line) for line in body.split("\n")]
    return re.sub(r"^<", "", "\n".join(lines).strip())


def problems(body):
    """What is wrong with one block, as a list of phrases (empty: fine)."""
    text = clean(body)
    parts = MARKER.split(text)
    common, found = parts[0], {"english": [], "chinese": []}
    for lang, part in zip(parts[1::2], parts[2::2]):
        if lang is None:  # a bare \~ : text for every language
            common += part
        else:
            found[lang].append(part)
    wrong = []
    if not found["english"] and not found["chinese"] and not COMMAND.sub("", common).strip():
        return wrong  # a structural block: @cond, @{, @file alone
    if COMMAND.sub("", common).strip():
        wrong.append("text outside \\~english / \\~chinese")
    for lang in ("english", "chinese"):
        if not found[lang]:
            wrong.append(f"no \\~{lang} part")
        elif not any(WORDS.sub("", part).strip() for part in found[lang]):
            wrong.append(f"empty \\~{lang} part")
    if found["chinese"] and not any(CJK.search(part) for part in found["chinese"]):
        wrong.append("\\~chinese part has no Chinese")
    return wrong


def main(dirs):
    passed = failed = 0
    for top in dirs:
        for folder, _, files in sorted(os.walk(top)):
            for name in sorted(files):
                if not name.endswith((".c", ".h")):
                    continue
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as source:
                    code = source.read()
                for block in BLOCK.finditer(code):
                    wrong = problems(block.group(1))
                    if wrong:
                        line = code.count("\n", 0, block.start()) + 1
                        print(f"{path}:{line}: {'; '.join(wrong)}")
                        failed += 1
                    else:
                        passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["src", "qemu"]))
