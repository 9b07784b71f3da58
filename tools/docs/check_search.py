#!/usr/bin/python3
"""Check the Chinese search index, after `make docs`.

    check_search.py [HTML_DIR]      (default: build/html)

Sphinx cuts Chinese text into words with jieba, and a search finds a page
only through the words it was cut into: a term cut in two (调度器 as 调度 +
器) is found nowhere. conf.py gives jieba every glossary term in Chinese and
the kit's own words (tools/docs/search-terms.zh_CN.txt). For each of those
words this checks, in build/html/zh_CN/searchindex.js, that it is one word of
the index, and that the index gives every page whose text contains it.

Prints the words that fail and why, then "N passed, M failed" (words).
"""
import html
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)
import conf  # noqa: E402  (the words, as the build gives them to jieba)

ARTICLE = re.compile(r'<article\b[^>]*>(.*?)</article>', re.S)


def load_index(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


def page_text(top, docname):
    with open(os.path.join(top, docname + ".html"), encoding="utf-8") as f:
        page = f.read()
    body = ARTICLE.search(page)
    body = re.sub(r"<(script|style)\b.*?</\1>", "", body.group(1) if body else "", flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def docs_of(entry):
    if entry is None:
        return set()
    return {entry} if isinstance(entry, int) else set(entry)


def main(args):
    top = os.path.join(args[0] if args else os.path.join(ROOT, "build", "html"), "zh_CN")
    index = load_index(os.path.join(top, "searchindex.js"))
    names = index["docnames"]
    texts = {i: page_text(top, name) for i, name in enumerate(names)}
    passed = failed = 0
    for word in conf.chinese_search_words():
        found = docs_of(index["terms"].get(word)) | docs_of(index["titleterms"].get(word))
        holding = {i for i, text in texts.items() if word in text}
        missed = sorted(names[i] for i in holding - found)
        if not found and holding:
            print(f"{word}: not a word of the index ({len(holding)} pages contain it)")
        elif missed:
            print(f"{word}: found on {len(found)} pages, not on {', '.join(missed)}")
        else:
            passed += 1
            continue
        failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
