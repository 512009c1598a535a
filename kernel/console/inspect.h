// The inspector (F1): a text overlay over the task windows that shows what
// each task and the kernel are doing.  The display task draws it at its
// frames, never an interrupt handler.
#ifndef GENESIS_INSPECT_H
#define GENESIS_INSPECT_H

#include <stdint.h>

#include "dev/surface.h"

// The framebuffer it draws on and its text cells; after fbcon_init.
void inspect_init(const struct surface *fb, uint32_t cell_w, uint32_t cell_h);

// The inspect key: shows the overlay over `area` (logging "inspect: shown"
// with what a person can check it against), or hides it.  Returns the area
// the display must draw again: the overlay's when it hides, else empty.
struct rect inspect_toggle(struct rect area);

// Whether the overlay is up: the display then leaves the windows under it alone.
int inspect_shown(void);

// A frame with the overlay up: four times a second its text is made again
// from the task layer's counters, and the characters that changed are drawn.
// fps: the display's frames per second.
void inspect_draw(uint32_t fps);

// The display painted over the overlay's area (a new layout): it is drawn
// whole at the next inspect_draw.
void inspect_lost(void);

// Logs what drawing it cost (end of a run).
void inspect_report(void);

#endif
