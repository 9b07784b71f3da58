#!/usr/bin/python3
"""Doxygen input filter: end a symbol link before Chinese punctuation.

Doxygen reads a link such as ``#LOS_OK`` up to the next space, so in Chinese
text ``#LOS_OK；`` asks for a symbol named ``LOS_OK；`` and the link breaks.
This filter puts a space between a linked name (``#name``, ``name()`` or
``@ref name``) and a following full-width character; it adds characters only
inside lines, so Doxygen's line numbers stay right.

Usage (set as INPUT_FILTER in tools/docs/Doxyfile): doxyfilter.py FILE
"""
import re
import sys

# A linked name directly followed by a character outside ASCII.
LINK_THEN_WIDE = re.compile(r"((?:#|@ref\s+|\\ref\s+)[A-Za-z_][\w:]*(?:\(\))?|[A-Za-z_]\w*\(\))(?=[^\x00-\x7f])")


def main(path):
    with open(path, encoding="utf-8") as source:
        text = source.read()
    sys.stdout.write(LINK_THEN_WIDE.sub(r"\1 ", text))


if __name__ == "__main__":
    main(sys.argv[1])
