#!/bin/sh
# Self-test of the heap pictures: the board's walk of each scripted pool
# (heapdump.elf) must show the blocks the script leaves, and the gdb command
# kit-heap must draw the same blocks, lists and bitmaps from the live pool.
#
#   tools/heapviz/selftest.sh build/bench/heapdump.elf
set -u
elf=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"; [ -n "${qemu:-}" ] && kill "$qemu" 2>/dev/null' EXIT
py=/usr/bin/python3
passed=0 failed=0
check() { # NAME COMMAND
    if sh -c "$2"; then passed=$((passed + 1)); echo "ok    $1"
    else failed=$((failed + 1)); echo "FAIL  $1"; fi
}

qemu/run.sh "$elf" >"$dir/dump" 2>&1
$py tools/heapviz/heapviz.py --text "$dir/dump" >"$dir/board.txt"
for kind in "stage 2, free-list heap" "stage 3, TLSF"; do
    check "$kind: used, free, used, free, used, used, free" \
        "grep -A2 '^$kind' '$dir/board.txt' | grep -Eq '^blocks .*: [0-9]+:[0-9]+, [0-9]+:[0-9]+ free, [0-9]+:[0-9]+, [0-9]+:[0-9]+ free, [0-9]+:[0-9]+, [0-9]+:[0-9]+, [0-9]+:[0-9]+ free\$'"
done
check "membox: blocks 1 and 4 freed, on the list first" \
    "grep -A3 '^stage 1' '$dir/board.txt' | grep -q '^free list: 216(48) -> 72(48) -> 312'"

port=$((20000 + $$ % 20000))
qemu-system-arm -M mps2-an385 -nographic -monitor none -serial none \
    -semihosting-config enable=on,target=native -kernel "$elf" -S -gdb "tcp::$port" >/dev/null 2>&1 &
qemu=$!
sleep 0.5
timeout 60 gdb-multiarch -q -batch "$elf" -x qemu/gdb/heap.py -ex "target remote localhost:$port" \
    -ex "break dump_membox" -ex "break dump_freelist" -ex "break dump_tlsf" \
    -ex c -ex "kit-heap pool" -ex c -ex "kit-heap pool" -ex c -ex "kit-heap pool" -ex kill \
    >"$dir/gdb.txt" 2>&1
grep -E '^(blocks|free list|list|bitmap)' "$dir/board.txt" >"$dir/board.lines"
grep -E '^(blocks|free list|list|bitmap)' "$dir/gdb.txt" >"$dir/gdb.lines"
check "gdb's kit-heap draws what the board's walk printed" \
    "test -s '$dir/gdb.lines' && cmp -s '$dir/board.lines' '$dir/gdb.lines' || diff '$dir/board.lines' '$dir/gdb.lines'"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
