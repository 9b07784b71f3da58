#!/bin/sh
# Run one step of `make test` and keep the score of the whole run.
#
#   tools/tally.sh NAME COMMAND    run COMMAND (a shell string), log it, score it
#   tools/tally.sh --report        print the closing line; fail if anything failed
#   tools/tally.sh --reset         start a new run
#
# A step whose output ends with a line "N passed, M failed" adds those
# counts; any other step counts as one test, passed when it exits 0. A step
# that printed such a line but exited non-zero also counts one failure, so a
# crash after the last test is not lost. The log of a failed step is shown.
set -u
dir=${TALLY_DIR:-build/tally}
mkdir -p "$dir/logs"

case "$1" in
--reset)
    rm -rf "$dir"
    exit 0
    ;;
--report)
    passed=$(awk '{p += $1} END {print p + 0}' "$dir/scores" 2>/dev/null || echo 0)
    failed=$(awk '{f += $2} END {print f + 0}' "$dir/scores" 2>/dev/null || echo 0)
    [ -f "$dir/failed-steps" ] && { echo "Failed steps:"; sed 's/^/  /' "$dir/failed-steps"; }
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
    ;;
esac

name=$1
shift
log="$dir/logs/$(echo "$name" | tr -c 'A-Za-z0-9_.\n-' '_').log"
sh -c "$*" >"$log" 2>&1
status=$?
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
if [ -n "$line" ]; then
    passed=${line%% passed*}
    failed=${line#*passed, }
    failed=${failed%% failed}
    if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
else
    if [ "$status" -eq 0 ]; then passed=1 failed=0; else passed=0 failed=1; fi
fi
echo "$passed $failed" >>"$dir/scores"
if [ "$status" -eq 0 ] && [ "$failed" -eq 0 ]; then
    printf '  ok    %-44s %s\n' "$name" "${line:-}"
else
    printf '  FAIL  %-44s %s (exit %s)\n' "$name" "${line:-}" "$status"
    echo "$name" >>"$dir/failed-steps"
    tail -n 25 "$log" | sed 's/^/        | /'
fi
exit 0
