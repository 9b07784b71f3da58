# Lab 3: the two-level index of TLSF (mapping, bitmap search, segregated lists).
LABS += 3
lab3_STAGE := tlsf
lab3_TESTS := labs/lab3/tests.c
