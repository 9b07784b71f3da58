#!/bin/sh
# Run an image on the emulated MPS2 AN385 (Cortex-M3) and return its exit code.
#
#   qemu/run.sh IMAGE.elf [QEMU OPTIONS...]
#
# The program's console is semihosting, on stdout. The run is ended after
# KIT_QEMU_TIMEOUT seconds (default 60); a run ended that way exits with 124
# and says so. `-append NAME` runs only the test NAME (tests/kit_test.h).
#
# When the program stops on a fault (exit codes 103 to 107, qemu/board.h),
# the pc and lr of the fault report are looked up in the image's debug
# information and printed as function and file:line, inlined callers too.
set -u
image=$1
shift
seconds=${KIT_QEMU_TIMEOUT:-60}
log=$(mktemp)
status_file=$(mktemp)
trap 'rm -f "$log" "$status_file"' EXIT
{
    timeout --foreground -k 5 "$seconds" qemu-system-arm -M mps2-an385 -nographic \
        -monitor none -serial none \
        -semihosting-config enable=on,target=native \
        -kernel "$image" "$@" 2>&1
    echo $? >"$status_file"
} | tee "$log"
status=$(cat "$status_file")
if [ "$status" -eq 124 ]; then
    echo "*** $image: no exit after ${seconds}s, stopped (a hang?)"
elif [ "$status" -ge 103 ] && [ "$status" -le 107 ]; then
    # *** HardFault in test NAME at pc=0x... lr=0x... cfsr=...
    pc=$(sed -n 's/^\*\*\* .* pc=\(0x[0-9a-f]*\) .*/\1/p' "$log" | tail -n 1)
    lr=$(sed -n 's/^\*\*\* .* lr=\(0x[0-9a-f]*\) .*/\1/p' "$log" | tail -n 1)
    here="$(pwd)/"
    where() { # ADDRESS: "function at file:line" lines, inlined callers after
        arm-none-eabi-addr2line -e "$image" -f -i -p "$1" 2>/dev/null |
            sed "s| (inlined by) |inlined in |; s|$here||" | grep -v '^??' || true
    }
    # MemManage with MMARVALID (cfsr bit 7) and an address in the guard
    mmfar=$(sed -n 's/^\*\*\* .* cfsr=\(0x[0-9a-f]*\) .* mmfar=\(0x[0-9a-f]*\).*/\1 \2/p' "$log" | tail -n 1)
    if [ -n "$mmfar" ] && [ $((${mmfar% *} & 0x80)) -ne 0 ] && [ $((${mmfar#* })) -lt 64 ]; then
        echo "***   it touched address ${mmfar#* }: a NULL pointer (or a field reached through one)"
    fi
    if [ -n "$pc" ]; then
        at=$(where "$pc")
        echo "$at" | sed '1s/^/***   faulted in /; 2,$s/^/***      /'
        # lr holds a return address (Thumb bit set, in the code memory): the
        # call is just before it. It names the caller when the faulting
        # function made no call (a function that did may use lr for data).
        if [ -n "$lr" ] && [ $((lr & 1)) -eq 1 ] && [ $((lr)) -ge 64 ] && [ $((lr)) -lt $((0x400000)) ]; then
            from=$(where "$(printf '0x%x' $((lr - 1)))" | head -n 1)
            [ -n "$from" ] && [ "${from%% at *}" != "${at%% at *}" ] &&
                echo "***   probably called from $from"
        fi
    fi
fi
exit "$status"
