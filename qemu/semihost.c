/*
 * Arm semihosting: the few requests the board needs (print, the command
 * line, exit).
 * A request is `bkpt 0xab` with the operation number in r0 and a pointer to
 * its argument block in r1; the answer comes back in r0.
 */
#include "semihost.h"

enum {
    SYS_WRITE0 = 0x04,
    SYS_GET_CMDLINE = 0x15,
    SYS_EXIT_EXTENDED = 0x20,
    ADP_STOPPED_APPLICATION_EXIT = 0x20026,
};

static uintptr_t semihost_call(uintptr_t op, const void *arg)
{
    register uintptr_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void semihost_write0(const char *s)
{
    semihost_call(SYS_WRITE0, s);
}

void semihost_write_hex(uint32_t value)
{
    char text[11] = "0x";
    for (int i = 0; i < 8; i++) {
        unsigned digit = (value >> (28 - 4 * i)) & 0xfu;
        text[2 + i] = (char)(digit < 10 ? '0' + digit : 'a' + digit - 10);
    }
    text[10] = '\0';
    semihost_write0(text);
}

int semihost_get_cmdline(char *buf, unsigned size)
{
    uintptr_t block[2] = { (uintptr_t)buf, size };
    return semihost_call(SYS_GET_CMDLINE, block) == 0 ? 0 : -1;
}

void semihost_exit(int code)
{
    const uintptr_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uintptr_t)code };
    semihost_call(SYS_EXIT_EXTENDED, block);
    for (;;) {
    }
}

/* The C library's exit() ends here: hand the status back to QEMU. */
void _exit(int code)
{
    semihost_exit(code);
}
