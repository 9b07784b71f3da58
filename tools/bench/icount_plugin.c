/*
 * A QEMU TCG plugin that counts the guest instructions executed between two
 * marker functions, exactly and the same on every run.
 *
 *   qemu-system-arm ... -plugin icount_plugin.so,begin=ADDR,end=ADDR[,out=FILE][,path=N]
 *
 * ADDR is the entry address of the guest's bench_begin() and bench_end()
 * (tools/bench/bench_mark.c), as `arm-none-eabi-nm` prints it; the Thumb bit
 * may be set or not. Every executed instruction adds one to a counter (an
 * inline add that QEMU emits in front of each translated instruction, so no
 * call per instruction). When bench_begin's first instruction executes the
 * counter is remembered; when bench_end's does, the difference is one
 * interval. The first interval of a run is the guest's empty calibration pair
 * (bench_init() makes it): its length is the fixed cost of the markers, and
 * it is subtracted from every later interval, so an empty interval reads 0.
 *
 * Output, to FILE (default: stderr): one line "calibration K", then one line
 * per interval with its instruction count, in the order the guest ran them.
 * With path=N, the instructions of the Nth interval after the calibration
 * are also listed, one line "pc ADDR" each, in the order they ran
 * (tools/bench/icount.py --path names them after the source's functions).
 *
 * Why a plugin: QEMU's -icount timer and semihosting's SYS_ELAPSED do not give
 * per-operation counts that repeat exactly, and a plugin sees every
 * instruction. Plugins of this QEMU (API version 1, QEMU 7.2) cannot read
 * guest registers or memory, so the guest cannot pass a tag to the marker:
 * intervals are matched to operations by their order.
 *
 * QEMU installs no header for its plugin API, so the few declarations used
 * here are written out below, matching the documented ABI of version 1.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------ the plugin ABI we use */
#define PLUGIN_EXPORT __attribute__((visibility("default")))

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
struct qemu_info_t; /* only passed through; its fields are not read */

enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS = 0 };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 = 0 };

typedef void (*tb_trans_cb)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*vcpu_udata_cb)(unsigned int vcpu_index, void *userdata);
typedef void (*udata_cb)(qemu_plugin_id_t id, void *userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, tb_trans_cb cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
                                                enum qemu_plugin_op op, void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn, vcpu_udata_cb cb,
                                            enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, udata_cb cb, void *userdata);

PLUGIN_EXPORT int qemu_plugin_version = 1;

/* ------------------------------------------------------------- the state */
/*
 * The board has one CPU, so one counter suffices. `executed` only grows;
 * `opened_at` is its value at the last bench_begin, valid while `open`.
 * `calibration` is the first interval's length, valid once `calibrated`.
 */
static uint64_t executed;
static uint64_t opened_at;
static bool open;
static uint64_t calibration;
static bool calibrated;
static uint64_t begin_addr, end_addr;
static FILE *out;
static unsigned long intervals, unmatched;
static unsigned long path_interval; /* 0, or the interval whose path is listed */

enum marker { MARK_BEGIN = 1, MARK_END = 2 };

static void on_begin(unsigned int vcpu, void *udata)
{
    (void)vcpu;
    (void)udata;
    opened_at = executed;
    open = true;
}

/* An interval closes: the first one calibrates, the others are reported. */
static void on_end(unsigned int vcpu, void *udata)
{
    (void)vcpu;
    (void)udata;
    if (!open) {
        unmatched++;
        return;
    }
    open = false;
    uint64_t length = executed - opened_at;
    if (!calibrated) {
        calibration = length;
        calibrated = true;
        fprintf(out, "calibration %" PRIu64 "\n", length);
        return;
    }
    intervals++;
    fprintf(out, "%" PRId64 "\n", (int64_t)(length - calibration));
}

/* With path=N, each instruction executed inside the Nth reported interval
 * is listed as "pc ADDR", in order. */
static void on_insn(unsigned int vcpu, void *udata)
{
    (void)vcpu;
    if (open && calibrated && intervals + 1 == path_interval) {
        fprintf(out, "pc %#" PRIx64 "\n", (uint64_t)(uintptr_t)udata);
    }
}

/* Each instruction gets its inline count; the two markers also a callback. */
static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t pc = qemu_plugin_insn_vaddr(insn);
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &executed, 1);
        if (pc == begin_addr) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_begin, QEMU_PLUGIN_CB_NO_REGS, NULL);
        } else if (pc == end_addr) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_end, QEMU_PLUGIN_CB_NO_REGS, NULL);
        }
        if (path_interval) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_insn, QEMU_PLUGIN_CB_NO_REGS,
                                                   (void *)(uintptr_t)pc);
        }
    }
}

static void on_exit_qemu(qemu_plugin_id_t id, void *udata)
{
    (void)id;
    (void)udata;
    if (unmatched) {
        fprintf(out, "# %lu bench_end without bench_begin\n", unmatched);
    }
    fprintf(out, "# %lu intervals, %" PRIu64 " instructions in all\n", intervals, executed);
    fflush(out);
    if (out != stderr) {
        fclose(out);
    }
}

/* "key=value" -> value if the key matches, else NULL. */
static const char *arg_value(const char *arg, const char *key)
{
    size_t n = strlen(key);
    return strncmp(arg, key, n) == 0 && arg[n] == '=' ? arg + n + 1 : NULL;
}

/* Parse an address; the Thumb bit of a function symbol is dropped. */
static bool parse_addr(const char *text, uint64_t *addr)
{
    char *rest;
    unsigned long long v = strtoull(text, &rest, 0);
    if (rest == text || *rest != '\0') {
        return false;
    }
    *addr = (uint64_t)v & ~(uint64_t)1;
    return true;
}

PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const struct qemu_info_t *info, int argc,
                                      char **argv)
{
    (void)info;
    bool have_begin = false, have_end = false;
    const char *path = NULL, *v;
    for (int i = 0; i < argc; i++) {
        if ((v = arg_value(argv[i], "begin"))) {
            have_begin = parse_addr(v, &begin_addr);
        } else if ((v = arg_value(argv[i], "end"))) {
            have_end = parse_addr(v, &end_addr);
        } else if ((v = arg_value(argv[i], "out"))) {
            path = v;
        } else if ((v = arg_value(argv[i], "path"))) {
            path_interval = strtoul(v, NULL, 0);
        } else {
            fprintf(stderr, "icount plugin: unknown argument '%s'\n", argv[i]);
            return -1;
        }
    }
    if (!have_begin || !have_end || begin_addr == end_addr) {
        fprintf(stderr, "icount plugin: needs begin=ADDR,end=ADDR (two distinct addresses)\n");
        return -1;
    }
    out = path ? fopen(path, "w") : stderr;
    if (!out) {
        perror(path);
        return -1;
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_exit_qemu, NULL);
    return 0;
}
