# Stage 3: TLSF, two-level segregated fit, on the block layer.
STAGES += tlsf
tlsf_INC := src/tlsf $(BLOCK_INC)
tlsf_SRCS := src/tlsf/los_memory.c $(BLOCK_SRCS)
tlsf_TEST := tests/unit/test_tlsf.c
tlsf_DEMO := src/tlsf/demo_tlsf.c
