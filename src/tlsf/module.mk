# Stage 3: TLSF, two-level segregated fit, on the shared block layer.
STAGES += tlsf
tlsf_INC := src/tlsf src/block
tlsf_SRCS := src/tlsf/los_memory.c src/block/block.c
tlsf_TEST := tests/unit/test_tlsf.c
tlsf_DEMO := src/tlsf/demo_tlsf.c
