# Lab 2: split, coalesce and the fit searches of the free-list heap.
LABS += 2
lab2_STAGE := freelist
lab2_TESTS := labs/lab2/tests.c
