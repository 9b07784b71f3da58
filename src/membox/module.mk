# Stage 1: the fixed-size block pool.
STAGES += membox
membox_INC := src/membox
membox_SRCS := src/membox/los_membox.c
membox_TEST := tests/unit/test_membox.c
membox_DEMO := src/membox/demo_membox.c
