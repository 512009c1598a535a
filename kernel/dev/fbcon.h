// The text console on the GOP framebuffer: the log's display (lib/log.h),
// and the title screen.
#ifndef GENESIS_FBCON_H
#define GENESIS_FBCON_H

#include <stdint.h>

#include "abi/bootinfo.h"
#include "dev/surface.h"

// Maps the framebuffer into a kernel window and clears it.  Without one
// (fb->base == 0) or with one it cannot use, the log stays serial only.
void fbcon_init(const struct boot_framebuffer *fb);

// One byte of the log's UTF-8 text into the console's cells, at once and
// without drawing: Latin-1 has glyphs, the rest shows as '?'.
void fbcon_putc(char c);

// Draws at most max cells of the log whose text changed since they were
// drawn (the display task, each frame); returns how many it drew.
uint32_t fbcon_draw(uint32_t max);

// Draws every such cell: the log's flush while it writes through.
void fbcon_draw_all(void);

// Clears the screen and draws title (large) and lines centred in its upper
// part; the log goes on scrolling in the rows below.
void fbcon_title(const char *title, const char *const lines[], int count);

// Confines the log to the text rows from `first` down (its latest lines
// move there and are drawn again); the rows above are the caller's to draw.
void fbcon_log_rows(uint32_t first);

// The framebuffer, for the display to draw on; 0 when there is none.
const struct surface *fbcon_surface(void);

// The size of a character cell in pixels (the font, scaled as the log's).
void fbcon_cell(uint32_t *width, uint32_t *height);

// Draws UTF-8 text with the log's font, a cell per character, from pixel
// (x, y) on; ink and paper are pixel values (surface_pixel).  Characters
// that would cross the screen's edge are left out.
void fbcon_text(uint32_t x, uint32_t y, const char *text, uint32_t ink, uint32_t paper);

#endif
