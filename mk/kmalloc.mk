# Stage 5's additions to the build: its programs link the kernel (the
# POSIX-thread backend on the host, as mk/kheap.mk does for stage 4).
KMALLOC_STAGES := kmalloc kmalloc_nopool
KMALLOC_KERNEL_HOST_SRC := src/port/host/kernel_host.c

$(foreach s,$(KMALLOC_STAGES),$(BUILD)/host/$(s)/test $(BUILD)/host-san/$(s)/test): \
    HOST_PORT += $(KMALLOC_KERNEL_HOST_SRC)
$(foreach s,$(KMALLOC_STAGES),$(BUILD)/host/$(s)/test $(BUILD)/host-san/$(s)/test): \
    $(KMALLOC_KERNEL_HOST_SRC)
$(foreach s,$(KMALLOC_STAGES),$(BUILD)/target/$(s)/test.elf $(BUILD)/target/$(s)/demo.elf): \
    qemu/kernel.c
$(BUILD)/host/kmalloc_nopool/test $(BUILD)/host-san/kmalloc_nopool/test \
    $(BUILD)/target/kmalloc_nopool/test.elf: src/kmalloc/kmalloc.c

# ThreadSanitizer run of stage 5's unit tests (the rule comes from
# mk/kheap.mk, read before this file), a step of `make test`.
$(eval $(call tsan_unit_rule,kmalloc))

.PHONY: test-kmalloc-tsan
test-kmalloc-tsan:
	@$(TALLY) "tsan kmalloc" "$(MAKE) -s $(BUILD)/tsan/kmalloc/test && TSAN_OPTIONS=halt_on_error=1 $(BUILD)/tsan/kmalloc/test"
test-more: test-kmalloc-tsan
