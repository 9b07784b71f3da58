# The kernel services under stage 4 (src/port/kernel.h), tested as a stage
# of their own: the scheduler in qemu/kernel.c on the target, POSIX threads
# (src/port/host/kernel_host.c, added by mk/kheap.mk) on the host.
STAGES += kernel
kernel_INC :=
kernel_SRCS :=
kernel_TEST := tests/unit/test_kernel.c
kernel_TARGET_SRCS := qemu/kernel.c

# Stage 4: k_heap, a heap threads can wait on, over a sys_heap-style layer on
# the stage-3 pool. (Recursive `=`: tlsf's module.mk is read after this one.)
STAGES += kheap
kheap_INC := src/kheap
kheap_SRCS = src/kheap/kheap.c src/kheap/sys_heap.c $(tlsf_SRCS)
kheap_TEST := tests/unit/test_kheap.c
kheap_TARGET_SRCS := qemu/kernel.c
kheap_DEMO := src/kheap/demo_kheap.c
