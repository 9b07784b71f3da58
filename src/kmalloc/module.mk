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

# Variants: the same stage with another system heap, its size set by a
# file src/kmalloc/NAME.c that defines CONFIG_HEAP_MEM_POOL_SIZE and
# includes kmalloc.c, so that a variant builds alike on the host, under the
# sanitizers and on the target; its tests are tests/unit/test_NAME.c.
define kmalloc_variant
STAGES += $(1)
$(1)_INC :=
$(1)_SRCS := src/kmalloc/$(1).c $(kheap_SRCS)
$(1)_TEST := tests/unit/test_$(1).c
$(1)_TARGET_SRCS := $(KERNEL_TARGET_SRCS)
$(1)_HOST_SRCS := $(KERNEL_HOST_SRCS)
$(1)_DEPS := src/kmalloc/kmalloc.c
endef

# No system heap (CONFIG_HEAP_MEM_POOL_SIZE=0): k_malloc returns NULL,
# thread pools still work. Also under ThreadSanitizer.
$(eval $(call kmalloc_variant,kmalloc_nopool))
TSAN_STAGES += kmalloc_nopool

# A small system heap, as Zephyr's own k_malloc tests run it.
$(eval $(call kmalloc_variant,kmalloc_small))
