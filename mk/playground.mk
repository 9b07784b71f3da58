# The playground (tools/playground/): the kit's allocators compiled to
# WebAssembly from src/ as it is, and a page in the documentation that runs
# them in the reader's browser.
#
#   make playground              the module, its counter and the page's scripts,
#                                copied into build/html/<language>/_playground
#                                (make docs does it first)
#   make playground-test         the tests of `make test`: the module against the
#                                host build, the counter, the page in Chromium
#   make playground-screenshots  pictures of the page in build/screenshots/
#   make playground-given PG_GIVEN_DIR=dir   the page's files into dir, for
#                                the student kit
#
# The module is built by Debian's clang for wasm32-wasi (wasi-libc), with a
# port backend that has no threads; tools/playground/instrument.py makes it
# count the instructions each allocator call executes.

PG_DIR := tools/playground
PG_BUILD := $(BUILD)/playground
PG_SITE := $(PG_BUILD)/site
NODE := node
WASM_CC := clang-14 --target=wasm32-wasi --sysroot=/usr
PG_CFLAGS := -std=c11 -D_DEFAULT_SOURCE $(WARN) -Werror -O2 -DKIT_NO_ASSERT
PG_STAGES := membox freelist tlsf
PG_ALLOC_SRCS := $(sort $(foreach s,$(PG_STAGES),$($(s)_SRCS)))
PG_GLUE := $(addprefix $(PG_DIR)/,pg.c pg_membox.c pg_freelist.c pg_tlsf.c pg_icount.c)
PG_INC := $(addprefix -I,$(PORT_INC) $(COMMON_INC) $(sort $(foreach s,$(PG_STAGES),$($(s)_INC))) $(PG_DIR))
PG_OBJS := $(patsubst %.c,$(PG_BUILD)/obj/%.o,$(PG_ALLOC_SRCS))
PG_EXPORTS := -Wl,--export=pg_do,--export=pg_input,--export=pg_cost
PG_DEPS := $(PG_GLUE) $(PG_DIR)/pg.h mk/playground.mk $(HOST_DEPS) \
    $(foreach s,$(PG_STAGES),$($(s)_DEPS))
# The playground's own short traces, then the kit's.
PG_TRACES := $(sort $(wildcard $(PG_DIR)/traces/*.trace)) $(TRACE_FILES)
PG_WEB := $(addprefix $(PG_DIR)/web/,pg-runtime.js playground.js playground.css)

# The allocators' objects: instrument.py counts the functions they define.
$(PG_BUILD)/obj/%.o: %.c $(PG_DEPS)
	@mkdir -p $(dir $@)
	$(WASM_CC) $(PG_CFLAGS) $(PG_INC) -c -o $@ $<

$(PG_BUILD)/pg.raw.wasm: $(PG_OBJS) $(PG_DIR)/port_wasm.c $(PG_DEPS)
	$(WASM_CC) -mexec-model=reactor $(PG_CFLAGS) $(PG_INC) $(PG_EXPORTS) -o $@ \
	    $(PG_OBJS) $(PG_GLUE) $(COMMON_SRCS) $(PG_DIR)/port_wasm.c

$(PG_BUILD)/pg.wasm: $(PG_BUILD)/pg.raw.wasm $(PG_OBJS) $(PG_DIR)/instrument.py
	$(PYTHON) $(PG_DIR)/instrument.py $< $@ $(PG_OBJS)

# The same glue on the host, 32-bit as wasm32 and the Cortex-M3 are.
$(PG_BUILD)/pg-host: $(PG_ALLOC_SRCS) $(PG_DIR)/pg_host.c $(PG_DEPS)
	$(call host_prog,$@,$(PG_ALLOC_SRCS) $(PG_GLUE) $(PG_DIR)/pg_host.c,-m32 $(PG_CFLAGS) $(PG_INC))
# ... and one whose TLSF has other classes: the test must tell them apart.
$(PG_BUILD)/pg-host-sli2: $(PG_ALLOC_SRCS) $(PG_DIR)/pg_host.c $(PG_DEPS)
	$(call host_prog,$@,$(PG_ALLOC_SRCS) $(PG_GLUE) $(PG_DIR)/pg_host.c,-m32 -DOS_MEM_SLI=2 $(PG_CFLAGS) $(PG_INC))

$(PG_BUILD)/test_count.wasm: $(PG_DIR)/test_count.wat $(PG_DIR)/instrument.py
	@mkdir -p $(dir $@)
	wat2wasm --debug-names $< -o $(PG_BUILD)/test_count.raw.wasm
	$(PYTHON) $(PG_DIR)/instrument.py $(PG_BUILD)/test_count.raw.wasm $@ --functions sum,pick,outer

$(PG_SITE)/pg-data.js: $(PG_BUILD)/pg.wasm $(PG_TRACES) $(PG_DIR)/bundle.py
	$(PYTHON) $(PG_DIR)/bundle.py $@ $(PG_BUILD)/pg.wasm $(PG_TRACES)

.PHONY: playground playground-test playground-screenshots
playground: $(PG_SITE)/pg-data.js $(PG_WEB)
	@for lang in $(DOCS_LANGS); do \
	    mkdir -p $(DOCS_HTML)/$$lang/_playground && \
	    cp $(PG_SITE)/pg-data.js $(PG_WEB) $(DOCS_HTML)/$$lang/_playground/ || exit 1; \
	done

$(addprefix docs-,$(DOCS_LANGS)): playground

# make playground-given PG_GIVEN_DIR=dir: the same files (the module built
# here, the page's scripts) into dir. tools/mkkit.py ships them in the
# student kit, which has no sources to build the module from; its docs
# build copies them beside the page (mk/docs.mk).
.PHONY: playground-given
playground-given: $(PG_SITE)/pg-data.js $(PG_WEB)
	@test -n "$(PG_GIVEN_DIR)" || { echo "make $@: say where, PG_GIVEN_DIR=dir" >&2; exit 2; }
	@mkdir -p $(PG_GIVEN_DIR) && cp $^ $(PG_GIVEN_DIR)/

PG_EQUIV_TRACES := $(PG_TRACES)
test-more: playground-test
playground-test:
	@echo "Playground:"
	@$(TALLY) "playground: the counter counts what runs" \
	    "$(MAKE) -s $(PG_BUILD)/test_count.wasm && $(NODE) $(PG_DIR)/test_count.js $(PG_BUILD)/test_count.wasm"
	@$(TALLY) "playground: module and 32-bit host build give the same answers" \
	    "$(MAKE) -s $(PG_BUILD)/pg.wasm $(PG_BUILD)/pg-host && $(NODE) $(PG_DIR)/test_equiv.js $(PG_BUILD)/pg-host $(PG_BUILD)/pg.wasm $(PG_EQUIV_TRACES)"
	@$(TALLY) "playground: the same test fails on a host build that differs" \
	    "$(MAKE) -s $(PG_BUILD)/pg.wasm $(PG_BUILD)/pg-host-sli2 && { $(NODE) $(PG_DIR)/test_equiv.js $(PG_BUILD)/pg-host-sli2 $(PG_BUILD)/pg.wasm $(PG_DIR)/traces/classes.trace >/dev/null 2>&1; test \$$? -eq 1; }"
	@$(TALLY) "playground: the page in headless Chromium, en and zh_CN" \
	    "{ test -f $(DOCS_HTML)/en/playground.html && test -f $(DOCS_HTML)/zh_CN/playground.html || $(MAKE) -s --no-print-directory docs; } && $(MAKE) -s --no-print-directory playground && $(NODE) $(PG_DIR)/test_browser.js $(DOCS_HTML)"

playground-screenshots: playground
	@test -f $(DOCS_HTML)/en/playground.html || $(MAKE) -s --no-print-directory docs
	$(NODE) $(PG_DIR)/test_browser.js $(DOCS_HTML) --screenshots $(BUILD)/screenshots
