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
import subprocess

from docutils import nodes
from sphinx.errors import ConfigError
from docutils.parsers.rst import directives
from sphinx.directives.code import LiteralInclude
from sphinx.ext.graphviz import Graphviz
from sphinx.transforms import SphinxTransform

ROOT = os.path.dirname(os.path.abspath(__file__))

project = "RTOS allocator teaching kit"
author = "the kit's authors"
copyright = "the kit's authors"

extensions = ["breathe", "sphinx.ext.graphviz"]

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
}


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
    config.html_context = dict(config.html_context or {},
                               other_language=LANGUAGES[lang][0],
                               other_language_name=LANGUAGES[lang][1])
    if lang.startswith("zh"):
        # Sphinx splits Chinese text for search with jieba; the kit's terms
        # are added to its dictionary so that each is one search word.
        config.html_search_language = "zh"
        config.html_search_options = {
            "dict": os.path.join(ROOT, "tools", "docs", "search-terms.zh_CN.txt")}


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


class KitLiteralInclude(LiteralInclude):
    """``literalinclude`` with one more flag, ``:strip-doc-comments:``.

    A chapter shows a function's doc comment through Breathe, in the page's
    language; the flag drops the ``/** ... */`` blocks (both languages) from
    the code shown beside it, and keeps every other comment.
    """

    option_spec = dict(LiteralInclude.option_spec, **{"strip-doc-comments": directives.flag})

    def run(self):
        strip = "strip-doc-comments" in self.options
        self.options.pop("strip-doc-comments", None)
        result = super().run()
        if strip:
            for block in (node for top in result for node in top.findall(nodes.literal_block)):
                code = DOC_COMMENT.sub("", block.astext()).strip("\n") + "\n"
                block.rawsource = code
                block[:] = [nodes.Text(code)]
        return result


CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
# Doxygen joins the lines of a comment with a space, and its links need a
# space before Chinese punctuation; in Chinese text neither belongs there.
CJK_SPACE = re.compile(f"(?<=[{CJK}])[ \n]+(?=[{CJK}])")
SPACE_BEFORE_CJK_PUNCT = re.compile(r"^[ \n]+(?=[\u3000-\u303f\uff00-\uffef])")


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
    scroll tracking and the back-to-top button do nothing."""
    from sphinx.builders.html import JavaScript

    scripts = context.get("script_files", [])
    for i, js in enumerate(scripts):
        if str(js).endswith("scripts/furo.js"):
            attrs = dict(getattr(js, "attributes", None) or {}, type="module")
            scripts[i] = JavaScript(str(js), priority=getattr(js, "priority", 500), **attrs)


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
    app.add_directive("kit-diagram", KitDiagram)
    app.add_directive("literalinclude", KitLiteralInclude, override=True)
    app.add_post_transform(ChineseSpacing)
    app.add_post_transform(FigureText)
    from sphinx.ext.graphviz import graphviz as graphviz_node
    app.add_node(graphviz_node, override=True, html=(html_visit_kit_graphviz, None))
    app.connect("html-page-context", figures_in_page)
    app.connect("html-page-context", theme_script_as_module)
