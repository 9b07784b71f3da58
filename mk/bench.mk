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
    $(membox_SRCS) $(wildcard src/membox/*.h src/common/*.c qemu/*.c qemu/*.h)
	$(call target_prog,$@,tools/bench/selftest.c $(BENCH_MARK_SRCS) $(membox_SRCS) \
	    $(kernel_TARGET_SRCS),-Werror $(BENCH_INC))

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

# make icount BENCH_SRC=file.c [STAGE=name] [PATH_OF=label]
.PHONY: icount
icount: $(ICOUNT_PLUGIN)
	@test -n "$(BENCH_SRC)" || { echo "usage: make icount BENCH_SRC=file.c [STAGE=name] [PATH_OF=label]"; exit 2; }
	$(call target_prog,$(BENCH_BUILD)/icount.elf,$(BENCH_SRC) $(BENCH_MARK_SRCS) \
	    $(if $(STAGE),$($(STAGE)_SRCS) $($(STAGE)_TARGET_SRCS)),-Werror $(BENCH_INC))
	$(PYTHON) tools/bench/icount.py $(if $(PATH_OF),--path "$(PATH_OF)",--summary) $(BENCH_BUILD)/icount.elf

# ------------------------------------------------------------ make bench
# The benchmark runs every allocator that has a trace-tool adapter
# (tools/trace/adapt_NAME.c), or else one here (tools/bench/adapt_NAME.c),
# plus the C library's malloc, on the kit's traces and the trace tool's.
BENCH_TRACES := $(sort $(wildcard tools/bench/traces/*.trace)) $(sort $(wildcard tools/trace/traces/*.trace))
BENCH_TRACES_C := $(BENCH_BUILD)/traces.c
bench_adapters_in = $(patsubst $(1)/adapt_%.c,%,$(wildcard $(1)/adapt_*.c))
BENCH_ADAPTERS := $(sort $(filter $(STAGES),$(call bench_adapters_in,tools/trace) $(call bench_adapters_in,tools/bench)))
bench_adapter_src = $(firstword $(wildcard tools/trace/adapt_$(1).c tools/bench/adapt_$(1).c))
BENCH_ADAPTER_SRCS := $(foreach a,$(BENCH_ADAPTERS),$(call bench_adapter_src,$(a)))
BENCH_STAGE_SRCS := $(sort $(foreach a,$(BENCH_ADAPTERS),$($(a)_SRCS)))
BENCH_STAGE_TARGET_SRCS := $(sort $(foreach a,$(BENCH_ADAPTERS),$($(a)_TARGET_SRCS)))
BENCH_CFLAGS := $(BENCH_INC) -Itools/trace -DBENCH_ADAPTERS='$(foreach a,$(BENCH_ADAPTERS),X($(a)))'
BENCH_SRCS := tools/bench/replay.c $(BENCH_TRACES_C) tools/bench/adapt_libc.c $(BENCH_ADAPTER_SRCS) $(BENCH_STAGE_SRCS)
# Fragments are read before the Makefile names its common sources and
# headers, so the prerequisites are listed by pattern.
BENCH_DEPS := $(BENCH_SRCS) $(BENCH_MARK_SRCS) mk/bench.mk $(wildcard tools/bench/*.h tools/trace/*.h \
    src/*/*.h src/common/*.c tests/*.h qemu/*.c qemu/*.h)

$(BENCH_TRACES_C): tools/bench/trace2c.py $(BENCH_TRACES) mk/bench.mk
	@mkdir -p $(dir $@)
	$(PYTHON) tools/bench/trace2c.py $@ $(BENCH_TRACES)

$(BENCH_BUILD)/bench.elf: $(BENCH_DEPS)
	$(call target_prog,$@,$(BENCH_SRCS) $(BENCH_MARK_SRCS) $(BENCH_STAGE_TARGET_SRCS),$(BENCH_CFLAGS))
# Stage 4 blocks through the kernel: on the host, its POSIX-thread backend.
$(BENCH_BUILD)/bench-host: HOST_PORT += $(if $(filter kheap kmalloc,$(BENCH_ADAPTERS)),src/port/host/kernel_host.c)
$(BENCH_BUILD)/bench-host: $(BENCH_DEPS)
	$(call host_prog,$@,$(BENCH_SRCS),$(HOST_CFLAGS) $(BENCH_CFLAGS) -DBENCH_HOST)
# Utilization is the trace tool's figure: its program, built for the board
# with the same adapters and traces.
$(BENCH_BUILD)/util.elf: $(BENCH_DEPS) tools/trace/trace.c
	$(call target_prog,$@,tools/trace/trace.c $(BENCH_ADAPTER_SRCS) $(BENCH_STAGE_SRCS) \
	    $(BENCH_STAGE_TARGET_SRCS),-Itools/trace -DTRACE_ADAPTERS='$(foreach a,$(BENCH_ADAPTERS),X($(a)))' \
	    -DTRACE_DEFAULT_FILES='$(foreach f,$(BENCH_TRACES),"$(f)",)')

.PHONY: bench
bench: $(ICOUNT_PLUGIN) $(BENCH_BUILD)/bench.elf $(BENCH_BUILD)/bench-host $(BENCH_BUILD)/util.elf
	@sh tools/setup.sh build docs test
	$(PYTHON) tools/bench/bench.py

# ---------------------------------------------------------- heap pictures
#   make heap-pictures   run the scripted calls on the board, print each
#                        stage's pool as text and write the SVGs for the docs
HEAPVIZ_STAGES := membox freelist tlsf
HEAPVIZ_SRCS := tools/heapviz/heapdump.c $(sort $(foreach s,$(HEAPVIZ_STAGES),$($(s)_SRCS)))
$(BENCH_BUILD)/heapdump.elf: $(HEAPVIZ_SRCS) mk/bench.mk $(wildcard src/*/*.h src/common/*.c qemu/*.c qemu/*.h)
	$(call target_prog,$@,$(HEAPVIZ_SRCS),-Werror)

.PHONY: heap-pictures
heap-pictures: $(BENCH_BUILD)/heapdump.elf
	qemu/run.sh $< >$(BENCH_BUILD)/heapdump.txt 2>&1
	$(PYTHON) tools/heapviz/heapviz.py --text $(BENCH_BUILD)/heapdump.txt
	$(PYTHON) tools/heapviz/heapviz.py --svg docs/heap $(BENCH_BUILD)/heapdump.txt
