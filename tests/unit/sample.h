// A named byte string from a public device: the shape the descriptor tables
// of the unit tests share, so one program writes any of them out as seeds.
#ifndef TESTS_SAMPLE_H
#define TESTS_SAMPLE_H

#include <stdint.h>

struct sample {
    const char *name;
    const uint8_t *bytes;
    uint32_t len;
};

#endif
