#!/usr/bin/python3
"""Check the language switch: every page links to an existing page, the
same one, in the other build.

    check_language_links.py [HTML_ROOT]     (default: build/html)

Reads each page of build/html/en and build/html/zh_CN, finds the link of the
language switch (class kit-language-link), resolves it from the page, and
checks that it lands on the page of the same name in the other build, and
that the file is there. Run it after `make docs`.

Prints the broken pages, then "N passed, M failed" (pages).
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LINK = re.compile(r'class="kit-language-link"[^>]*href="([^"]+)"', re.S)
OTHER = {"en": "zh_CN", "zh_CN": "en"}


def main(args):
    top = args[0] if args else os.path.join(ROOT, "build", "html")
    passed = failed = 0
    for lang, other in OTHER.items():
        pages = sorted(glob.glob(os.path.join(top, lang, "**", "*.html"), recursive=True))
        for page in pages:
            name = os.path.relpath(page, os.path.join(top, lang))
            with open(page, encoding="utf-8") as html:
                links = LINK.findall(html.read())
            target = os.path.normpath(os.path.join(os.path.dirname(page), links[0])) if links else None
            expected = os.path.normpath(os.path.join(top, other, name))
            if target is None:
                problem = "no language switch"
            elif target != expected:
                problem = f"switch goes to {os.path.relpath(target, top)}"
            elif not os.path.exists(target):
                problem = f"{os.path.relpath(target, top)} does not exist"
            else:
                passed += 1
                continue
            print(f"{lang}/{name}: {problem}")
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
