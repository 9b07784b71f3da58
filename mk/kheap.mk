# Stage 4's additions to the build.
#
# Programs of the stages that block (the kernel's own tests, k_heap) link
# the kernel: on the host its POSIX-thread backend is added to the port
# sources of just those programs; on the target qemu/kernel.c comes in
# through <stage>_TARGET_SRCS. Programs of the other stages stay as they
# were.
KERNEL_STAGES := kernel kheap
KERNEL_HOST_SRC := src/port/host/kernel_host.c

$(foreach s,$(KERNEL_STAGES),$(BUILD)/host/$(s)/test $(BUILD)/host-san/$(s)/test): \
    HOST_PORT += $(KERNEL_HOST_SRC)
$(foreach s,$(KERNEL_STAGES),$(BUILD)/host/$(s)/test $(BUILD)/host-san/$(s)/test): \
    $(KERNEL_HOST_SRC)
$(foreach s,$(KERNEL_STAGES),$(BUILD)/target/$(s)/test.elf $(BUILD)/target/$(s)/demo.elf): \
    qemu/kernel.c

# The stress test of stage 4: eight host threads on one k_heap, built with
# ThreadSanitizer, run as a step of `make test`.
KHEAP_STRESS := $(BUILD)/tsan/kheap/stress
KHEAP_STRESS_SRCS = tests/stress/stress_kheap.c $(kheap_SRCS) $(COMMON_SRCS) \
    $(HOST_PORT) $(KERNEL_HOST_SRC)
TSAN_CFLAGS = -std=c11 -D_DEFAULT_SOURCE $(WARN) -Werror -O1 -g -fsanitize=thread

$(KHEAP_STRESS): $(KHEAP_STRESS_SRCS) $(ALL_HEADERS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(TSAN_CFLAGS) $(INC) -o $@ $(KHEAP_STRESS_SRCS) $(HOST_LIBS)

.PHONY: test-kheap-stress
test-kheap-stress:
	@$(TALLY) "tsan kheap stress (8 threads)" "$(MAKE) -s $(KHEAP_STRESS) && TSAN_OPTIONS=halt_on_error=1 $(KHEAP_STRESS)"
test-more: test-kheap-stress
