#!/usr/bin/python3
"""Check the Chinese pages as a reader sees them, after `make docs`.

    check_zh_pages.py [HTML_DIR]      (default: build/html/zh_CN)

Each page of the Chinese build fails on any of:

  code span     a code span (``<code>``) that holds Chinese: Doxygen's ``@p name``
                ran on into the Chinese after it (tools/docs/doxyfilter.py
                separates them);
  ::Name        a literal ``::NAME`` in the text: Doxygen's reading of
                ``；#NAME``, a link it did not make;
  quotes        a quotation mark on the wrong side: a ” that closes nothing or
                a “ inside an open quotation (conf.py's ChineseQuotes pairs
                ASCII quotes; docutils' smart quotes reverse them);
  chrome        an English string of the theme or of Sphinx where the reader
                expects Chinese: in the text outside the chapter itself, and
                in the titles, labels and alt texts of the whole page;
  make comment  an English comment in a shell or make code block;
  listing       Doxygen markup (``\\~english``, ``@brief``...) in a code listing:
                a doc comment that the listing should have left out.

Prints one line per problem, then "N passed, M failed" (pages).
"""
import glob
import html
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
HAS_CJK = re.compile(f"[{CJK}]")
CODE = re.compile(r"<code\b[^>]*>(.*?)</code>", re.S)
PRE = re.compile(r"<pre\b.*?</pre>", re.S)
TAG = re.compile(r"<[^>]+>")
DOUBLE_COLON = re.compile(r"(?<![\w:])::[A-Za-z_]\w*")
BLOCK = re.compile(r"<(p|li|dt|dd|td|th|h[1-6]|figcaption|caption)\b[^>]*>(.*?)</\1>", re.S)
ARTICLE = re.compile(r'<article\b.*?</article>', re.S)
ATTRS = re.compile(r'\b(?:title|aria-label|placeholder|alt)="([^"]*)"')
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
SHELL_BLOCK = re.compile(r'<div class="highlight-(?:sh|shell|bash|console|make|makefile)\b.*?</pre>', re.S)
DOXYGEN_MARKUP = re.compile(r"[\\@]~(?:english|chinese)\b|[\\@](?:brief|param|return|retval)\b")
# English the theme (furo) and Sphinx print around a chapter.
CHROME = [
    "On this page", "Previous", "Next", "Back to top", "Made with", "Copyright", "Toggle",
    "Hide navigation", "Hide table of contents", "Light mode", "Dark mode", "Auto light",
    "Menu", "Expand", "Skip to content", "Search", "Permalink", "Link to this",
    "RTOS allocator kit", "Contents", "Index",
]
CHROME_RE = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in CHROME) + r")\b")


def text_of(fragment):
    return html.unescape(TAG.sub("", fragment))


# The page that teaches how a doc comment is written shows one on purpose.
LISTING_EXEMPT = {"contributing.html"}


def problems(page, name=""):
    found = []
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", "", page, flags=re.S)
    for code in CODE.findall(PRE.sub("", body)):
        words = text_of(code)
        if HAS_CJK.search(words):
            found.append(f"code span holds Chinese: {words.strip()[:60]!r}")
    prose = CODE.sub(" ", PRE.sub(" ", body))
    for name in DOUBLE_COLON.findall(text_of(prose)):
        found.append(f"literal {name}")
    for _, block in BLOCK.findall(CODE.sub("", PRE.sub("", body))):
        text, open_ = text_of(block), False
        for i, ch in enumerate(text):
            if ch == "\u201c":
                if open_:
                    found.append(f"“ inside a quotation: {text[max(0, i - 20):i + 20]!r}")
                    break
                open_ = True
            elif ch == "\u201d":
                if not open_:
                    found.append(f"” closes nothing: {text[max(0, i - 20):i + 20]!r}")
                    break
                open_ = False
    chrome = ARTICLE.sub(" ", body)
    outside = text_of(chrome)
    for word in sorted(set(CHROME_RE.findall(outside))):
        found.append(f"English chrome: {word!r}")
    for where, values in (("attribute", ATTRS.findall(body)), ("title", TITLE.findall(body))):
        for value in values:
            for word in sorted(set(CHROME_RE.findall(html.unescape(value)))):
                found.append(f"English chrome in a {where}: {word!r} ({html.unescape(value)[:50]!r})")
    for block in ([] if name in LISTING_EXEMPT else PRE.findall(body)):
        markup = DOXYGEN_MARKUP.search(text_of(block))
        if markup:
            found.append(f"Doxygen markup in a listing: {markup.group(0)!r}")
    for block in SHELL_BLOCK.findall(body):
        for line in text_of(block).splitlines():
            comment = line.split("#", 1)[1] if "#" in line else ""
            if re.search(r"[A-Za-z]{3,}", comment) and not HAS_CJK.search(comment):
                found.append(f"English comment in a code block: {line.strip()[:60]!r}")
    return found


def main(args):
    top = args[0] if args else os.path.join(ROOT, "build", "html", "zh_CN")
    pages = sorted(glob.glob(os.path.join(top, "**", "*.html"), recursive=True))
    if not pages:
        print(f"no pages in {top}: run make docs first")
        print("0 passed, 1 failed")
        return 1
    passed = failed = 0
    for path in pages:
        name = os.path.relpath(path, top)
        with open(path, encoding="utf-8") as f:
            found = problems(f.read(), name)
        for problem in found[:20]:
            print(f"{name}: {problem}")
        if len(found) > 20:
            print(f"{name}: ... {len(found) - 20} more")
        if found:
            failed += 1
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
