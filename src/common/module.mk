# What every program of the kit links: return codes and diagnostics.
COMMON_INC := src/common
COMMON_SRCS := src/common/kit_diag.c
