# The port: what the allocators need from the system, on each side.
#
# Every host program links HOST_PORT (the lock over POSIX threads); every
# board image links BOARD_SRCS (startup and vector table, fault handlers,
# semihosting, the lock over PRIMASK) and the linker script of the
# toolchain section.
PORT_INC := src/port
HOST_PORT := src/port/host/port_host.c
BOARD_INC := qemu
BOARD_SRCS := qemu/startup.c qemu/faults.c qemu/semihost.c qemu/port_target.c

# The kernel services of src/port/kernel.h (threads, wait queues, ticks): a
# scheduler on the board, POSIX threads on the host. A stage that blocks
# links them by naming these in its NAME_TARGET_SRCS and NAME_HOST_SRCS.
KERNEL_TARGET_SRCS := qemu/kernel.c
KERNEL_HOST_SRCS := src/port/host/kernel_host.c

# The kernel services tested as a stage of their own, also under
# ThreadSanitizer.
STAGES += kernel
TSAN_STAGES += kernel
kernel_INC :=
kernel_SRCS :=
kernel_TEST := tests/unit/test_kernel.c
kernel_TARGET_SRCS := $(KERNEL_TARGET_SRCS)
kernel_HOST_SRCS := $(KERNEL_HOST_SRCS)
