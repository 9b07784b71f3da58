# Stage 2: the free-list heap, on the block layer.
STAGES += freelist
freelist_INC := src/freelist $(BLOCK_INC)
freelist_SRCS := src/freelist/freelist.c $(BLOCK_SRCS)
freelist_TEST := tests/unit/test_freelist.c
freelist_DEMO := src/freelist/demo_freelist.c
