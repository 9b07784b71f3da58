/*
 * For tests that break one of the kit's invariants on purpose: the
 * assertion that guards it must fire. EXPECT_ASSERT(statement) runs the
 * statement and checks that exactly one KIT_ASSERT failed in it; the
 * failure jumps back here instead of stopping the program. An assertion
 * outside EXPECT_ASSERT still stops the program, as it does everywhere.
 *
 * Include it in one file of a test program (it defines the program's
 * kit_assert_post_action()), after kit_test.h.
 */
#ifndef KIT_EXPECT_ASSERT_H
#define KIT_EXPECT_ASSERT_H

#include <setjmp.h>
#include <stdlib.h>

#include "kit_assert.h"

static jmp_buf *kit_assert_catcher;
static unsigned kit_assert_caught;

void kit_assert_post_action(void)
{
    if (kit_assert_catcher == NULL) {
        abort();
    }
    kit_assert_caught++;
    longjmp(*kit_assert_catcher, 1);
}

#define EXPECT_ASSERT(statement)                                                                 \
    do {                                                                                         \
        jmp_buf kit_env_;                                                                        \
        unsigned kit_before_ = kit_assert_caught;                                                \
        kit_assert_catcher = &kit_env_;                                                          \
        if (setjmp(kit_env_) == 0) {                                                             \
            statement;                                                                           \
        }                                                                                        \
        kit_assert_catcher = NULL;                                                               \
        CHECK_MSG(kit_assert_caught == kit_before_ + 1, "no assertion fired in %s", #statement); \
    } while (0)

#endif
