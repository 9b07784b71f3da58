#!/usr/bin/python3
"""Doxygen input filter: separate code words and links from Chinese text.

Doxygen reads a link such as ``#LOS_OK`` up to the next space, so in Chinese
text ``#LOS_OK；`` asks for a symbol named ``LOS_OK；`` and the link breaks;
``@p pool：`` puts the ``：`` and all that follows up to a space into the
code font; and ``；#LOS_OK`` is no link at all (it prints ``::LOS_OK``).
This filter puts a space between a linked name (``#name``, ``name()`` or
``@ref name``) or a code word (``@p``, ``@c``...) and a following character
outside ASCII, and between such a character and a following ``#name``
(conf.py's ChineseSpacing takes the spaces out of the page again). It adds
characters only inside lines, so Doxygen's line numbers stay right.

Usage (set as INPUT_FILTER in tools/docs/Doxyfile): doxyfilter.py FILE
"""
import re
import sys

# A linked name directly followed by a character outside ASCII.
LINK_THEN_WIDE = re.compile(r"((?:#|@ref\s+|\\ref\s+)[A-Za-z_][\w:]*(?:\(\))?|[A-Za-z_]\w*\(\))(?=[^\x00-\x7f])")
# A word in code font (@p, @c, @a, @b, @e and their \ forms) also runs to
# the next space: ``@p pool：`` would put the Chinese that follows into it.
WORD_THEN_WIDE = re.compile(r"((?<![\w@\\])[@\\][pcabe][ \t]+[\x21-\x7e]+)(?=[^\x00-\x7f])")
# A link right after Chinese text: Doxygen takes ``；#NAME`` for no link and
# prints it as ``::NAME``.
WIDE_THEN_LINK = re.compile(r"(?<=[^\x00-\x7f])(?=#[A-Za-z_])")


def fix(text):
    """The comment text with a space at each place Doxygen needs one."""
    text = WORD_THEN_WIDE.sub(r"\1 ", text)
    text = WIDE_THEN_LINK.sub(" ", text)
    return LINK_THEN_WIDE.sub(r"\1 ", text)


def main(path):
    with open(path, encoding="utf-8") as source:
        text = source.read()
    sys.stdout.write(fix(text))


if __name__ == "__main__":
    main(sys.argv[1])
