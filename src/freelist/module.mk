# Stage 2: the free-list heap, on the block layer it shares with stage 3.
STAGES += freelist
freelist_INC := src/freelist src/block
freelist_SRCS := src/freelist/freelist.c src/block/block.c
freelist_TEST := tests/unit/test_freelist.c
freelist_DEMO := src/freelist/demo_freelist.c
