#!/bin/sh
# Run one allocator's corruption matrix and keep what it found.
#
#   tests/corrupt/run.sh PROGRAM DIR STAGE
#
# writes DIR/STAGE.log (the summary, also printed), DIR/STAGE.cells (every
# failing cell, one a line) and DIR/STAGE.figures; exits as PROGRAM did.
prog=$1 dir=$2 stage=$3
mkdir -p "$dir"
nice "$prog" --figures "$dir/$stage.figures" --cells "$dir/$stage.cells" >"$dir/$stage.log"
status=$?
cat "$dir/$stage.log"
exit $status
