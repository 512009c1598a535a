// Seed 000's data areas: every task owns pages at USER_DATA_BASE that it
// grows and shrinks with SetDataLimit (int 88) and that any task may read a
// byte of with ReadData (int 89); task/syscall.c has the services.  The
// bounds arithmetic is pure; the rest reaches page tables only through the
// MMU's functions, so host tests run all of it.
#ifndef GENESIS_DATAAREA_H
#define GENESIS_DATAAREA_H

#include <stdint.h>

#include "mm/mmu.h"
#include "task/task.h"

_Static_assert(USER_DATA_END == USER_DATA_BASE + USER_DATA_MAX_PAGES * PGSIZE, "data area size");

// A SetDataLimit request brought into range: more than USER_DATA_MAX_PAGES
// means USER_DATA_MAX_PAGES (EAX is unsigned, so 0xFFFFFFFF asks for the
// most).
uint32_t data_clamp_pages(uint32_t pages);

// Whether byte offset lies inside an area of pages pages.
int data_offset_valid(uint32_t pages, uint32_t offset);

// The task slot (0 for 'A' ... 3 for 'D') that ReadData's whole EAX names,
// or -1: lowercase letters and set high bits name no task.
int data_letter_slot(uint32_t letter);

// The virtual address of page index of an area.
uint32_t data_page_va(uint32_t index);

// Grows or shrinks the area of directory pd from have pages to want pages
// (clamped), one page at a time: new pages are zeroed, user writable; pages
// given back are unmapped, their TLB entries invalidated, their frames
// freed.  Returns the pages the area ends with: fewer than asked for when
// memory runs out, and nothing stays allocated beyond them.
uint32_t data_resize(pde_t *pd, uint32_t have, uint32_t want);

// Reads byte offset of an area of pages pages in directory pd (running or
// not) into *byte.  1, or 0 when the offset lies outside the area or its page
// is not mapped.
int data_read(const pde_t *pd, uint32_t pages, uint32_t offset, uint8_t *byte);

// SetDataLimit for task t: its area grows or shrinks to pages (clamped);
// returns the pages it has now.
uint32_t data_set_limit(struct task *t, uint32_t pages);

// ReadData: byte offset of the area of the task whose letter is `letter`
// into *byte.  1, or 0 when the letter, the task or the offset is not valid.
int data_read_byte(uint32_t letter, uint32_t offset, uint8_t *byte);

#endif
