#!/bin/sh
# Run an image on the emulated MPS2 AN385 (Cortex-M3) and return its exit code.
#
#   qemu/run.sh IMAGE.elf [QEMU OPTIONS...]
#
# The program's console is semihosting, on stdout. The run is ended after
# KIT_QEMU_TIMEOUT seconds (default 60); a run ended that way exits with 124
# and says so.
set -u
image=$1
shift
seconds=${KIT_QEMU_TIMEOUT:-60}
timeout --foreground -k 5 "$seconds" qemu-system-arm -M mps2-an385 -nographic \
    -monitor none -serial none \
    -semihosting-config enable=on,target=native \
    -kernel "$image" "$@"
status=$?
if [ "$status" -eq 124 ]; then
    echo "*** $image: no exit after ${seconds}s, stopped (a hang?)"
fi
exit $status
