# The documentation: Sphinx in two languages, the API reference from the doc
# comments through Doxygen and Breathe (conf.py runs Doxygen), and the checks
# that keep both languages whole.
#
#   make docs           build/html/en and build/html/zh_CN, warnings are errors
#   make docs-gettext   refresh the Chinese catalogs after editing a page
#   make docs-checks    the documentation checks of `make test`
#   make docs-markup    the catalog check alone: every message translated and
#                       its inline markup kept (reST breaks silently on
#                       ``x``（ in Chinese); also part of docs-checks
#
# docs/contributing.rst explains how a chapter, its catalog and its
# pictures are added.

SPHINX := /usr/bin/sphinx-build
SPHINX_INTL := /usr/bin/sphinx-intl
DOCS_LANGS := en zh_CN
DOCS_HTML := $(BUILD)/html
# -E -a: every page is read again each time, so a warning is never hidden by
# an earlier build that already read the page.
DOCS_FLAGS := -W -n --keep-going -q -E -a -c .

.PHONY: docs docs-gettext docs-checks docs-markup $(addprefix docs-,$(DOCS_LANGS))

docs: $(addprefix docs-,$(DOCS_LANGS))

$(addprefix docs-,$(DOCS_LANGS)): docs-%:
	$(SPHINX) $(DOCS_FLAGS) -D language=$* -d $(BUILD)/doctrees/$* docs $(DOCS_HTML)/$*

# The playground page's files. The full tree builds them from src/
# (mk/playground.mk, `make playground`). The student kit has no sources to
# build the module from: `make student-kit` built it from the reference and
# put it, with the page's scripts, in tools/playground/given/, and
# `make playground` there copies them beside the page. A compiled module
# holds no source, as the labs' given objects hold none.
ifdef STUDENT_KIT
PG_GIVEN := $(wildcard tools/playground/given/*.js tools/playground/given/*.css)
.PHONY: playground
playground:
	@test -n "$(PG_GIVEN)" || { echo "make $@: tools/playground/given/ is empty; make the student kit again" >&2; exit 2; }
	@for lang in $(DOCS_LANGS); do \
	    mkdir -p $(DOCS_HTML)/$$lang/_playground && \
	    cp $(PG_GIVEN) $(DOCS_HTML)/$$lang/_playground/ || exit 1; \
	done

$(addprefix docs-,$(DOCS_LANGS)): playground
endif

docs-gettext:
	$(SPHINX) -q -E -b gettext -c . -d $(BUILD)/doctrees/gettext docs $(BUILD)/gettext
	$(SPHINX_INTL) update -p $(BUILD)/gettext -d docs/locale -l zh_CN

test-more: docs-checks

docs-checks:
	@echo "Documentation:"
	@$(TALLY) "docs: doc blocks in both languages" "$(PYTHON) tools/docs/check_doc_langs.py src qemu"
	@$(TALLY) "docs: catalogs complete, markup kept" "$(PYTHON) tools/docs/check_catalogs.py --markup"
	@$(TALLY) "docs: sphinx -W -n en, zh_CN" "$(MAKE) -s --no-print-directory docs"
	@$(TALLY) "docs: every header symbol documented" "$(PYTHON) tools/docs/check_api_coverage.py"
	@$(TALLY) "docs: language switch on every page" "$(PYTHON) tools/docs/check_language_links.py"

docs-markup:
	$(PYTHON) tools/docs/check_catalogs.py --markup
