# The trace tool (tools/trace/trace.c): it replays traces against every
# allocator that has an adapter, checks every block and reports utilization.
#
#   make trace                  every shipped trace, every adapter, on the host
#   make trace TRACES="f..."    other trace files
#   make trace-qemu             the same, in QEMU (traces read by semihosting)
#   make index-sweep            stage 3's utilization for each variant of its
#                               index (second-level bits, tries in the own
#                               class) against stage 2's best fit, and its
#                               control structure, on the board
#
# The traces, the adapters and the tool's sources and flags are set in the
# Makefile's trace section, which the benchmark (mk/bench.mk) shares. `make
# test` also checks that each shipped trace is still what
# tools/trace/gen_trace.py writes.

TRACES ?= $(TRACE_FILES)
TRACE_HOST := $(BUILD)/host/trace/trace
TRACE_SAN := $(BUILD)/host-san/trace/trace
TRACE_ELF := $(BUILD)/target/trace/trace.elf

$(TRACE_HOST): $(TRACE_SRCS) $(TRACE_HOST_SRCS) $(HOST_DEPS) mk/trace.mk
	$(call host_prog,$@,$(TRACE_SRCS) $(TRACE_HOST_SRCS),$(HOST_CFLAGS) $(TRACE_CFLAGS))
$(TRACE_SAN): $(TRACE_SRCS) $(TRACE_HOST_SRCS) $(HOST_DEPS) mk/trace.mk
	$(call host_prog,$@,$(TRACE_SRCS) $(TRACE_HOST_SRCS),$(HOST_SAN_CFLAGS) $(TRACE_CFLAGS))
# The tool against allocators that each break one rule: every row must fail.
$(BUILD)/host/trace/selftest: $(TRACE_DIR)/trace.c $(TRACE_DIR)/selftest_broken.c $(HOST_DEPS) mk/trace.mk
	$(call host_prog,$@,$(TRACE_DIR)/trace.c $(TRACE_DIR)/selftest_broken.c,$(HOST_CFLAGS) \
	    -I$(TRACE_DIR) $(call trace_adapters_flag,broken) \
	    $(call trace_files_flag,$(TRACE_DIR)/traces/realloc.trace))
$(TRACE_ELF): $(TRACE_SRCS) $(TRACE_TARGET_SRCS) $(TARGET_DEPS) mk/trace.mk
	$(call target_prog,$@,$(TRACE_SRCS) $(TRACE_TARGET_SRCS),-Werror $(TRACE_CFLAGS))

.PHONY: trace trace-qemu trace-test
trace: $(TRACE_HOST)
	@$(TRACE_HOST) $(TRACES)

trace-qemu: $(TRACE_ELF)
	@KIT_QEMU_TIMEOUT=600 qemu/run.sh $(TRACE_ELF)

test-more: trace-test
trace-test:
	@$(TALLY) "trace generator: the shipped traces, byte for byte" \
	    "$(PYTHON) $(TRACE_DIR)/gen_trace.py --check"
	@$(TALLY) "trace tool: every trace, every adapter" "$(MAKE) -s $(TRACE_HOST) && $(TRACE_HOST)"
	@$(TALLY) "trace tool: its checks catch broken allocators" \
	    "$(MAKE) -s $(BUILD)/host/trace/selftest && test \$$($(BUILD)/host/trace/selftest | grep -c BROKEN) -eq 4"
	@$(TALLY) "trace tool asan+ubsan: realloc trace" \
	    "$(MAKE) -s $(TRACE_SAN) && $(TRACE_SAN) $(TRACE_DIR)/traces/realloc.trace"
	@$(TALLY) "trace tool in qemu: every trace, every adapter" \
	    "$(MAKE) -s $(TRACE_ELF) && qemu/run.sh $(TRACE_ELF)"

# ---------------------------------------------------------- make index-sweep
# The trace tool for the board with stages 2 and 3, built once per variant
# of stage 3's index (SLI-TRIES: -DOS_MEM_SLI and -DOS_MEM_OWN_CLASS_TRIES)
# from the stages' own source lists, replays every shipped trace; a second
# image, tools/tlsf/control_size.c, reports the size of the control
# structure for the smallest TLSF pool of each trace and for pools of 256 B,
# 8 KiB, 64 KiB and 4 MiB; tools/tlsf/index_report.py puts the runs in
# tables. The kit's own index is 1-3.
INDEX_VARIANTS := 1-0 1-1 1-2 1-3 1-6 2-3 3-3
INDEX_BUILD := $(BUILD)/tlsf-index
INDEX_STAGES := freelist tlsf
INDEX_SRCS := $(TRACE_DIR)/trace.c $(foreach a,$(INDEX_STAGES),$(TRACE_DIR)/adapt_$(a).c) \
    $(sort $(foreach a,$(INDEX_STAGES),$($(a)_SRCS) $($(a)_TARGET_SRCS)))
# -DOS_MEM_SLI=s -DOS_MEM_OWN_CLASS_TRIES=t for a variant s-t
index_flags = -DOS_MEM_SLI=$(word 1,$(subst -, ,$(1))) -DOS_MEM_OWN_CLASS_TRIES=$(word 2,$(subst -, ,$(1)))
# The smallest TLSF pool of each trace in a run of the tool, then the fixed
# sizes, comma-separated (expanded in the recipe, so the run exists).
index_pools = $(shell sed -n 's/^[^ ]*\.trace  *[0-9]*  *[0-9]*  *tlsf  *\([0-9]*\) .*/\1/p' $(1) \
    | tr '\n' ,)256,8192,65536,4194304

$(INDEX_BUILD)/trace-%.elf: $(INDEX_SRCS) $(TRACE_FILES) $(TARGET_DEPS) mk/trace.mk
	$(call target_prog,$@,$(INDEX_SRCS),-Werror $(call index_flags,$*) \
	    $(call trace_adapters_flag,$(INDEX_STAGES)) -I$(TRACE_DIR) $(call trace_files_flag,$(TRACE_FILES)))
$(INDEX_BUILD)/control-%.elf: $(INDEX_BUILD)/run-%.txt tools/tlsf/control_size.c $(tlsf_SRCS) $(TARGET_DEPS)
	$(call target_prog,$@,tools/tlsf/control_size.c $(tlsf_SRCS) $(tlsf_TARGET_SRCS), \
	    -Werror $(call index_flags,$*) -DCONTROL_SIZES='$(call index_pools,$<)')
# A run's output is kept only when the run succeeds.
$(INDEX_BUILD)/run-%.txt: $(INDEX_BUILD)/trace-%.elf
	KIT_QEMU_TIMEOUT=600 qemu/run.sh $< </dev/null >$@.part 2>&1 && mv $@.part $@
$(INDEX_BUILD)/control-%.txt: $(INDEX_BUILD)/control-%.elf
	qemu/run.sh $< </dev/null >$@.part 2>&1 && mv $@.part $@

.PHONY: index-sweep
index-sweep: $(foreach v,$(INDEX_VARIANTS),$(INDEX_BUILD)/run-$(v).txt $(INDEX_BUILD)/control-$(v).txt)
	@$(PYTHON) tools/tlsf/index_report.py $(INDEX_BUILD) $(INDEX_VARIANTS)
