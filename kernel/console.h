// The text console on the GOP framebuffer: the log's second half (kprintf
// writes every character to COM1 and here), and the title screen.
#ifndef GENESIS_CONSOLE_H
#define GENESIS_CONSOLE_H

#include <stdint.h>

#include "bootinfo.h"
#include "compose.h"

// Maps the framebuffer into a kernel window and clears it.  Without one
// (fb->base == 0) or with one it cannot use, the log stays serial only.
void console_init(const struct boot_framebuffer *fb);

// Draws one byte of UTF-8 text: Latin-1 has glyphs, the rest shows as '?'.
void console_putc(char c);

// Stops drawing: a panic inside the console must not recurse into it.
void console_detach(void);

// Clears the screen and draws title (large) and lines centred in its upper
// part; the log goes on scrolling in the rows below.
void console_title(const char *title, const char *const lines[], int count);

// Confines the log to the text rows from `first` down (its latest lines
// move there and are drawn again); the rows above are the caller's to draw.
void console_log_rows(uint32_t first);

// The framebuffer, for the display to draw on; 0 when there is none.
const struct surface *console_surface(void);

// The size of a character cell in pixels (the font, scaled as the log's).
void console_cell(uint32_t *width, uint32_t *height);

// Draws UTF-8 text with the log's font, a cell per character, from pixel
// (x, y) on; ink and paper are pixel values (surface_pixel).  Characters
// that would cross the screen's edge are left out.
void console_text(uint32_t x, uint32_t y, const char *text, uint32_t ink, uint32_t paper);

#endif
