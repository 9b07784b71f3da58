# Measurement: the instruction counter (a QEMU plugin) and its self-test.
#
#   make icount BENCH_SRC=file.c [STAGE=name] [PATH_OF=label]   build file.c
#       with the markers (and the stage's sources) for the board, run it in
#       QEMU, and print the instructions of each BENCH_MEASURE interval,
#       grouped by label; with PATH_OF, the executed path of that label's
#       longest interval instead, counted by function.
#
# `make test` runs only the counter's self-test; the benchmark never.

BENCH_BUILD := $(BUILD)/bench
ICOUNT_PLUGIN := $(BENCH_BUILD)/icount_plugin.so
BENCH_MARK_SRCS := tools/bench/bench_mark.c
BENCH_INC := -Itools/bench -DKIT_NO_ASSERT

$(ICOUNT_PLUGIN): tools/bench/icount_plugin.c
	@mkdir -p $(dir $@)
	$(HOST_CC) -std=c11 $(WARN) -Werror -O2 -shared -fPIC -fvisibility=hidden -o $@ $<

# The self-test links the kernel when there is one, so a timer is running.
$(BENCH_BUILD)/selftest.elf: tools/bench/selftest.c $(BENCH_MARK_SRCS) tools/bench/bench_mark.h \
    $(membox_SRCS) $(KERNEL_TARGET_SRCS) $(TARGET_DEPS)
	$(call target_prog,$@,tools/bench/selftest.c $(BENCH_MARK_SRCS) $(membox_SRCS) \
	    $(KERNEL_TARGET_SRCS),-Werror $(BENCH_INC))

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
	@$(TALLY) "instruction counter: a path, listed by function" \
	    "$(MAKE) -s $(ICOUNT_PLUGIN) $(BENCH_BUILD)/selftest.elf && $(PYTHON) tools/bench/icount.py --path 'expect 6 call of a five-instruction function (bl + 5)' $(BENCH_BUILD)/selftest.elf | grep -qx ' *5  five_instructions'"
	@$(TALLY) "heap pictures: the board's walk, and gdb's" \
	    "$(MAKE) -s $(BENCH_BUILD)/heapdump.elf && sh tools/heapviz/selftest.sh $(BENCH_BUILD)/heapdump.elf"

# make icount BENCH_SRC=file.c [STAGE=name] [PATH_OF=label] [LAB=n] [ICOUNT_CFLAGS=...]
# ICOUNT_CFLAGS builds a variant (for example -DOS_MEM_OWN_CLASS_TRIES=1). LAB=n takes the stage's files from exercises/labn (LAB_ROOT) where it has
# them, as the lab's grader does, so a student counts their own code.
icount_srcs = $(if $(LAB),$(call pick,$(1)),$(1))
.PHONY: icount
icount: $(ICOUNT_PLUGIN)
	@test -n "$(BENCH_SRC)" || { echo "usage: make icount BENCH_SRC=file.c [STAGE=name] [PATH_OF=label] [LAB=n]"; exit 2; }
	$(call target_prog,$(BENCH_BUILD)/icount.elf,$(BENCH_SRC) $(BENCH_MARK_SRCS) \
	    $(if $(STAGE),$(call icount_srcs,$($(STAGE)_SRCS) $($(STAGE)_TARGET_SRCS))),$(if $(LAB),$(call pick_inc),-Werror) $(BENCH_INC) $(ICOUNT_CFLAGS))
	$(PYTHON) tools/bench/icount.py $(if $(PATH_OF),--path "$(PATH_OF)",--summary) $(BENCH_BUILD)/icount.elf

# ------------------------------------------------------------ make bench
# The benchmark runs every allocator that has an adapter in the trace
# pipeline (tools/trace/adapt_NAME.c, mk/trace.mk), plus the C library's
# malloc (tools/trace/adapt_libc.c), on the shipped traces, in the order of
# TRACE_FILES (the Makefile's trace section).
BENCH_TRACES := $(TRACE_FILES)
BENCH_TRACES_C := $(BENCH_BUILD)/traces.c
BENCH_ADAPTERS := $(TRACE_ADAPTERS)
BENCH_CFLAGS := $(BENCH_INC) -I$(TRACE_DIR) -DBENCH_ADAPTERS='$(foreach a,$(BENCH_ADAPTERS),X($(a)))'
BENCH_SRCS := tools/bench/replay.c $(BENCH_TRACES_C) $(TRACE_DIR)/adapt_libc.c $(TRACE_ADAPTER_SRCS) \
    $(TRACE_STAGE_SRCS)
BENCH_DEPS := $(BENCH_SRCS) $(BENCH_MARK_SRCS) mk/bench.mk

$(BENCH_TRACES_C): tools/bench/trace2c.py $(BENCH_TRACES) mk/bench.mk
	@mkdir -p $(dir $@)
	$(PYTHON) tools/bench/trace2c.py $@ $(BENCH_TRACES)

$(BENCH_BUILD)/bench.elf: $(BENCH_DEPS) $(TRACE_TARGET_SRCS) $(TARGET_DEPS)
	$(call target_prog,$@,$(BENCH_SRCS) $(BENCH_MARK_SRCS) $(TRACE_TARGET_SRCS),$(BENCH_CFLAGS))
$(BENCH_BUILD)/bench-host: $(BENCH_DEPS) $(TRACE_HOST_SRCS) $(HOST_DEPS)
	$(call host_prog,$@,$(BENCH_SRCS) $(TRACE_HOST_SRCS),$(HOST_CFLAGS) $(BENCH_CFLAGS) -DBENCH_HOST)
# Utilization is the trace tool's figure: its program for the board (the
# same as mk/trace.mk's build/target/trace/trace.elf).
$(BENCH_BUILD)/util.elf: $(TRACE_SRCS) $(TRACE_TARGET_SRCS) $(TARGET_DEPS)
	$(call target_prog,$@,$(TRACE_SRCS) $(TRACE_TARGET_SRCS),$(TRACE_CFLAGS))

.PHONY: bench
bench: $(ICOUNT_PLUGIN) $(BENCH_BUILD)/bench.elf $(BENCH_BUILD)/bench-host $(BENCH_BUILD)/util.elf
	@sh tools/setup.sh build docs test
	$(PYTHON) tools/bench/bench.py

# ---------------------------------------------------------- heap pictures
#   make heap-pictures   run the scripted calls on the board, print each
#                        stage's pool as text and write the SVGs for the docs
HEAPVIZ_STAGES := membox freelist tlsf
HEAPVIZ_SRCS := tools/heapviz/heapdump.c $(sort $(foreach s,$(HEAPVIZ_STAGES),$($(s)_SRCS)))
$(BENCH_BUILD)/heapdump.elf: $(HEAPVIZ_SRCS) mk/bench.mk $(TARGET_DEPS)
	$(call target_prog,$@,$(HEAPVIZ_SRCS),-Werror)

.PHONY: heap-pictures
heap-pictures: $(BENCH_BUILD)/heapdump.elf
	qemu/run.sh $< >$(BENCH_BUILD)/heapdump.txt 2>&1
	$(PYTHON) tools/heapviz/heapviz.py --text $(BENCH_BUILD)/heapdump.txt
	$(PYTHON) tools/heapviz/heapviz.py --svg docs/heap $(BENCH_BUILD)/heapdump.txt
