# Sphinx configuration of the kit's documentation.
#
# The sources are in docs/; this file sits at the repository root, so every
# build passes `-c .` (see mk/docs.mk). One build per language:
#
#   sphinx-build -W -n -c . -D language=en    docs build/html/en
#   sphinx-build -W -n -c . -D language=zh_CN docs build/html/zh_CN
#
# The API reference comes from the doc comments in src/: before each build,
# Doxygen runs with OUTPUT_LANGUAGE set to the build's language (the
# comments carry both languages under \~english and \~chinese), into
# build/doxygen/<language>/xml, and Breathe reads that folder. The prose is
# translated with gettext catalogs in docs/locale/<language>/LC_MESSAGES/.
import os
import posixpath
import re
import shutil
import subprocess
import sys

from docutils import nodes
from sphinx.errors import ConfigError
from docutils.parsers.rst import directives
from sphinx.directives.code import LiteralInclude
from sphinx.ext.graphviz import Graphviz
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tools"))
try:
    import mkexercise  # the lab regions' parser, for the listings
except ImportError:  # the student kit: its sources hold no region's answer
    mkexercise = None

ROOT = os.path.dirname(os.path.abspath(__file__))

project = "RTOS allocator teaching kit"
author = "the kit's authors"
copyright = "the kit's authors"

extensions = ["breathe", "sphinx.ext.graphviz", "sphinx_copybutton"]
# A copy button on each code block (Debian's python3-sphinx-copybutton); in a
# shell session only the commands are copied, without their "$ " prompts
# and without the output.
copybutton_prompt_text = "$ "

# Paths below are relative to this file, except locale_dirs (to docs/).
templates_path = ["docs/_templates"]
html_static_path = ["docs/_static"]
locale_dirs = ["locale/"]
gettext_compact = False
gettext_uuid = False
gettext_location = False
exclude_patterns = ["locale", "diagrams", "_templates", "_static"]

language = "en"
primary_domain = "c"
# Literal blocks are shell sessions or pictures unless a language is given.
highlight_language = "none"
nitpicky = True
# Standard C names have no page of their own in this reference.
nitpick_ignore = [
    ("c:identifier", name)
    for name in ("size_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "int32_t",
                 "int64_t", "uintptr_t", "intptr_t", "bool", "va_list")
]

# Docutils' smart quotes guess wrong in Chinese: ChineseQuotes pairs them.
smartquotes_excludes = {"languages": ["ja", "zh_CN"], "builders": ["man", "text"]}

html_theme = "furo"
html_title = "RTOS allocator kit"
html_css_files = ["kit.css"]
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/language.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}
html_copy_source = False
html_show_sourcelink = False

breathe_default_project = "kit"
breathe_domain_by_extension = {"h": "c", "c": "c"}
breathe_default_members = ()
breathe_show_include = True
# Static functions in .c files carry part of each lesson: let
# doxygenfunction find functions wherever they are defined.
breathe_implementation_filename_extensions = []

graphviz_output_format = "svg"
graphviz_dot_args = ["-Nfontname=Noto Sans CJK SC", "-Efontname=Noto Sans CJK SC",
                     "-Gfontname=Noto Sans CJK SC"]

# The kit's own words on its pages (not in any chapter), by language.
KIT_TEXT = {
    "full size": {"en": "Open the picture at full size", "zh_CN": "打开原尺寸图片"},
    "title": {"en": "RTOS allocator kit", "zh_CN": "RTOS 内存分配器教学套件"},
    "authors": {"en": "the kit's authors", "zh_CN": "本套件的作者"},
    "built": {"en": "Built {date} from version {version}", "zh_CN": "构建于 {date}，版本 {version}"},
    "its lab": {"en": "The lab of this stage: ", "zh_CN": "本阶段的实验："},
    "its chapter": {"en": "The chapter this lab follows: ", "zh_CN": "本实验所跟随的章节："},
}

# The theme's own words, which Debian's furo has no Chinese for (most are
# written into its templates, not looked up): each page of a Chinese build
# has them replaced as it is rendered (theme_in_language). Each English
# string is matched as the whole text of an element, or as written in the
# footer.
THEME_TEXT = {
    "zh_CN": [
        (">Hide navigation sidebar<", ">隐藏导航侧栏<"),
        (">Hide table of contents sidebar<", ">隐藏本页目录侧栏<"),
        (">Toggle site navigation sidebar<", ">显示或隐藏导航侧栏<"),
        (">Toggle Light / Dark / Auto color theme<", ">切换浅色、深色或跟随系统的配色<"),
        (">Toggle table of contents sidebar<", ">显示或隐藏本页目录侧栏<"),
        ("<title>Menu</title>", "<title>菜单</title>"),
        ("<title>Expand</title>", "<title>展开</title>"),
        ("<title>Light mode</title>", "<title>浅色模式</title>"),
        ("<title>Dark mode</title>", "<title>深色模式</title>"),
        ("<title>Auto light/dark mode</title>", "<title>跟随系统的浅色或深色模式</title>"),
        ("<span>Back to top</span>", "<span>回到顶部</span>"),
        ("<span>Next</span>", "<span>下一页</span>"),
        ("<span>Previous</span>", "<span>上一页</span>"),
        (re.compile(r'(<span class="toc-title">\s*)On this page(\s*</span>)'), r"\1本页内容\2"),
        (re.compile(r"Copyright &#169;"), "版权所有 &#169;"),
        (re.compile(r'Made with (<a href="https://www.sphinx-doc.org/">Sphinx</a>) and '
                    r'(<a class="muted-link" href="https://pradyunsg.me">@pradyunsg</a>)\'s\s*'
                    r'(<a href="https://github.com/pradyunsg/furo">Furo</a>)'),
         r"由 \1 和 \2 的 \3 主题生成"),
        ('aria-label="Permalink to this', 'aria-label="本处的永久链接'),
    ],
}


def build_stamp():
    """The date of the build and the kit's version: the commit, from git,
    marked "+" when the tree has changes since (the student kit has no git:
    its version is the date alone)."""
    import datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch
            else datetime.datetime.now(datetime.timezone.utc))
    try:
        commit = subprocess.run(["git", "describe", "--tags", "--always", "--dirty=+"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = ""
    return when.strftime("%Y-%m-%d"), commit or when.strftime("%Y%m%d")


BUILD_DATE, KIT_VERSION = build_stamp()
version = release = KIT_VERSION


def theme_in_language(app):
    """Render each page of a Chinese build with the theme's words in Chinese,
    and put the build's date and version at the foot of every page."""
    if not hasattr(app.builder, "templates"):
        return
    lang = app.config.language or "en"
    table = THEME_TEXT.get(lang, [])
    stamp = _kit_text(app.config, "built").format(date=BUILD_DATE, version=KIT_VERSION)
    render = app.builder.templates.render

    def render_in_language(template, context):
        page = render(template, context)
        for english, own in table:
            page = english.sub(own, page) if hasattr(english, "sub") else page.replace(english, own)
        return page.replace('<div class="right-details">',
                            f'<div class="right-details"><span class="kit-built">{stamp}</span>', 1)

    app.builder.templates.render = render_in_language


def _kit_text(config, key):
    lang = config.language or "en"
    return KIT_TEXT[key].get(lang, KIT_TEXT[key]["en"])


# The other language of each build, for the switch on every page.
LANGUAGES = {"en": ("zh_CN", "中文"), "zh_CN": ("en", "English")}
DOXYGEN_LANGUAGE = {"en": "English", "zh_CN": "Chinese"}


def run_doxygen(app, config):
    """Generate this language's XML and point Breathe at it."""
    lang = config.language or "en"
    if lang not in DOXYGEN_LANGUAGE:
        raise ConfigError(f"no Doxygen language for '{lang}'")
    outdir = os.path.join(ROOT, "build", "doxygen", lang)
    # Doxygen writes every file again on each run but removes none: start
    # from an empty folder, so that a symbol gone from the headers is gone
    # from the reference too
    shutil.rmtree(os.path.join(outdir, "xml"), ignore_errors=True)
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(ROOT, "tools", "docs", "Doxyfile"), encoding="utf-8") as base:
        settings = base.read()
    settings += f"\nOUTPUT_LANGUAGE = {DOXYGEN_LANGUAGE[lang]}\nOUTPUT_DIRECTORY = {outdir}\n"
    done = subprocess.run(["doxygen", "-"], input=settings, text=True, cwd=ROOT,
                          capture_output=True)
    if done.returncode != 0 or done.stderr.strip():
        raise ConfigError(f"Doxygen ({lang}) failed:\n{done.stderr}{done.stdout}")
    config.breathe_projects = {"kit": os.path.join(outdir, "xml")}
    app.tags.add("lang_" + lang)
    config.html_title = config.project = _kit_text(config, "title")
    config.copyright = _kit_text(config, "authors")
    config.html_context = dict(config.html_context or {},
                               other_language=LANGUAGES[lang][0],
                               other_language_name=LANGUAGES[lang][1])
    if lang.startswith("zh"):
        # Sphinx splits Chinese text for search with jieba; the kit's terms
        # are added to its dictionary so that each is one search word.
        config.html_search_language = "zh"
        config.html_search_options = {"dict": search_dictionary()}


def glossary_terms(path=os.path.join(ROOT, "docs", "glossary.rst")):
    """The terms of the glossary, each entry's as a list (English first, then
    the Chinese term written beside it)."""
    entries, current, inside = [], [], False
    with open(path, encoding="utf-8") as glossary:
        for line in glossary:
            if line.startswith(".. glossary::"):
                inside = True
            elif inside and re.match(r"   \S", line) and not line.startswith("   :"):
                current.append(line.strip())
            elif inside and current:
                entries.append(current)
                current = []
    return entries + ([current] if current else [])


def chinese_search_words():
    """Every word the Chinese search must find whole: the glossary's Chinese
    terms and the kit's own words in tools/docs/search-terms.zh_CN.txt."""
    words = [t for entry in glossary_terms() for t in entry if re.search(f"[{CJK}]", t)]
    with open(os.path.join(ROOT, "tools", "docs", "search-terms.zh_CN.txt"), encoding="utf-8") as own:
        words += [line.split()[0] for line in own if line.strip() and not line.startswith("#")]
    return list(dict.fromkeys(words))


def search_dictionary():
    """jieba's user dictionary for the Chinese search index, written into
    build/: each word of chinese_search_words() frequent enough that jieba
    keeps it whole rather than cut into shorter words it knows."""
    path = os.path.join(ROOT, "build", "docs", "search-dict.zh_CN.txt")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    text = "".join(f"{word} 20000 n\n" for word in chinese_search_words())
    if not os.path.exists(path) or open(path, encoding="utf-8").read() != text:
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
    return path


def kit_search_chinese():
    """Sphinx's Chinese search language, which also indexes each of
    chinese_search_words() wherever it occurs: jieba, even with the words in
    its dictionary, does not give 首次适配 inside 循环首次适配 (it offers only
    the two- and three-character pieces of a longer word)."""
    from sphinx.search.zh import SearchChinese

    class KitSearchChinese(SearchChinese):
        def init(self, options):
            super().init(options)
            self.kit_words = chinese_search_words()

        def split(self, input):
            words = super().split(input)
            return words + [w for w in self.kit_words if w in input and w not in words]

    return KitSearchChinese


class KitTable(SphinxDirective):
    """``.. kit-table:: performance/table-NAME`` shows the numbers of
    docs/performance/table-NAME.<language>.csv as a table.

    The first row of the file is the header, in the file's language; the
    cells are not translatable messages (they are numbers and allocator
    names), so they stay out of the catalogs. ``:caption:`` is the table's
    title, translated like any paragraph. Number cells are right-aligned.
    """

    required_arguments = 1
    option_spec = {"caption": directives.unchanged, "class": directives.class_option}

    def run(self):
        import csv

        lang = self.env.config.language or "en"
        rel = f"{self.arguments[0]}.{lang}.csv"
        path = os.path.join(os.path.dirname(self.env.doc2path(self.env.docname)), rel)
        self.env.note_dependency(path)
        with open(path, encoding="utf-8", newline="") as f:
            rows = [row for row in csv.reader(f) if row]
        table = nodes.table(classes=["kit-table"] + self.options.get("class", []))
        if "caption" in self.options:
            caption = " ".join(self.options["caption"].split())
            title = nodes.title(caption, "", *self.state.inline_text(caption, self.lineno)[0])
            self.set_source_info(title)
            table += title
        group = nodes.tgroup(cols=len(rows[0]))
        table += group
        group.extend(nodes.colspec(colwidth=1) for _ in rows[0])
        for part, part_rows in ((nodes.thead(), rows[:1]), (nodes.tbody(), rows[1:])):
            for cells in part_rows:
                row = nodes.row()
                for i, cell in enumerate(cells):
                    number = i > 0 and re.fullmatch(r"[-+]?[\d.,]+|", cell.strip())
                    entry = nodes.entry(classes=["kit-num"] if number else [])
                    entry += nodes.paragraph("", cell or "\u2014")
                    row += entry
                part += row
            group += part
        return [table]


class KitDiagram(Graphviz):
    """``.. kit-diagram:: NAME`` draws docs/diagrams/NAME.<language>.dot.

    Each picture exists once per language, with labels in that language; the
    options are those of the graphviz directive (``:caption:``, ``:alt:``...).
    The ``:alt:`` text is translated through the page's catalog like a
    paragraph (it travels as a hidden paragraph that FigureText takes back);
    without one, the caption is the alternative text.
    """

    def run(self):
        lang = self.env.config.language or "en"
        self.arguments = [f"/diagrams/{self.arguments[0]}.{lang}.dot"]
        alt = self.options.pop("alt", None)
        result = super().run()
        if alt:
            text = " ".join(alt.split())
            para = nodes.paragraph(text, text, classes=["kit-alt"])
            self.set_source_info(para)
            result[0] += para
        return result


class FigureText(SphinxTransform):
    """Give every picture an alternative text that says what it shows.

    A diagram's hidden ``kit-alt`` paragraph (already translated) becomes its
    alt text; a picture with no alt text of its own takes its caption's. Runs
    after the translation, so both are in the page's language.
    """

    default_priority = 880

    def apply(self, **kwargs):
        from sphinx.ext.graphviz import graphviz as graphviz_node

        if self.app.builder.name == "gettext":  # the catalogs take the paragraph
            return

        for figure in list(self.document.findall(nodes.figure)):
            caption = next(iter(figure.findall(nodes.caption)), None)
            caption_text = " ".join(caption.astext().split()) if caption else ""
            alt = None
            for para in list(figure.findall(nodes.paragraph)):
                if "kit-alt" in para["classes"]:
                    alt = " ".join(para.astext().split())
                    para.parent.remove(para)
            for picture in figure.findall(lambda n: isinstance(n, (graphviz_node, nodes.image))):
                if alt:
                    picture["alt"] = alt
                elif not picture.get("alt") or picture["alt"] == picture.get("uri"):
                    picture["alt"] = caption_text


DOC_COMMENT = re.compile(r"^[ \t]*/\*[*!](?!\*).*?\*/[ \t]*\n", re.S | re.M)
# A member's doc comment after it on its line: /**< ... */ (it may go on over
# several lines).
TRAILING_DOC_COMMENT = re.compile(r"[ \t]*/\*[*!]<.*?\*/", re.S)


class KitLiteralInclude(LiteralInclude):
    """``literalinclude`` that shows every lab region as its TODO and stub
    (tools/mkexercise.py), with one more flag, ``:strip-doc-comments:``.

    A chapter shows a function's doc comment through Breathe, in the page's
    language; the flag drops the ``/** ... */`` blocks and the members'
    ``/**< ... */`` comments (both languages) from the code shown beside it,
    and keeps every other comment.
    """

    option_spec = dict(LiteralInclude.option_spec, **{"strip-doc-comments": directives.flag})

    def run(self):
        strip = "strip-doc-comments" in self.options
        self.options.pop("strip-doc-comments", None)
        result = super().run()
        for block in (node for top in result for node in top.findall(nodes.literal_block)):
            # a lab region is shown as the student starts it, never its answer
            code = block.astext()
            if mkexercise is not None:
                code = mkexercise.stub_text(code, self.arguments[0])
            if strip:
                code = TRAILING_DOC_COMMENT.sub("", DOC_COMMENT.sub("", code))
                code = code.strip("\n") + "\n"
            block.rawsource = code
            block[:] = [nodes.Text(code)]
        return result


CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
# Doxygen joins the lines of a comment with a space, and its links need a
# space before Chinese punctuation; in Chinese text neither belongs there.
CJK_SPACE = re.compile(f"(?<=[{CJK}])[ \n]+(?=[{CJK}])")
SPACE_BEFORE_CJK_PUNCT = re.compile(r"^[ \n]+(?=[\u3000-\u303f\uff00-\uffef])")
# ... and after it, before a link or a code span (the text ends there).
SPACE_AFTER_CJK_PUNCT = re.compile(r"(?<=[\u3000-\u303f\uff00-\uffef])[ \n]+$")


class ChineseSpacing(SphinxTransform):
    """Drop the spaces Doxygen leaves between Chinese characters."""

    default_priority = 900

    def apply(self, **kwargs):
        if not (self.config.language or "").startswith("zh"):
            return
        for text in list(self.document.findall(nodes.Text)):
            if isinstance(text.parent, (nodes.literal_block, nodes.literal)):
                continue
            fixed = SPACE_BEFORE_CJK_PUNCT.sub("", CJK_SPACE.sub("", str(text)))
            if text.parent.index(text) < len(text.parent) - 1:
                fixed = SPACE_AFTER_CJK_PUNCT.sub("", fixed)
            if fixed != str(text):
                text.parent.replace(text, nodes.Text(fixed))


# ------------------------------------------------------------------ pictures
# A picture is shown at the width of the page's column, or smaller, but never
# so small that its smallest text is below MIN_TEXT_PX: the floor is computed
# from the SVG itself (its smallest font size against its viewBox) and set as
# the picture's min-width; a column narrower than that (a phone) scrolls the
# picture inside its frame instead of shrinking its text. Every picture links
# to its full-size SVG.
MIN_TEXT_PX = 11
SVG_FONT_SIZE = re.compile(r"font-size(?:=\"|:\s*)([\d.]+)|font:\s*(?:[a-z-]+\s+)*([\d.]+)px")
SVG_VIEWBOX = re.compile(r'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)')


def svg_text_ratio(path):
    """The SVG's smallest font size per unit of its width (None: no text)."""
    try:
        with open(path, encoding="utf-8") as svg:
            text = svg.read()
    except OSError:
        return None
    box = SVG_VIEWBOX.search(text)
    sizes = [float(a or b) for a, b in SVG_FONT_SIZE.findall(text)]
    if not box or not sizes:
        return None
    return min(sizes) / float(box.group(1))


def html_visit_kit_graphviz(self, node):
    """A diagram as an <img> (an <object> can be neither linked nor given an
    alt text), linked to its SVG, with its text floor."""
    from sphinx.ext.graphviz import GraphvizError, render_dot

    try:
        fname, outfn = render_dot(self, node["code"], node["options"], "svg", "graphviz",
                                  node.get("filename"))
    except GraphvizError as exc:
        from sphinx.util import logging
        logging.getLogger(__name__).warning("dot code %r: %s", node["code"], exc)
        raise nodes.SkipNode from exc
    if fname is None:
        raise nodes.SkipNode
    alt = node.get("alt", "")
    self.body.append(f'<div class="graphviz kit-picture">{picture_html(self, fname, outfn, alt)}</div>\n')
    raise nodes.SkipNode


def picture_html(translator, href, path, alt, extra=""):
    ratio = svg_text_ratio(path)
    style = f' style="min-width: {int(MIN_TEXT_PX / ratio + 0.999)}px"' if ratio else ""
    data = f' data-kit-text="{ratio:.6f}"' if ratio else ""
    title = translator.encode(_kit_text(translator.builder.config, "full size"))
    return (f'<a class="kit-fullsize" href="{href}" title="{title}">'
            f'<img class="graphviz" src="{href}" alt="{translator.attval(alt)}"{style}{data}{extra}/></a>')


IMG_SVG = re.compile(r'(<a class="reference internal image-reference" href="[^"]*">)?'
                     r'<img (alt="[^"]*" )?src="([^"]+\.svg)"([^>]*)/>(</a>)?')


def theme_script_as_module(app, pagename, templatename, context, doctree):
    """Debian's furo ships its script as an ES module (it imports Gumshoe),
    so it must be loaded as one: else the theme toggle, the contents'
    scroll tracking and the back-to-top button do nothing. (Its Gumshoe is
    not a module: gumshoe_as_module makes it one.)"""
    from sphinx.builders.html import JavaScript

    scripts = context.get("script_files", [])
    for i, js in enumerate(scripts):
        if str(js).endswith("scripts/furo.js"):
            attrs = dict(getattr(js, "attributes", None) or {}, type="module")
            scripts[i] = JavaScript(str(js), priority=getattr(js, "priority", 500), **attrs)


GUMSHOE_EXPORT = "\n// (the kit's conf.py) furo.js imports this file as a module.\nexport default window.Gumshoe;\n"


def gumshoe_as_module(app, exception):
    """Debian's furo imports ./gumshoe-patched.js as a module, but the file is
    a script that sets window.Gumshoe: give it the export furo.js asks for."""
    if exception or app.builder.format != "html":
        return
    path = os.path.join(app.outdir, "_static", "scripts", "gumshoe-patched.js")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        script = f.read()
    if "export default" not in script:
        with open(path, "w", encoding="utf-8") as f:
            f.write(script + GUMSHOE_EXPORT)


def figures_in_page(app, pagename, templatename, context, doctree):
    """The SVG figures of a page (``.. figure::``): each in a frame, linked
    to its file, with its text floor (the source file is read: the copy in
    _images/ is written after the pages)."""
    if "body" not in context:
        return
    sources = {dest: src for src, dest in getattr(app.builder, "images", {}).items()}

    def frame(match):
        link, alt, src, rest = match.group(1), match.group(2) or 'alt="" ', match.group(3), match.group(4)
        source = sources.get(posixpath.basename(src))
        ratio = svg_text_ratio(os.path.join(app.srcdir, source)) if source else None
        style = f' style="min-width: {int(MIN_TEXT_PX / ratio + 0.999)}px"' if ratio else ""
        data = f' data-kit-text="{ratio:.6f}"' if ratio else ""
        title = _kit_text(app.config, "full size")
        rest = re.sub(r'\s*width="100%"', "", rest)
        return (f'<span class="kit-picture"><a class="kit-fullsize" href="{src}" title="{title}">'
                f'<img {alt}src="{src}"{rest}{style}{data}/></a></span>')

    context["body"] = IMG_SVG.sub(frame, context["body"])


class ChineseQuotes(SphinxTransform):
    """ASCII quotation marks in Chinese text become “ and ”, in pairs.

    Docutils' smart quotes guess each mark's side from its neighbours, which
    Chinese text does not give them ("..." after a Chinese character comes out
    as ”...”), so they are off for Chinese (smartquotes_excludes) and this
    pairs the marks of each paragraph in order instead. A paragraph with an odd
    number of them is left as it is.
    """

    default_priority = 901
    BLOCKS = (nodes.paragraph, nodes.title, nodes.caption, nodes.term, nodes.rubric,
              nodes.line, nodes.field_name)

    def apply(self, **kwargs):
        if not (self.config.language or "").startswith("zh"):
            return
        skip = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment)
        for block in self.document.findall(lambda n: isinstance(n, self.BLOCKS)):
            texts = [t for t in block.findall(nodes.Text)
                     if not any(isinstance(a, skip) for a in _ancestors(t, block))]
            if sum(str(t).count('"') for t in texts) % 2:
                continue
            opening = True
            for text in texts:
                if '"' not in text:
                    continue
                out = []
                for ch in str(text):
                    if ch == '"':
                        out.append("\u201c" if opening else "\u201d")
                        opening = not opening
                    else:
                        out.append(ch)
                text.parent.replace(text, nodes.Text("".join(out)))


def _ancestors(node, stop):
    node = node.parent
    while node is not None and node is not stop:
        yield node
        node = node.parent


# Two changes to Sphinx's search script (its copy in each build's _static/):
# a glossary term's page is listed twice, once for the term (with its
# anchor) and once for the page's text: keep the first; and the status line
# is looked up in the translations only after the count is put into it, so
# it is never found (always English): look it up first.
SEARCH_PATCHES = [
    ("    results = results.reverse();\n",
     """    results = results.reverse();\n
    // (the kit's conf.py) A page found through one of its index entries, a
    // glossary term say, is not listed a second time for its text.
    const kitAnchored = new Set(results.filter((r) => r[2]).map((r) => r[0]));
    results = results.filter((r) => r[2] || !kitAnchored.has(r[0]));
"""),
    ("""    Search.status.innerText = _(
      `Search finished, found ${resultCount} page(s) matching the search query.`
    );""",
     """    Search.status.innerText = _(
      "Search finished, found ${resultCount} page(s) matching the search query."
    ).replace("${resultCount}", resultCount);  // (the kit's conf.py) translated"""),
]


def patch_search(app, exception):
    """Apply SEARCH_PATCHES; a place not found is a warning (an error under -W)."""
    if exception or app.builder.format != "html":
        return
    path = os.path.join(app.outdir, "_static", "searchtools.js")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        script = f.read()
    for old, new in SEARCH_PATCHES:
        if new in script:
            continue
        if script.count(old) != 1:
            from sphinx.util import logging
            logging.getLogger(__name__).warning("searchtools.js: a change of the kit's found no place")
            continue
        script = script.replace(old, new)
    with open(path, "w", encoding="utf-8") as f:
        f.write(script)


STAGE_OR_LAB = re.compile(r"^(stages/stage|labs/lab)(\d)")


def link_stage_and_lab(app, doctree, docname):
    """Under the title of each stage's chapter, a link to its lab; under the
    title of each lab, a link back to its chapter (stage N and lab N)."""
    match = STAGE_OR_LAB.match(docname)
    if not match or app.builder.format != "html":
        return
    number = match.group(2)
    if match.group(1) == "labs/lab":
        targets = [d for d in app.env.found_docs if d.startswith(f"stages/stage{number}-")]
        key = "its chapter"
    else:
        targets = [f"labs/lab{number}"] if f"labs/lab{number}" in app.env.found_docs else []
        key = "its lab"
    section = next(iter(doctree.findall(nodes.section)), None)
    if not targets or section is None:
        return
    target = targets[0]
    uri = app.builder.get_relative_uri(docname, target)
    link = nodes.reference("", app.env.titles[target].astext(), internal=True, refuri=uri)
    note = nodes.paragraph("", "", nodes.Text(_kit_text(app.config, key)), nodes.strong("", "", link),
                           classes=["kit-companion"])
    section.insert(1, note)


def _one_match_per_member(resolve):
    """Doxygen lists a function both in its header and in its .c file; once
    .c files are searched, keep the header's entry (or the .c file's, for a
    static function that has no other)."""

    def resolve_unique(self, matches, args, project_info):
        def from_header(match):
            return not str(getattr(match[1], "name", "")).endswith(".h")

        seen, unique = set(), []
        for match in sorted(matches, key=from_header):
            key = (match[0].name, match[0].argsstring)
            if key not in seen:
                seen.add(key)
                unique.append(match)
        return resolve(self, unique, args, project_info)

    return resolve_unique


def _doxygen_names(app):
    """Map each Doxygen id of this language's XML to the symbol it names."""
    if not hasattr(app, "kit_doxygen_names"):
        import glob
        import xml.etree.ElementTree as ET

        names = {}
        for path in glob.glob(os.path.join(app.config.breathe_projects["kit"], "*.xml")):
            root = ET.parse(path).getroot()
            for compound in root.iter("compounddef"):
                names[compound.get("id")] = (compound.get("kind"), compound.findtext("compoundname"))
            for member in root.iter("memberdef"):
                names[member.get("id")] = (member.get("kind"), member.findtext("name"))
        app.kit_doxygen_names = names
    return app.kit_doxygen_names


def resolve_doxygen_link(app, env, node, contnode):
    """A link in a doc comment that Breathe could not resolve by its Doxygen id.

    Doxygen gives a symbol one id in its header and another in its .c file,
    and links files, which have no page here. Link the symbol by name to
    its entry in the C domain; a file, or a symbol shown nowhere (a static
    helper), stays plain text.
    """
    if node.get("refdomain") != "std" or node.get("reftype") != "ref":
        return None
    kind, name = _doxygen_names(app).get(node.get("reftarget"), (None, None))
    if kind is None:
        return None
    if kind != "file":
        found = env.get_domain("c").resolve_any_xref(env, node.get("refdoc"), app.builder,
                                                     name, node, contnode)
        if found:
            return found[0][1]
    return contnode


def setup(app):
    app.connect("missing-reference", resolve_doxygen_link)
    from breathe.directives.function import DoxygenFunctionDirective

    DoxygenFunctionDirective._resolve_function = _one_match_per_member(
        DoxygenFunctionDirective._resolve_function)
    app.connect("config-inited", run_doxygen)
    from sphinx.search import languages as search_languages

    search_languages["zh"] = kit_search_chinese()
    app.add_directive("kit-diagram", KitDiagram)
    app.add_directive("kit-table", KitTable)
    app.add_directive("literalinclude", KitLiteralInclude, override=True)
    app.add_post_transform(ChineseSpacing)
    app.add_post_transform(FigureText)
    app.add_post_transform(ChineseQuotes)
    from sphinx.ext.graphviz import graphviz as graphviz_node
    app.add_node(graphviz_node, override=True, html=(html_visit_kit_graphviz, None))
    app.connect("html-page-context", figures_in_page)
    app.connect("html-page-context", theme_script_as_module)
    app.connect("builder-inited", theme_in_language)
    app.connect("build-finished", patch_search)
    app.connect("build-finished", gumshoe_as_module)
    app.connect("doctree-resolved", link_stage_and_lab)
