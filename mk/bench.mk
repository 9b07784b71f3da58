# Measurement: the instruction counter (a QEMU plugin) and its self-test.
#
#   make icount BENCH_SRC=file.c [STAGE=name]   build file.c with the markers
#       (and the stage's sources) for the board, run it in QEMU, and print the
#       instructions of each BENCH_MEASURE interval, grouped by label.
#
# `make test` runs only the counter's self-test; the benchmark never.

BENCH_BUILD := $(BUILD)/bench
ICOUNT_PLUGIN := $(BENCH_BUILD)/icount_plugin.so
BENCH_MARK_SRCS := tools/bench/bench_mark.c
BENCH_INC := -Itools/bench

$(ICOUNT_PLUGIN): tools/bench/icount_plugin.c
	@mkdir -p $(dir $@)
	$(HOST_CC) -std=c11 $(WARN) -Werror -O2 -shared -fPIC -fvisibility=hidden -o $@ $<

$(BENCH_BUILD)/selftest.elf: tools/bench/selftest.c $(BENCH_MARK_SRCS) tools/bench/bench_mark.h \
    $(membox_SRCS) $(COMMON_SRCS) $(BOARD_SRCS) $(ALL_HEADERS)
	$(call target_prog,$@,tools/bench/selftest.c $(BENCH_MARK_SRCS) $(membox_SRCS),-Werror $(BENCH_INC))

# Two runs of the self-test must agree line for line.
.PHONY: icount-repeat
icount-repeat: $(ICOUNT_PLUGIN) $(BENCH_BUILD)/selftest.elf
	$(PYTHON) tools/bench/icount.py $(BENCH_BUILD)/selftest.elf >$(BENCH_BUILD)/selftest.run1
	$(PYTHON) tools/bench/icount.py $(BENCH_BUILD)/selftest.elf >$(BENCH_BUILD)/selftest.run2
	cmp $(BENCH_BUILD)/selftest.run1 $(BENCH_BUILD)/selftest.run2

test-more: bench-test-more
.PHONY: bench-test-more
bench-test-more:
	@$(TALLY) "instruction counter: exact counts" \
	    "$(MAKE) -s $(ICOUNT_PLUGIN) $(BENCH_BUILD)/selftest.elf && $(PYTHON) tools/bench/icount.py --check $(BENCH_BUILD)/selftest.elf"
	@$(TALLY) "instruction counter: same on every run" \
	    "$(MAKE) -s --no-print-directory icount-repeat"

# make icount BENCH_SRC=file.c [STAGE=name]
.PHONY: icount
icount: $(ICOUNT_PLUGIN)
	@test -n "$(BENCH_SRC)" || { echo "usage: make icount BENCH_SRC=file.c [STAGE=name]"; exit 2; }
	$(call target_prog,$(BENCH_BUILD)/icount.elf,$(BENCH_SRC) $(BENCH_MARK_SRCS) \
	    $(if $(STAGE),$($(STAGE)_SRCS) $($(STAGE)_TARGET_SRCS)),-Werror $(BENCH_INC))
	$(PYTHON) tools/bench/icount.py --summary $(BENCH_BUILD)/icount.elf
