#!/bin/sh
# Make sure the Debian packages the kit needs are installed.
#
#   tools/setup.sh [GROUP...]         install what is missing (default group: build)
#   tools/setup.sh --list [GROUP...]  print the packages of the groups
#
# Groups: build, docs, test, or all. docs builds the playground too (clang
# and lld for wasm32-wasi, wasi-libc, wabt); test runs it in Node and
# Chromium and builds its 32-bit host twin (gcc-multilib). As root it
# installs whatever is missing with apt-get; as any other user it prints the
# one apt-get line to run, and fails.
set -eu

build="make gcc libc6-dev gcc-arm-none-eabi picolibc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm gdb-multiarch python3"
docs="doxygen python3-sphinx python3-breathe sphinx-intl furo python3-sphinx-copybutton graphviz gettext fonts-noto-cjk python3-jieba python3-matplotlib clang lld wasi-libc libclang-rt-14-dev-wasm32 wabt"
test="clang libclang-rt-14-dev valgrind clang-format-16 gcc-multilib nodejs chromium"

list=no
if [ "${1:-}" = "--list" ]; then list=yes; shift; fi
[ $# -gt 0 ] || set -- build
wanted=""
for group in "$@"; do
    case "$group" in
        all) wanted="$wanted $build $docs $test" ;;
        build) wanted="$wanted $build" ;;
        docs) wanted="$wanted $docs" ;;
        test) wanted="$wanted $test" ;;
        *) echo "setup.sh: unknown group '$group'" >&2; exit 2 ;;
    esac
done

if [ "$list" = yes ]; then
    echo $wanted
    exit 0
fi

missing=""
for pkg in $wanted; do
    case " $missing " in *" $pkg "*) continue ;; esac
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing="$missing $pkg"
done
[ -n "$missing" ] || exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "Missing packages. Run: sudo apt-get install -y$missing" >&2
    exit 1
fi
echo "Installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends $missing
