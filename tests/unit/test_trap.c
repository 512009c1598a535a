// The fault classification of arch/trap.h: a frame from ring 3 or from
// virtual-8086 mode is a task's (the task is killed); any other is the
// kernel's (a panic).  A v86 frame carries a real-mode segment in CS, whose
// low bits say nothing about the ring.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/segment.h"
#include "arch/trap.h"

#define FL_TF               0x00000100   // single-step
#define FL_NT               0x00004000   // nested task

static struct trapframe frame(uint32_t cs, uint32_t eflags)
{
    struct trapframe tf = { 0 };

    tf.cs = cs;
    tf.eflags = eflags;
    return tf;
}

static void ring3_frames_are_the_tasks(void **state)
{
    (void)state;
    struct trapframe tf = frame(SEL_UCODE, FL_IF | FL_1);

    assert_true(trap_from_user(&tf));
    // Flags a task may set itself change nothing.
    tf = frame(SEL_UCODE, FL_IF | FL_1 | FL_TF | FL_NT);
    assert_true(trap_from_user(&tf));
}

static void ring0_frames_are_the_kernels(void **state)
{
    (void)state;
    struct trapframe tf = frame(SEL_KCODE, FL_1);

    assert_false(trap_from_user(&tf));
    tf = frame(SEL_KCODE, FL_1 | FL_NT | FL_TF);
    assert_false(trap_from_user(&tf));
}

static void v86_frames_are_the_tasks_whatever_cs_says(void **state)
{
    (void)state;
    // CS as the v86 code left it: segments 0, 0x0101 (low bits: ring 1),
    // 0x0102 (ring 2), 0xFFFF (ring 3), 0x1000 (ring 0).
    static const uint32_t segments[] = { 0x0000, 0x0101, 0x0102, 0xFFFF, 0x1000 };

    for (size_t i = 0; i < sizeof(segments) / sizeof(segments[0]); i++) {
        struct trapframe tf = frame(segments[i], FL_VM | FL_IF | FL_1);
        assert_true(trap_from_user(&tf));
    }
}

static void v86_segments_lie_beyond_ss(void **state)
{
    (void)state;
    // The CPU's v86 frame: EIP, CS, EFLAGS, ESP, SS, ES, DS, FS, GS.
    assert_int_equal(offsetof(struct trapframe, ss) + 4, offsetof(struct trapframe, v86_es));
    assert_int_equal(offsetof(struct trapframe, v86_es) + 12, offsetof(struct trapframe, v86_gs));
    assert_int_equal(offsetof(struct trapframe, eip) + 4 * 9, sizeof(struct trapframe));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ring3_frames_are_the_tasks),
        cmocka_unit_test(ring0_frames_are_the_kernels),
        cmocka_unit_test(v86_frames_are_the_tasks_whatever_cs_says),
        cmocka_unit_test(v86_segments_lie_beyond_ss),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
