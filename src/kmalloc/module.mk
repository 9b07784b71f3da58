# Stage 5: the k_malloc family over k_heap, with the system heap sized at
# build time; like stage 4, it runs on the kernel services of the port.
STAGES += kmalloc
TSAN_STAGES += kmalloc
kmalloc_INC := src/kmalloc
kmalloc_SRCS := src/kmalloc/kmalloc.c $(kheap_SRCS)
kmalloc_TEST := tests/unit/test_kmalloc.c
kmalloc_DEMO := src/kmalloc/demo_kmalloc.c
kmalloc_TARGET_SRCS := $(KERNEL_TARGET_SRCS)
kmalloc_HOST_SRCS := $(KERNEL_HOST_SRCS)

# The same stage built with no system heap (CONFIG_HEAP_MEM_POOL_SIZE=0,
# set by kmalloc_nopool.c, which includes kmalloc.c): k_malloc returns NULL,
# thread pools still work.
STAGES += kmalloc_nopool
TSAN_STAGES += kmalloc_nopool
kmalloc_nopool_INC :=
kmalloc_nopool_SRCS := src/kmalloc/kmalloc_nopool.c $(kheap_SRCS)
kmalloc_nopool_TEST := tests/unit/test_kmalloc_nopool.c
kmalloc_nopool_TARGET_SRCS := $(KERNEL_TARGET_SRCS)
kmalloc_nopool_HOST_SRCS := $(KERNEL_HOST_SRCS)
kmalloc_nopool_DEPS := src/kmalloc/kmalloc.c

# The same stage with a small system heap, as Zephyr's own k_malloc tests
# run it (CONFIG_HEAP_MEM_POOL_SIZE, set by kmalloc_small.c).
STAGES += kmalloc_small
kmalloc_small_INC :=
kmalloc_small_SRCS := src/kmalloc/kmalloc_small.c $(kheap_SRCS)
kmalloc_small_TEST := tests/unit/test_kmalloc_small.c
kmalloc_small_TARGET_SRCS := $(KERNEL_TARGET_SRCS)
kmalloc_small_HOST_SRCS := $(KERNEL_HOST_SRCS)
kmalloc_small_DEPS := src/kmalloc/kmalloc.c
