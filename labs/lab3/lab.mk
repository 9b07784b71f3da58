# Lab 3: the two-level index of TLSF (mapping, bitmap search, segregated lists).
LABS += 3
lab3_STAGE := tlsf
lab3_TESTS := labs/lab3/tests.c
# The tests include los_memory.c to grade the mapping functions alone, so
# the image does not compile it a second time.
lab3_INCLUDED_SRCS := src/tlsf/los_memory.c
