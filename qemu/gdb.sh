#!/bin/sh
# Debug an image: start QEMU halted with its gdb stub, attach gdb-multiarch
# with the image's symbols and the kit's heap commands (qemu/gdb/heap.py:
# kit-heap POOL draws a pool), run to main, and stop QEMU when gdb exits.
#
#   qemu/gdb.sh IMAGE.elf [PORT] [GDB OPTIONS...]
#
# The options go to gdb after the kit's own, so `-batch -ex CMD ...` runs
# commands, from main on, and quits: `-ex 'break f' -ex continue` stops at
# the first call of f. KIT_TEST=NAME runs only that test (tests/kit_test.h).
set -u
image=$1
port=${2:-1234}
[ $# -ge 2 ] && shift 2 || shift 1
qemu-system-arm -M mps2-an385 -nographic -monitor none -serial none \
    -semihosting-config enable=on,target=native \
    -kernel "$image" ${KIT_TEST:+-append "$KIT_TEST"} -S -gdb "tcp::$port" &
qemu=$!
trap 'kill $qemu 2>/dev/null' EXIT INT TERM
sleep 0.5
# In batch mode gdb would detach at the end and let the program run on:
# stop it where the commands left it.
case " $* " in *" -batch "*) set -- "$@" -ex "kill" ;; esac
gdb-multiarch -q "$image" \
    -x "$(dirname "$0")/gdb/heap.py" \
    -ex "target remote localhost:$port" \
    -ex "tbreak main" -ex continue \
    "$@"
