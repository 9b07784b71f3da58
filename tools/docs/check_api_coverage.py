#!/usr/bin/python3
"""Check that every public symbol of the src/ headers is in the API reference.

    check_api_coverage.py [LANG...]      (default: en zh_CN)

The symbols are those Doxygen finds in each header under src/ (it extracts
every one, documented or not): functions, macros, typedefs, enums, variables,
and the structs and unions the headers define. Each must have an entry in
the built HTML of each language, that is an element with the id Sphinx's C
domain gives it (``c.NAME``). Run it after `make docs`.

Prints the missing symbols, then "N passed, M failed" (symbols x languages).
"""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MEMBER_KINDS = {"function", "define", "typedef", "enum", "variable"}


def header_symbols(xmldir):
    """{name: header} of every symbol Doxygen saw in a header under src/."""
    found = {}
    for path in glob.glob(os.path.join(xmldir, "*.xml")):
        root = ET.parse(path).getroot()
        for compound in root.iter("compounddef"):
            location = compound.find("location")
            where = location.get("file", "") if location is not None else ""
            if not (where.startswith("src/") and where.endswith(".h")):
                continue
            if compound.get("kind") == "file":
                for member in compound.iter("memberdef"):
                    if member.get("kind") in MEMBER_KINDS:
                        found[member.findtext("name")] = where
            elif compound.get("kind") in ("struct", "union"):
                found[compound.findtext("compoundname")] = where
    return found


def documented_ids(htmldir):
    ids = set()
    for path in glob.glob(os.path.join(htmldir, "**", "*.html"), recursive=True):
        with open(path, encoding="utf-8") as page:
            ids.update(re.findall(r'id="c\.([A-Za-z_]\w*)"', page.read()))
    return ids


def main(langs):
    passed = failed = 0
    for lang in langs:
        xmldir = os.path.join(ROOT, "build", "doxygen", lang, "xml")
        htmldir = os.path.join(ROOT, "build", "html", lang)
        symbols = header_symbols(xmldir)
        if not symbols or not os.path.isdir(htmldir):
            print(f"{lang}: no Doxygen XML or no HTML; run make docs first")
            failed += 1
            continue
        ids = documented_ids(htmldir)
        for name, header in sorted(symbols.items()):
            if name in ids:
                passed += 1
            else:
                print(f"{header}: {name} is not in the {lang} API reference")
                failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["en", "zh_CN"]))
