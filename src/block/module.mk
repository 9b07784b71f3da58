# The block layer that stages 2 and 3 (and so 4 and 5) build on: block
# headers, boundary tags, split and coalesce. Not a stage: the stages list
# its sources among theirs.
BLOCK_INC := src/block
BLOCK_SRCS := src/block/block.c
