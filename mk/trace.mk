# The trace tool (tools/trace/): replay traces against every allocator that
# has an adapter, check every block, and report utilization.
#
#   make trace                  every shipped trace, every adapter, on the host
#   make trace TRACES="f..."    other trace files
#   make trace-qemu             the same, in QEMU (traces read by semihosting)
#
# An adapter is tools/trace/adapt_NAME.c for the stage NAME (see
# tools/trace/trace.h); the tool links NAME_SRCS, so a new adapter is one file.

TRACE_ADAPTERS := $(patsubst tools/trace/adapt_%.c,%,$(sort $(wildcard tools/trace/adapt_*.c)))
TRACE_FILES := $(sort $(wildcard tools/trace/traces/*.trace))
TRACES ?= $(TRACE_FILES)
TRACE_SRCS := tools/trace/trace.c $(foreach a,$(TRACE_ADAPTERS),tools/trace/adapt_$(a).c) \
    $(sort $(foreach a,$(TRACE_ADAPTERS),$($(a)_SRCS)))
TRACE_TARGET_SRCS := $(sort $(foreach a,$(TRACE_ADAPTERS),$($(a)_TARGET_SRCS)))
TRACE_CFLAGS := -Itools/trace -DTRACE_ADAPTERS='$(foreach a,$(TRACE_ADAPTERS),X($(a)))' \
    -DTRACE_DEFAULT_FILES='$(foreach f,$(TRACE_FILES),"$(f)",)'
# Fragments are read before the Makefile sets COMMON_SRCS and ALL_HEADERS, so
# the prerequisites are listed here.
TRACE_DEPS := $(TRACE_SRCS) mk/trace.mk \
    $(wildcard tools/trace/*.h src/*/*.h src/common/*.c tests/*.h qemu/*.c qemu/*.h)
TRACE_HOST := $(BUILD)/host/trace/trace
TRACE_SAN := $(BUILD)/host-san/trace/trace
TRACE_ELF := $(BUILD)/target/trace/trace.elf

$(TRACE_HOST): $(TRACE_DEPS)
	$(call host_prog,$@,$(TRACE_SRCS),$(HOST_CFLAGS) $(TRACE_CFLAGS))
$(TRACE_SAN): $(TRACE_DEPS)
	$(call host_prog,$@,$(TRACE_SRCS),$(HOST_SAN_CFLAGS) $(TRACE_CFLAGS))
# The tool against allocators that each break one rule: every row must fail.
$(BUILD)/host/trace/selftest: tools/trace/trace.c tools/trace/selftest_broken.c $(TRACE_DEPS)
	$(call host_prog,$@,tools/trace/trace.c tools/trace/selftest_broken.c,$(HOST_CFLAGS) \
	    -Itools/trace -DTRACE_ADAPTERS='X(broken)' -DTRACE_DEFAULT_FILES='"tools/trace/traces/realloc.trace"')
$(TRACE_ELF): $(TRACE_DEPS)
	$(call target_prog,$@,$(TRACE_SRCS) $(TRACE_TARGET_SRCS),-Werror $(TRACE_CFLAGS))

.PHONY: trace trace-qemu trace-test
trace: $(TRACE_HOST)
	@$(TRACE_HOST) $(TRACES)

trace-qemu: $(TRACE_ELF)
	@KIT_QEMU_TIMEOUT=600 qemu/run.sh $(TRACE_ELF)

test-more: trace-test
trace-test:
	@$(TALLY) "trace tool: every trace, every adapter" "$(MAKE) -s $(TRACE_HOST) && $(TRACE_HOST)"
	@$(TALLY) "trace tool: its checks catch broken allocators" \
	    "$(MAKE) -s $(BUILD)/host/trace/selftest && test \$$($(BUILD)/host/trace/selftest | grep -c BROKEN) -eq 4"
	@$(TALLY) "trace tool asan+ubsan: realloc trace" \
	    "$(MAKE) -s $(TRACE_SAN) && $(TRACE_SAN) tools/trace/traces/realloc.trace"
	@$(TALLY) "trace tool in qemu: every trace, every adapter" \
	    "$(MAKE) -s $(TRACE_ELF) && qemu/run.sh $(TRACE_ELF)"
