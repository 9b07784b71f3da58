# The documentation: Sphinx in two languages, the API reference from the doc
# comments through Doxygen and Breathe (conf.py runs Doxygen), and the checks
# that keep both languages whole.
#
#   make docs           build/html/en and build/html/zh_CN, warnings are errors,
#                       and the one-page form of each (docs-single)
#   make docs-gettext   refresh the Chinese catalogs after editing a page
#   make docs-checks    the documentation checks of `make test`
#   make docs-zh        the Chinese pages' check alone (tools/docs/check_zh_pages.py)
#   make docs-browser   the key pages in headless Chromium (tools/docs/test_pages.js)
#   make docs-screenshots  the stage-3 and stage-4 pages' pictures, both languages,
#                       light and dark, 1400 and 420 px, in build/screenshots/
#   make docs-outputs   run each stage's demo in QEMU and keep what it prints in
#                       docs/stages/output/ (the chapters' "What you should see")
#   make docs-single    each language as one HTML file, to read offline:
#                       build/singlehtml/<language>/index.html
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

.PHONY: docs docs-gettext docs-checks docs-markup docs-zh docs-browser docs-screenshots docs-single docs-outputs $(addprefix docs-,$(DOCS_LANGS))

docs: $(addprefix docs-,$(DOCS_LANGS)) docs-single

$(addprefix docs-,$(DOCS_LANGS)): docs-%:
	$(SPHINX) $(DOCS_FLAGS) -D language=$* -d $(BUILD)/doctrees/$* docs $(DOCS_HTML)/$*

# The playground page's files. The full tree builds them from src/
# (mk/playground.mk, `make playground`). The student kit has no sources to
# build the module from: `make student-kit` built it from the reference and
# put it, with the page's scripts, in tools/playground/given/, and
# `make playground` there copies them beside the page. A compiled module
# holds no source, as the labs' given objects hold none.
# The playground's built files: the kit's given copies, or the tree's build.
ifdef STUDENT_KIT
PG_GIVEN := $(wildcard tools/playground/given/*.js tools/playground/given/*.css)
PG_FILES = $(PG_GIVEN)
.PHONY: playground
playground:
	@test -n "$(PG_GIVEN)" || { echo "make $@: tools/playground/given/ is empty; make the student kit again" >&2; exit 2; }
	@for lang in $(DOCS_LANGS); do \
	    mkdir -p $(DOCS_HTML)/$$lang/_playground && \
	    cp $(PG_GIVEN) $(DOCS_HTML)/$$lang/_playground/ || exit 1; \
	done

$(addprefix docs-,$(DOCS_LANGS)): playground
else
PG_FILES = $(PG_SITE)/pg-data.js $(PG_WEB)
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
	@$(TALLY) "docs: Chinese pages without code-span, ::Name, quote, chrome or listing glitches" "$(PYTHON) tools/docs/check_zh_pages.py $(DOCS_HTML)/zh_CN"
	@$(TALLY) "docs: every Chinese glossary term and kit word is one search word" "$(PYTHON) tools/docs/check_search.py $(DOCS_HTML)"
	@$(TALLY) "docs: key pages in Chromium (phone width, pictures in light and dark, search, language switch)" "$(MAKE) -s --no-print-directory playground && $(NODE) tools/docs/test_pages.js $(DOCS_HTML)"
ifndef STUDENT_KIT
	@$(TALLY) "docs: no page shows a lab region's answer" "$(PYTHON) tools/mkkit.py --check $(DOCS_HTML)"
endif

docs-markup:
	$(PYTHON) tools/docs/check_catalogs.py --markup

docs-zh:
	$(PYTHON) tools/docs/check_zh_pages.py $(DOCS_HTML)/zh_CN

docs-browser:
	@test -f $(DOCS_HTML)/en/index.html -a -f $(DOCS_HTML)/zh_CN/index.html || $(MAKE) -s --no-print-directory docs
	$(NODE) tools/docs/test_pages.js $(DOCS_HTML)

docs-screenshots:
	@test -f $(DOCS_HTML)/en/index.html -a -f $(DOCS_HTML)/zh_CN/index.html || $(MAKE) -s --no-print-directory docs
	$(NODE) tools/docs/test_pages.js $(DOCS_HTML) --screenshots $(BUILD)/screenshots

# One page per language (Sphinx's singlehtml): the whole book, pictures and
# all, in build/singlehtml/<language>/, to save or print.
docs-single: $(addprefix docs-single-,$(DOCS_LANGS))
$(addprefix docs-single-,$(DOCS_LANGS)): docs-single-%: playground
	$(SPHINX) $(DOCS_FLAGS) -b singlehtml -D language=$* -d $(BUILD)/doctrees/single-$* docs $(BUILD)/singlehtml/$*
	@mkdir -p $(BUILD)/singlehtml/$*/_playground
	cp $(PG_FILES) $(BUILD)/singlehtml/$*/_playground/

docs-outputs: $(foreach s,$(STAGES),$(if $($(s)_DEMO),$(BUILD)/target/$(s)/demo.elf))
	@mkdir -p docs/stages/output
	@for elf in $^; do s=$$(basename $$(dirname $$elf)); \
	    qemu/run.sh $$elf >docs/stages/output/$$s.txt 2>&1 || exit 1; echo "docs/stages/output/$$s.txt"; done
