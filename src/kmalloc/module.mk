# Stage 5: the k_malloc family over k_heap, with the system heap sized at
# build time. (Recursive `=`: kheap's and tlsf's module.mk set the sources
# this one builds on.)
STAGES += kmalloc
kmalloc_INC := src/kmalloc
kmalloc_SRCS = src/kmalloc/kmalloc.c $(kheap_SRCS)
kmalloc_TEST := tests/unit/test_kmalloc.c
kmalloc_TARGET_SRCS := qemu/kernel.c
kmalloc_DEMO := src/kmalloc/demo_kmalloc.c

# The same stage built with no system heap (CONFIG_HEAP_MEM_POOL_SIZE=0,
# set by kmalloc_nopool.c): k_malloc returns NULL, thread pools still work.
STAGES += kmalloc_nopool
kmalloc_nopool_INC :=
kmalloc_nopool_SRCS = src/kmalloc/kmalloc_nopool.c $(kheap_SRCS)
kmalloc_nopool_TEST := tests/unit/test_kmalloc_nopool.c
kmalloc_nopool_TARGET_SRCS := qemu/kernel.c
