# The additions to the build of the stages that run on the kernel.
#
# A stage runs on the kernel when its module.mk puts qemu/kernel.c in
# <stage>_TARGET_SRCS (the kernel's own tests, k_heap, k_malloc). On the
# host, the kernel's POSIX-thread backend is then added to the port sources
# of just that stage's programs. Programs of the other stages stay as they
# were.
KERNEL_STAGES := $(foreach s,$(STAGES),$(if $(filter qemu/kernel.c,$($(s)_TARGET_SRCS)),$(s)))
KERNEL_HOST_SRC := src/port/host/kernel_host.c

$(foreach s,$(KERNEL_STAGES),$(BUILD)/host/$(s)/test $(BUILD)/host-san/$(s)/test): \
    HOST_PORT += $(KERNEL_HOST_SRC)
$(foreach s,$(KERNEL_STAGES),$(BUILD)/host/$(s)/test $(BUILD)/host-san/$(s)/test): \
    $(KERNEL_HOST_SRC)
$(foreach s,$(KERNEL_STAGES),$(BUILD)/target/$(s)/test.elf $(BUILD)/target/$(s)/demo.elf): \
    qemu/kernel.c

# ThreadSanitizer: the unit tests of every stage on the kernel, and the
# stress test of stage 4 (eight host threads on one k_heap), each a step of
# `make test`.
KHEAP_STRESS := $(BUILD)/tsan/kheap/stress
KHEAP_STRESS_SRCS = tests/stress/stress_kheap.c $(kheap_SRCS) $(COMMON_SRCS) \
    $(HOST_PORT) $(KERNEL_HOST_SRC)
TSAN_CFLAGS = -std=c11 -D_DEFAULT_SOURCE $(WARN) -Werror -O1 -g -fsanitize=thread
# This file is read before the main Makefile sets COMMON_SRCS, HOST_PORT and
# ALL_HEADERS, so the prerequisites name what they stand for.
TSAN_DEPS := $(shell find src tests -name '*.h') src/common/kit_diag.c \
    src/port/host/port_host.c $(KERNEL_HOST_SRC)

$(KHEAP_STRESS): tests/stress/stress_kheap.c $(kheap_SRCS) $(TSAN_DEPS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(TSAN_CFLAGS) $(INC) -o $@ $(KHEAP_STRESS_SRCS) $(HOST_LIBS)

define tsan_unit_rule
$(BUILD)/tsan/$(1)/test: $($(1)_TEST) $($(1)_SRCS) $(TSAN_DEPS)
	@mkdir -p $$(dir $$@)
	$$(HOST_CC) $$(TSAN_CFLAGS) $$(INC) -o $$@ $($(1)_TEST) $($(1)_SRCS) $$(COMMON_SRCS) \
	    $$(HOST_PORT) $$(KERNEL_HOST_SRC) $$(HOST_LIBS)
endef
$(foreach s,$(KERNEL_STAGES),$(eval $(call tsan_unit_rule,$(s))))

.PHONY: test-kheap-stress
test-kheap-stress:
	@for s in $(KERNEL_STAGES); do \
	    $(TALLY) "tsan $$s" "$(MAKE) -s $(BUILD)/tsan/$$s/test && TSAN_OPTIONS=halt_on_error=1 $(BUILD)/tsan/$$s/test"; \
	done
	@$(TALLY) "tsan kheap stress (8 threads)" "$(MAKE) -s $(KHEAP_STRESS) && TSAN_OPTIONS=halt_on_error=1 $(KHEAP_STRESS)"
test-more: test-kheap-stress
