# Fuzzing with libFuzzer (Debian's clang), one target per allocator.
#
#   make fuzz                  run each target for FUZZ_SECONDS (default 60)
#                              and print how many inputs it executed
#   make fuzz FUZZ_TARGETS=x   only the named targets
#   make fuzz-corpus           rewrite the committed seed corpora
#
# A target is tests/fuzz/fuzz_<stage>.c; it is built once its stage exists.
# `make test` replays each target's seed corpus (tests/fuzz/corpus/<stage>/)
# and its saved failures (tests/fuzz/regressions/<stage>/) once: the smoke
# pass. New inputs found by `make fuzz` go to build/fuzz/work/<stage>/, the
# inputs that fail to build/fuzz/crashes/<stage>/.

FUZZ_CC := clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS = -std=c11 -D_DEFAULT_SOURCE $(WARN) -Werror -O1 -g -fno-omit-frame-pointer \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_TARGETS ?= $(filter $(STAGES),$(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c)))

# A stage's programs link the port sources its module.mk names for the host
# (NAME_HOST_SRCS: the kernel's host backend, for a stage that blocks).
define fuzz_rules
$(BUILD)/fuzz/$(1): tests/fuzz/fuzz_$(1).c $($(1)_SRCS) $($(1)_HOST_SRCS) $($(1)_DEPS) $(HOST_DEPS)
	@mkdir -p $$(dir $$@)
	$$(FUZZ_CC) $$(FUZZ_CFLAGS) $($(1)_HOST_CFLAGS) $$(INC) -Itests/fuzz -o $$@ \
	    tests/fuzz/fuzz_$(1).c $($(1)_SRCS) $($(1)_HOST_SRCS) $$(COMMON_SRCS) $$(HOST_PORT) $$(HOST_LIBS)
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_rules,$(t))))

.PHONY: fuzz fuzz-smoke fuzz-corpus
fuzz: $(foreach t,$(FUZZ_TARGETS),$(BUILD)/fuzz/$(t))
	@status=0; for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(BUILD)/fuzz/work/$$t $(BUILD)/fuzz/crashes/$$t; \
	    $(BUILD)/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        -close_fd_mask=1 -artifact_prefix=$(BUILD)/fuzz/crashes/$$t/ \
	        $(BUILD)/fuzz/work/$$t tests/fuzz/corpus/$$t >$(BUILD)/fuzz/$$t.log 2>&1 \
	        || { status=1; echo "$$t: FAILED, see $(BUILD)/fuzz/$$t.log and $(BUILD)/fuzz/crashes/$$t/"; \
	             grep -m1 -A3 '^fuzz: \|ERROR:' $(BUILD)/fuzz/$$t.log; }; \
	    runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(BUILD)/fuzz/$$t.log); \
	    echo "$$t: $${runs:-?} inputs executed in $(FUZZ_SECONDS) s, $$(ls $(BUILD)/fuzz/work/$$t | wc -l) in the work corpus"; \
	done; exit $$status

fuzz-smoke:
	@for t in $(FUZZ_TARGETS); do \
	    $(TALLY) "fuzz smoke $$t" "$(MAKE) -s $(BUILD)/fuzz/$$t && \
	        $(BUILD)/fuzz/$$t \$$(find tests/fuzz/corpus/$$t tests/fuzz/regressions/$$t -type f 2>/dev/null)"; \
	done

fuzz-corpus:
	@for t in $(FUZZ_TARGETS); do $(PYTHON) tests/fuzz/make_corpus.py $$t tests/fuzz/corpus/$$t; done

test-more: fuzz-smoke
