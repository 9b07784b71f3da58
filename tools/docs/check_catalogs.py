#!/usr/bin/python3
"""Check that every page's Chinese catalog is complete.

    check_catalogs.py [--markup] [--pot DIR]

Extracts the messages of every page (sphinx-build -b gettext, into
build/docs-check/gettext unless --pot names a folder that already holds the
.pot files), then reads each page's catalog in
docs/locale/zh_CN/LC_MESSAGES/. A page fails when its catalog is missing,
when one of its messages is not in the catalog or has no translation, or
when a message or the header is marked fuzzy, or when msgfmt finds
the file malformed. So a paragraph added to a chapter without
refreshing its catalog (make docs-gettext) fails too, not only an empty
msgstr.

With --markup, each translation is also parsed as reST and must keep the
English's markup: as many inline literals, strong, emphasis and references,
and no literal swallowing its neighbour. reST needs a space or punctuation
around inline markup, so ``name``（ or **词**汉 silently breaks the page
without a warning; write ``name``\\ （ instead.

Prints one line per problem, then "N passed, M failed" (pages).
"""
import collections
import os
import re
import subprocess
import sys

from babel.messages.pofile import read_po
from docutils import nodes
from docutils.core import publish_doctree

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


# A Sphinx role before its backquoted text; plain docutils does not know it.
ROLE = re.compile(r"(?<![`\w]):[\w.+-]+(?::[\w.+-]+)?:(?=`)")
INLINE = (nodes.strong, nodes.emphasis, nodes.title_reference, nodes.reference,
          nodes.problematic)


def markup(text):
    """The inline markup of one message: literal count, swallowed quotes, others."""
    tree = publish_doctree(ROLE.sub("", text), settings_overrides={
        "report_level": 5, "halt_level": 5, "warning_stream": False})
    literals = [node.astext() for node in tree.findall(nodes.literal)]
    others = collections.Counter(type(node).__name__ for node in tree.findall(
        lambda node: isinstance(node, INLINE)))
    return len(literals), sum("``" in text for text in literals), others


def markup_problem(message):
    if markup(message.string) != markup(message.id):
        return f"markup differs from the English: {message.string[:60]!r}"
    return None


def page_problems(pot_path, po_path, check_markup=False):
    """What is wrong with one page's catalog, as a list of lines."""
    if not os.path.exists(po_path):
        return ["no catalog (run make docs-gettext)"]
    msgfmt = subprocess.run(["msgfmt", "--check-header", "--check-domain", "-o", os.devnull,
                             po_path], capture_output=True, text=True)
    if msgfmt.returncode != 0:
        return ["msgfmt: " + msgfmt.stderr.strip().replace("\n", "; ")]
    try:
        wanted, catalog = read(pot_path), read(po_path)
    except Exception as error:  # a catalog Babel cannot read is a failed page
        return [f"unreadable: {error}"]
    wrong = ["the header is marked fuzzy"] if catalog.fuzzy else []
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
        elif check_markup and markup_problem(entry):
            wrong.append(markup_problem(entry))
    for entry in catalog:
        if entry.id and entry.fuzzy and wanted.get(entry.id, entry.context) is None:
            wrong.append(f"fuzzy and unused: {str(entry.id)[:60]!r}")
    return wrong


def main(args):
    check_markup = "--markup" in args
    args = [arg for arg in args if arg != "--markup"]
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
            wrong = page_problems(os.path.join(folder, name), os.path.join(LOCALE, page + ".po"),
                                  check_markup)
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
