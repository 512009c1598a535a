// The text console on the GOP framebuffer: the log's second half (kprintf
// writes every character to COM1 and here), and the title screen.
#ifndef GENESIS_CONSOLE_H
#define GENESIS_CONSOLE_H

#include "bootinfo.h"

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

#endif
