# Stage 4: k_heap, a heap threads can wait on, over a sys_heap-style layer on
# the stage-3 pool. It blocks through the kernel services of the port, so
# its programs link them, and its tests also run under ThreadSanitizer.
STAGES += kheap
TSAN_STAGES += kheap
kheap_INC := src/kheap
kheap_SRCS := src/kheap/kheap.c src/kheap/sys_heap.c $(tlsf_SRCS)
kheap_TEST := tests/unit/test_kheap.c
kheap_DEMO := src/kheap/demo_kheap.c
kheap_TARGET_SRCS := $(KERNEL_TARGET_SRCS)
kheap_HOST_SRCS := $(KERNEL_HOST_SRCS)

# The stress test, a step of `make test` after the ThreadSanitizer builds:
# eight host threads allocating, freeing and waiting on one k_heap.
KHEAP_STRESS := $(BUILD)/tsan/kheap/stress
$(KHEAP_STRESS): tests/stress/stress_kheap.c $(kheap_SRCS) $(kheap_HOST_SRCS) $(HOST_DEPS)
	$(call host_prog,$@,tests/stress/stress_kheap.c $(kheap_SRCS) $(kheap_HOST_SRCS),$(TSAN_CFLAGS))

.PHONY: test-kheap-stress
test-more: test-kheap-stress
test-kheap-stress: test-tsan
	@$(TALLY) "tsan kheap stress (8 threads)" "$(MAKE) -s $(KHEAP_STRESS) && TSAN_OPTIONS=halt_on_error=1 $(KHEAP_STRESS)"

# The price of K_NO_WAIT, a step of `make test`: on the board, a
# k_heap_alloc with K_NO_WAIT costs at most 40 instructions more than the
# stage-3 call beneath it (tools/kheap/no_wait.c, counted as mk/bench.mk
# counts, with the instruction counter of tools/bench).
KHEAP_NO_WAIT := $(BUILD)/bench/kheap_no_wait.elf
$(KHEAP_NO_WAIT): tools/kheap/no_wait.c tools/bench/bench_mark.c $(kheap_SRCS) $(kheap_TARGET_SRCS) \
    $(TARGET_DEPS)
	$(call target_prog,$@,tools/kheap/no_wait.c tools/bench/bench_mark.c $(kheap_SRCS) \
	    $(kheap_TARGET_SRCS),-Werror $(BENCH_INC))

.PHONY: test-kheap-no-wait
test-more: test-kheap-no-wait
test-kheap-no-wait:
	@$(TALLY) "k_heap_alloc K_NO_WAIT: at most 40 instructions over the stage-3 call" \
	    "$(MAKE) -s $(ICOUNT_PLUGIN) $(KHEAP_NO_WAIT) && $(PYTHON) tools/bench/icount.py --summary $(KHEAP_NO_WAIT) | $(PYTHON) tools/kheap/no_wait_check.py"
