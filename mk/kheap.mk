# Stage 4's additions to the build.
#
# Programs of the stages that block (the kernel's own tests, k_heap) link
# the kernel: on the host its POSIX-thread backend is added to the port
# sources of just those programs; on the target qemu/kernel.c comes in
# through <stage>_TARGET_SRCS. Programs of the other stages stay as they
# were.
KERNEL_STAGES := kernel
KERNEL_HOST_SRC := src/port/host/kernel_host.c

$(foreach s,$(KERNEL_STAGES),$(BUILD)/host/$(s)/test $(BUILD)/host-san/$(s)/test): \
    HOST_PORT += $(KERNEL_HOST_SRC)
$(foreach s,$(KERNEL_STAGES),$(BUILD)/host/$(s)/test $(BUILD)/host-san/$(s)/test): \
    $(KERNEL_HOST_SRC)
$(foreach s,$(KERNEL_STAGES),$(BUILD)/target/$(s)/test.elf $(BUILD)/target/$(s)/demo.elf): \
    qemu/kernel.c
