# Lab 5: the heap pointer below each k_malloc block: z_heap_aligned_alloc,
# the walk back in k_free, and k_realloc.
LABS += 5
lab5_STAGE := kmalloc
lab5_TESTS := labs/lab5/tests.c
