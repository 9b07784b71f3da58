# The corruption matrix (tests/corrupt/): every value of every byte of the
# header in front of a used block and of the first words of a free block,
# followed by each call that reads it, for each allocator with headers.
#
# tests/corrupt/corrupt_<stage>.c is the stage's adapter; tests/corrupt/
# corrupt.h runs and judges the cells. `make test` runs each three ways:
# plain, under AddressSanitizer and UndefinedBehaviorSanitizer, and 32-bit
# (-m32) where the compiler has it; each run fails on a failing cell or on
# a one-byte overflow that free, a realloc or the integrity check does not
# report. Then tests/corrupt/figures.py --check fails unless the figures
# published on the bad-input page (tests/corrupt/figures.txt) are those the
# plain and 32-bit runs measured. `make corrupt` runs the matrix alone;
# `make corrupt-docs` takes the figures of the last run and rewrites the
# page. Each run leaves its summary in build/corrupt/<variant>/<stage>.log,
# every failing cell in <stage>.cells and its figures in <stage>.figures.

CORRUPT_STAGES := $(filter $(STAGES),$(patsubst tests/corrupt/corrupt_%.c,%,$(wildcard tests/corrupt/corrupt_*.c)))
CORRUPT_M32 := $(shell echo 'int main(void){return 0;}' | $(HOST_CC) -m32 -x c -o /dev/null - 2>/dev/null && echo yes)
CORRUPT_VARIANTS := plain san $(if $(CORRUPT_M32),m32)
CORRUPT_CFLAGS_plain = $(HOST_CFLAGS)
CORRUPT_CFLAGS_san = $(HOST_SAN_CFLAGS)
CORRUPT_CFLAGS_m32 = $(HOST_CFLAGS) -m32

define corrupt_rules
$(BUILD)/corrupt/$(2)/$(1): tests/corrupt/corrupt_$(1).c $($(1)_SRCS) $($(1)_HOST_SRCS) $($(1)_DEPS) $(HOST_DEPS)
	$$(call host_prog,$$@,tests/corrupt/corrupt_$(1).c $($(1)_SRCS) $($(1)_HOST_SRCS),$$(CORRUPT_CFLAGS_$(2)) $($(1)_HOST_CFLAGS) -Itests/corrupt)
endef
$(foreach s,$(CORRUPT_STAGES),$(foreach v,$(CORRUPT_VARIANTS),$(eval $(call corrupt_rules,$(s),$(v)))))

corrupt_run = $(MAKE) -s $(BUILD)/corrupt/$(2)/$(1) && \
    sh tests/corrupt/run.sh $(BUILD)/corrupt/$(2)/$(1) $(BUILD)/corrupt/$(2) $(1)

.PHONY: corrupt corrupt-docs test-corrupt
corrupt:
	@for v in $(CORRUPT_VARIANTS); do for s in $(CORRUPT_STAGES); do \
	    echo "== $$s ($$v)"; $(call corrupt_run,$$s,$$v) | grep -v '^  [a-z]* +[0-9]'; \
	done; done

test-corrupt:
	@for v in $(CORRUPT_VARIANTS); do for s in $(CORRUPT_STAGES); do \
	    $(TALLY) "corruption matrix $$s ($$v)" "$(call corrupt_run,$$s,$$v)"; \
	done; done
	@$(TALLY) "corruption matrix: published figures current" \
	    "$(PYTHON) tests/corrupt/figures.py --check $(CORRUPT_STAGES)"

corrupt-docs:
	$(PYTHON) tests/corrupt/figures.py --write $(CORRUPT_STAGES)
	$(PYTHON) tests/matrix/matrix.py --write $(STAGES)

test-more: test-corrupt
