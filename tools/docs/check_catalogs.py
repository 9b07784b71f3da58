#!/usr/bin/python3
"""Check that every page's Chinese catalog is complete.

    check_catalogs.py [--pot DIR]

Extracts the messages of every page (sphinx-build -b gettext, into
build/docs-check/gettext unless --pot names a folder that already holds the
.pot files), then reads each page's catalog in
docs/locale/zh_CN/LC_MESSAGES/. A page fails when its catalog is missing,
when one of its messages is not in the catalog or has no translation, or
when a message is marked fuzzy. So a paragraph added to a chapter without
refreshing its catalog (make docs-gettext) fails too, not only an empty
msgstr.

Prints one line per problem, then "N passed, M failed" (pages).
"""
import os
import subprocess
import sys

from babel.messages.pofile import read_po

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LOCALE = os.path.join(ROOT, "docs", "locale", "zh_CN", "LC_MESSAGES")


def extract(potdir):
    """Write the .pot of every page into potdir."""
    subprocess.run(["/usr/bin/sphinx-build", "-q", "-E", "-b", "gettext", "-c", ROOT,
                    "-d", os.path.join(ROOT, "build", "docs-check", "doctrees"),
                    os.path.join(ROOT, "docs"), potdir], check=True)


def read(path):
    with open(path, "rb") as catalog:
        return read_po(catalog)


def page_problems(pot_path, po_path):
    """What is wrong with one page's catalog, as a list of lines."""
    if not os.path.exists(po_path):
        return ["no catalog (run make docs-gettext)"]
    wanted, catalog = read(pot_path), read(po_path)
    wrong = []
    for message in wanted:
        if not message.id:
            continue
        entry = catalog.get(message.id, message.context)
        first = str(message.id).split("\n")[0][:60]
        if entry is None:
            wrong.append(f"not in the catalog: {first!r}")
        elif not entry.string:
            wrong.append(f"untranslated: {first!r}")
        elif entry.fuzzy:
            wrong.append(f"fuzzy: {first!r}")
    for entry in catalog:
        if entry.id and entry.fuzzy and wanted.get(entry.id, entry.context) is None:
            wrong.append(f"fuzzy and unused: {str(entry.id)[:60]!r}")
    return wrong


def main(args):
    if args[:1] == ["--pot"]:
        potdir = args[1]
    else:
        potdir = os.path.join(ROOT, "build", "docs-check", "gettext")
        extract(potdir)
    passed = failed = 0
    for folder, _, files in sorted(os.walk(potdir)):
        for name in sorted(files):
            if not name.endswith(".pot"):
                continue
            page = os.path.relpath(os.path.join(folder, name), potdir)[:-4]
            wrong = page_problems(os.path.join(folder, name), os.path.join(LOCALE, page + ".po"))
            for line in wrong:
                print(f"docs/locale/zh_CN/LC_MESSAGES/{page}.po: {line}")
            if wrong:
                failed += 1
            else:
                passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
