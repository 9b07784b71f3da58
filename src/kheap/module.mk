# The kernel services under stage 4 (src/port/kernel.h), tested as a stage
# of their own: the scheduler in qemu/kernel.c on the target, POSIX threads
# (src/port/host/kernel_host.c, added by mk/kheap.mk) on the host.
STAGES += kernel
kernel_INC :=
kernel_SRCS :=
kernel_TEST := tests/unit/test_kernel.c
kernel_TARGET_SRCS := qemu/kernel.c
