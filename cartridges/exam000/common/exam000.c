// wait_state() and the screen helpers of the exam-000 sample.
#include <stdint.h>

#include <genesis.h>
#include <gfx.h>

#include "exam000.h"

void wait_state(char letter, uint8_t state)
{
    int valid;

    // Until the owner has an area, ReadData says invalid: keep asking.
    // States only go up, and the owner may be past state already.
    while (read_data(letter, STATE, &valid) < state || !valid)
        ;
}

void show_pages(uint32_t pages, uint8_t ink)
{
    // Blocks of 7 x 7 pixels a row of 8 at the bottom: x = 8 i, y = 56.
    for (uint32_t i = 0; i < A_PAGES; i++)
        gfx_rectfill(GFX_SCREEN, 8 * i, 56, 7, 7, i < pages ? ink : INK_SLOT);
}

void show_bits(const char *text, uint32_t n)
{
    // Each bit 1 x 2 pixels, lines of 8 bytes 3 pixels apart from y = 4.
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t bit = 0; bit < 8; bit++)
            gfx_rectfill(GFX_SCREEN, i % 8 * 8 + bit, 4 + i / 8 * 3, 1, 2,
                         text[i] >> (7 - bit) & 1 ? INK_BIT : INK_SLOT);
}
