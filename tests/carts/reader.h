// What the reader's test cartridges (tests/carts/reader_*/) share: reading a
// frame that the kernel may refresh meanwhile.  Their log lines (say(), from
// the SDK's format.h) carry numbers that the boot tests check against the
// cartridge file.
#ifndef READER_TEST_H
#define READER_TEST_H

#include <stdint.h>

#include <format.h>
#include <genesis.h>

#define DMA_FRAME   ((const volatile uint8_t *)GENESIS_DMA_ADDR)
#define COUNTER(f)  ((f)[0])             // tests/carts/reader_basic/frames.py puts it there

// FNV-1a over a whole frame; tests/test_reader.py computes the same.
static inline uint32_t
frame_sum(const volatile uint8_t *frame)
{
    uint32_t h = 2166136261u;

    for (uint32_t i = 0; i < GENESIS_FRAME_SIZE; i++)
        h = (h ^ frame[i]) * 16777619u;
    return h;
}

static inline int
is_zero(const volatile uint8_t *frame)
{
    for (uint32_t i = 0; i < GENESIS_FRAME_SIZE; i++)
        if (frame[i])
            return 0;
    return 1;
}

// The checksum of one whole frame, and its counter in *counter.  A frame
// that changed while it was read is read again: the counter would differ.
static inline uint32_t
frame_snapshot(const volatile uint8_t *frame, uint8_t *counter)
{
    for (;;) {
        uint8_t before = COUNTER(frame);
        uint32_t sum = frame_sum(frame);
        if (COUNTER(frame) == before) {
            *counter = before;
            return sum;
        }
    }
}

// Spins until the frame's counter is no longer `counter`: the next frame
// has arrived in a mapping that the kernel refreshes.
static inline void
wait_change(const volatile uint8_t *frame, uint8_t counter)
{
    while (COUNTER(frame) == counter)
        ;
}

// Opens the reader in `mode`; the task sleeps until the next frame.
static inline int
open_mode(uint8_t mode, uint32_t copy_addr)
{
    GENESIS_ACCESS = mode;
    return opendevice(copy_addr);
}

#endif
