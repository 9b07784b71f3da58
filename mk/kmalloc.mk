# Stage 5's one addition to the build (mk/kheap.mk links the kernel into its
# programs and runs their ThreadSanitizer build): the variant with no system
# heap compiles kmalloc.c through kmalloc_nopool.c, so it is rebuilt when
# kmalloc.c changes.
$(BUILD)/host/kmalloc_nopool/test $(BUILD)/host-san/kmalloc_nopool/test \
    $(BUILD)/target/kmalloc_nopool/test.elf: src/kmalloc/kmalloc.c
