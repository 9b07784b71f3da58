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
    """

    def run(self):
        lang = self.env.config.language or "en"
        self.arguments = [f"/diagrams/{self.arguments[0]}.{lang}.dot"]
        return super().run()


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
