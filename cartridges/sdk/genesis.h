// Orga Génesis SDK: what a game task may rely on.  Every ABI constant of the
// console and one wrapper per service.  Tasks run in ring 3, 32-bit, with
// their own address space; a service is an `int` whose inputs and results
// travel in registers, every register but the results preserved.
// docs/cartridge.md walks through writing a game with it.
#ifndef GENESIS_H
#define GENESIS_H

#include <stdint.h>

#include "sound.h"

// Address space of every task.
#define GENESIS_PAGE_SIZE        0x00001000u
#define GENESIS_KERNEL_END       0x00400000u  // 0-4 MiB: the kernel's, touching it kills the task
#define GENESIS_ACCESS_ADDR      0x00ACCE50u  // the access-mode byte (acceso), read/write
#define GENESIS_ROM_ADDR         0x04000000u  // the ROM window: frame n at + n * GENESIS_FRAME_SIZE
#define GENESIS_ROM_MAX_FRAMES   1920         //   (as many as the cartridge has; read-only)
#define GENESIS_ROM_PALETTE_ADDR 0x04780000u  // the cartridge's palette, read-only
#define GENESIS_ROM_HEADER_ADDR  0x04781000u  // the cartridge's header page, read-only
#define GENESIS_ROM_END          0x04800000u
#define GENESIS_CODE_BASE        0x05000000u  // code window: text read-only, data writable
#define GENESIS_CODE_SIZE        0x00010000u  // 64 KB
#define GENESIS_DATA_BASE        0x05400000u  // data area grown by set_data_limit
#define GENESIS_DATA_MAX_PAGES   1024         // 4 MB
#define GENESIS_STACK_TOP        0x05C00000u  // ESP at entry
#define GENESIS_STACK_SIZE       0x00004000u  // 16 KB, an unmapped guard page below it
#define GENESIS_CONSOLE_BASE     0x05C00000u  // 0x05C00000-0x05FFFFFF: console mappings
#define GENESIS_CONSOLE_END      0x06000000u
#define GENESIS_COPY_MIN         0x06000000u  // copy-mode page: page aligned, in [MIN, MAX],
#define GENESIS_COPY_MAX         0xBFFFF000u  //   and not GENESIS_DMA_ADDR
#define GENESIS_DMA_ADDR         0xBABAB000u  // DMA mode: the video buffer, read-only

// The access-mode byte, set before opendevice.
#define GENESIS_ACCESS           (*(volatile uint8_t *)GENESIS_ACCESS_ADDR)
#define GENESIS_ACCESS_NONE      0
#define GENESIS_ACCESS_DMA       1            // the frame appears at GENESIS_DMA_ADDR
#define GENESIS_ACCESS_COPY      2            // the frame is copied to the opendevice address

// Graphics frames: what the reader puts in the video buffer.
#define GENESIS_FRAME_WIDTH      64
#define GENESIS_FRAME_HEIGHT     64
#define GENESIS_FRAME_SIZE       4096u        // 8 bits per pixel: an index into the palette
#define GENESIS_MAX_COLORS       256

// The ROM window: the art of the inserted cartridge, the very pages the
// console loaded, in every task of it at the same addresses.  The header
// page is always there; the palette page when the cartridge has a palette
// (GENESIS_ROM_PALETTE_COUNT colours of 3 bytes, red, green, blue); frame n
// when n < GENESIS_ROM_FRAME_COUNT.  Anything else in the window, and any
// write, kills the task.  The header is the cartridge file's page 0
// (docs/cartridge.md); these are the fields a game reads, by byte offset.
#define GENESIS_ROM_TITLE        32           // char[32]: printable ASCII, NUL-padded (no NUL
                                              //   when the title has all 32)
#define GENESIS_ROM_FRAMES       200          // uint32_t: frames in the window
#define GENESIS_ROM_COLORS       208          // uint32_t: colours in the palette
#define GENESIS_ROM_FRAME_COUNT  (*(const uint32_t *)(GENESIS_ROM_HEADER_ADDR + GENESIS_ROM_FRAMES))
#define GENESIS_ROM_PALETTE_COUNT (*(const uint32_t *)(GENESIS_ROM_HEADER_ADDR + GENESIS_ROM_COLORS))
#define GENESIS_ROM              ((const uint8_t *)GENESIS_ROM_ADDR)
#define GENESIS_ROM_PALETTE      ((const uint8_t *)GENESIS_ROM_PALETTE_ADDR)

// Tasks and the clock.
#define GENESIS_MAX_TASKS        4            // letters 'A'..'D'
#define GENESIS_CLOCK_HZ         100          // the scheduler's tick
#define GENESIS_PRINT_MAX        256          // print: bytes with the NUL

// The console: each task's screen, and the pad.  Once every clock tick the
// kernel composes the screens of the inserted cartridge onto the display,
// through the cartridge's palette; an index the palette does not define
// shows as grey (index i is red, green and blue i).
#define GENESIS_SCREEN_ADDR      0x05C00000u  // this task's screen: read/write, zeroed at start
#define GENESIS_SCREEN_WIDTH     64
#define GENESIS_SCREEN_HEIGHT    64
#define GENESIS_SCREEN_SIZE      4096u        // a byte a pixel, row by row: a frame's format
#define GENESIS_PAD_ADDR         0x05C01000u  // the pad page (struct genesis_pad): read-only
#define GENESIS_FRAME_HZ         100          // frames composed a second, at most: one a tick

// Pad buttons: bit numbers in genesis_pad.buttons, indexes of its presses[].
// The PC keys that drive each are in brackets.
#define GENESIS_BUTTON_UP        0            // [arrow up, keypad 8]
#define GENESIS_BUTTON_DOWN      1            // [arrow down, keypad 2]
#define GENESIS_BUTTON_LEFT      2            // [arrow left, keypad 4]
#define GENESIS_BUTTON_RIGHT     3            // [arrow right, keypad 6]
#define GENESIS_BUTTON_A         4            // [Z, space bar]
#define GENESIS_BUTTON_B         5            // [X]
#define GENESIS_BUTTON_START     6            // [Enter, keypad Enter]
#define GENESIS_BUTTON_SELECT    7            // [Tab]: the console also swaps cartridges
#define GENESIS_BUTTONS          8

// Interrupt vectors.
#define GENESIS_VECTOR_CLOCK     32           // IRQ 0 (kernel only)
#define GENESIS_VECTOR_READER    40           // IRQ 8, "buffer full" (kernel only)
#define GENESIS_SYS_SET_DATA_LIMIT 88
#define GENESIS_SYS_READ_DATA    89
#define GENESIS_SYS_OPENDEVICE   90
#define GENESIS_SYS_CLOSEDEVICE  91
#define GENESIS_SYS_PRINT        92
#define GENESIS_SYS_EXIT         93
#define GENESIS_SYS_YIELD        94
#define GENESIS_SYS_TICKS        95
#define GENESIS_SYS_WAIT_FRAME   96
#define GENESIS_SYS_SOUND        97

// The pad page, the same page in every task.  Only the keyboard interrupt
// writes it, so reading the pad is a memory read, not a service call.  A
// button is held while its bit is set; presses[] counts key strokes (a
// key's auto-repeat is not a stroke), so a tap shorter than a frame is
// still seen by comparing a count with the one read last time.
struct genesis_pad {
    uint32_t buttons;                     // bit GENESIS_BUTTON_x: button x is held
    uint32_t presses[GENESIS_BUTTONS];    // strokes of each button since power-on (wraps)
    uint32_t frame;                       // frames composed since power-on (wraps)
};

#define GENESIS_SCREEN           ((volatile uint8_t *)GENESIS_SCREEN_ADDR)
#define GENESIS_PAD              ((const volatile struct genesis_pad *)GENESIS_PAD_ADDR)

// Turns a vector above into the text of its `int` instruction, so each
// number is written once.
#define GENESIS_STR(x)  #x
#define GENESIS_INT(v)  "int $" GENESIS_STR(v)

// Grows or shrinks this task's data area at GENESIS_DATA_BASE to `pages`
// pages (values above 1024 mean 1024); new pages read as zeros.  Returns the
// resulting page count: fewer than asked when memory runs out.
static inline int
set_data_limit(uint32_t pages)
{
    int result;

    __asm__ volatile(GENESIS_INT(GENESIS_SYS_SET_DATA_LIMIT) : "=a"(result) : "a"(pages) : "memory");
    return result;
}

// Reads byte `offset` of task `letter`'s data area ('A'..'D', own included).
// Returns the byte and sets *valid to 1, or returns 0 with *valid 0 when the
// task does not exist, has ended, or the offset is past its area.
static inline uint8_t
read_data(char letter, uint32_t offset, int *valid)
{
    uint32_t byte, ok;

    __asm__ volatile(GENESIS_INT(GENESIS_SYS_READ_DATA) : "=c"(byte), "=d"(ok)
                     : "a"((uint32_t)(uint8_t)letter), "b"(offset) : "memory");
    *valid = (int)ok;
    return (uint8_t)byte;
}

// Opens the cartridge reader in the mode of GENESIS_ACCESS.  In copy mode,
// `copy_addr` is where this task's copy page is mapped (see GENESIS_COPY_MIN).
// The task sleeps until the next frame has arrived.  Returns 0, or -1 at
// once for a bad mode or address (what was open stays open).  Mode
// GENESIS_ACCESS_NONE returns 0 at once.  Opening while open closes first:
// opening again in the same mode is how a task waits for the next frame.
// A task has one copy page, whatever the address; it stays its own.
static inline int
opendevice(uint32_t copy_addr)
{
    int result;

    __asm__ volatile(GENESIS_INT(GENESIS_SYS_OPENDEVICE) : "=a"(result) : "c"(copy_addr) : "memory");
    return result;
}

// Removes the DMA mapping, or stops refreshing the copy page (which keeps
// its last frame).  Returns 0, also with nothing open.
static inline int
closedevice(void)
{
    int result;

    __asm__ volatile(GENESIS_INT(GENESIS_SYS_CLOSEDEVICE) : "=a"(result) : : "memory");
    return result;
}

// Logs `task L: <text>`; text is NUL-terminated, at most 255 characters
// (UTF-8; each control character, C0, DEL, C1, U+2028 and U+2029, and each
// malformed sequence shows as '?').  Returns 0, or -1 when the task may not
// read the whole string or it has no NUL within GENESIS_PRINT_MAX bytes;
// nothing is logged then.
static inline int
print(const char *text)
{
    int result;

    __asm__ volatile(GENESIS_INT(GENESIS_SYS_PRINT) : "=a"(result) : "a"(text) : "memory");
    return result;
}

// Gives the rest of this clock tick to the other tasks.  Returns 0 once
// this task runs again.
static inline int
yield(void)
{
    int result;

    __asm__ volatile(GENESIS_INT(GENESIS_SYS_YIELD) : "=a"(result) : : "memory");
    return result;
}

// Clock ticks since the console started, GENESIS_CLOCK_HZ a second.
static inline uint32_t
ticks(void)
{
    uint32_t result;

    __asm__ volatile(GENESIS_INT(GENESIS_SYS_TICKS) : "=a"(result) : : "memory");
    return result;
}

// Ends this task with `status` (logged as `task L: exited status=<n>`).
__attribute__((noreturn)) static inline void
exit(int status)
{
    __asm__ volatile(GENESIS_INT(GENESIS_SYS_EXIT) : : "a"(status) : "memory");
    for (;;)                             // the kernel never returns here
        ;
}

// Whether pad button b (GENESIS_BUTTON_x) is held now.
static inline int
button_held(int b)
{
    return GENESIS_PAD->buttons >> b & 1;
}

// Sleeps until the console has composed its next frame; returns the number
// of frames composed so far (GENESIS_PAD->frame).  A task that draws its
// screen right after it has the rest of the clock tick to finish before the
// next frame is composed, so no frame shows a half-drawn screen.
static inline uint32_t
wait_frame(void)
{
    uint32_t frame;

    __asm__ volatile(GENESIS_INT(GENESIS_SYS_WAIT_FRAME) : "=a"(frame) : : "memory");
    return frame;
}

// Sound (docs/sound.md): four channels, 0-3, that every task of the
// cartridge shares.  A channel plays its notes (struct genesis_note in
// sound.h) one after the other from the clock tick.  The PC speaker has
// one voice: it sounds the lowest-numbered channel whose note is not a
// rest, while every channel keeps its own time, heard or not (put effects
// on channel 0, music on channel 3).  A channel belongs to the task whose
// notes it holds until they end or that task stops them; a task's notes
// stop when it ends, and swapping cartridges silences the console.
#define GENESIS_SOUND_CHANNELS   4
#define GENESIS_SOUND_NOTES_MAX  64           // notes a channel holds, and a call carries
// sound()'s operations.
#define GENESIS_SOUND_PLAY       0            // drop the channel's notes, play these now
#define GENESIS_SOUND_QUEUE      1            // play these after the channel's notes
#define GENESIS_SOUND_STOP       2            // silence the channel, drop its notes (no notes)
#define GENESIS_SOUND_LEFT       3            // the notes the channel holds (no notes)
// sound()'s errors, below 0.
#define GENESIS_SOUND_ENODEV     (-1)         // no sound on this PC (its PIT channel 2 does not count)
#define GENESIS_SOUND_EINVAL     (-2)         // no such operation or channel, count 0, a bad note
#define GENESIS_SOUND_EFAULT     (-3)         // the notes are not all readable by the task
#define GENESIS_SOUND_ETOOLONG   (-4)         // count above GENESIS_SOUND_NOTES_MAX
#define GENESIS_SOUND_EFULL      (-5)         // the channel has no room for all of them
#define GENESIS_SOUND_EBUSY      (-6)         // the channel holds another task's notes

// Operation op (GENESIS_SOUND_x) on channel 0-3 with `count` notes at
// `notes` (PLAY and QUEUE; the others ignore both).  Returns the notes the
// channel holds afterwards (the sounding one included; 0 once it is
// silent), or an error: GENESIS_SOUND_EINVAL, _ETOOLONG, _EFAULT, then
// GENESIS_SOUND_ENODEV for any other call on a PC without sound, then
// _EBUSY or _EFULL.  On an error nothing changes.  A note starts at once
// and lasts its ticks, give or take one.
static inline int
sound(uint32_t op, uint32_t channel, const struct genesis_note *notes, uint32_t count)
{
    int result;

    __asm__ volatile(GENESIS_INT(GENESIS_SYS_SOUND) : "=a"(result)
                     : "a"(op), "b"(channel), "c"(notes), "d"(count) : "memory");
    return result;
}

#endif
