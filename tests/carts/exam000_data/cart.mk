# Seed 000's data areas under test (tests/test_exam000.py).  Three tasks, so
# that 'D' names no task: A owns a shared area, B reads it and tries the
# limits, C is killed touching a page it gave back.
TITLE := Exam 000 data areas
