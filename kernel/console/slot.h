// The cartridge slot: every cartridge the loader brought, checked once at
// boot, and the one inserted.
#ifndef GENESIS_SLOT_H
#define GENESIS_SLOT_H

#include <stdint.h>

#include "abi/bootinfo.h"
#include "abi/cart.h"

struct slot_cart {
    const char *name;                    // file name in \CARTS\ (ASCII)
    const uint8_t *image;                // the whole file, in a read-only kernel window
    uint32_t size;                       // bytes
    uint32_t phys;                       // physical address of the image, page aligned
    int valid;                           // cart_parse accepted it: info is filled
    struct cart_info info;
};

extern struct slot_cart slot_carts[BOOT_MAX_CARTS]; // in \CARTS\ name order
extern uint32_t slot_count;
extern struct slot_cart *slot_inserted;  // the chosen cartridge; 0: no valid one
extern uint32_t slot_insertions;         // cartridge insertions so far, of any cartridge

// Maps and checks the count cartridges the loader brought (logging "cart:
// loaded" or "cart: rejected" for each), then chooses the one config.cart
// names, else the first valid one.  With none, the screen asks for a
// cartridge.
void slot_init(const struct boot_cart *carts, uint32_t count);

// Part of the idle task's work (main.c's idle_work).  When no task of the
// cartridge is left, inserts it ("cart: inserted", then one task per task
// image): the first time, then config.repeat times more.  After the last
// round, with exit=idle, ends the run.
void slot_poll(void);

// The select button (display.c calls it): ejects the inserted cartridge,
// ending its tasks and freeing all they held ("cart: ejected" with the free
// page counts), then inserts the next valid cartridge in name order,
// wrapping around (the same one when it is the only one).
void slot_swap(void);

// The restart key (display.c calls it): ends the inserted cartridge's tasks
// and frees all they held ("cart: restarted" with the free page counts),
// then inserts the same cartridge again: every task from its image, fresh.
void slot_restart(void);

// The function of the inserted cartridge's task `letter` holding address
// addr, from the cartridge's symbols section: 1 with *name and *offset, 0
// when the cartridge has no symbol there (or no symbols at all).
int slot_symbol(char letter, uint32_t addr, const char **name, uint32_t *offset);

#endif
