// The cartridge file format, version 1: the one definition that the kernel
// (32-bit, freestanding), the loader (64-bit UEFI) and mkcart (host) share.
// docs/cartridge.md describes it for people; this header is the contract.
//
// A cartridge is a sequence of 4096-byte pages.  Page 0 holds the header;
// every section (a task image, the palette, the frames) starts on a page
// boundary, so a code page or a frame is copied as one page.  The file is
// little-endian and struct cart_file_header *is* the byte layout of page 0,
// which is why only fixed-width, naturally aligned fields appear in it.
#ifndef GENESIS_CART_H
#define GENESIS_CART_H

#include <stdint.h>
#include <stddef.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the cartridge structs are the little-endian file layout"
#endif

// \x89 catches 7-bit transfers, \r\n a CRLF-to-LF conversion, \x1a a DOS
// end-of-file, the final \n an LF-to-CRLF conversion (the PNG trick).
#define CART_MAGIC          "\x89GEN\r\n\x1a\n"
#define CART_MAGIC_SIZE     8
#define CART_VERSION        1

#define CART_PAGE_SIZE      4096u
#define CART_HEADER_SIZE    256u         // struct cart_file_header; the rest of page 0 is zero
#define CART_MAX_FILE_SIZE  0x00800000u  // 8 MiB: the loader skips bigger files
#define CART_MAX_TASKS      4
#define CART_TITLE_MAX      32           // printable ASCII characters, NUL-padded in the file
#define CART_MAX_FPS        1024         // the RTC's fastest periodic rate
#define CART_CODE_BASE      0x05000000u  // a task's code window, in its own address space
#define CART_CODE_SIZE      0x00010000u  // 64 KB
#define CART_FRAME_WIDTH    64
#define CART_FRAME_HEIGHT   64
#define CART_FRAME_SIZE     4096u        // 64 x 64 x 8 bpp, one byte per palette index
#define CART_MAX_FRAMES     1920         // 2 minutes at 16 fps; with 4 full tasks still < 8 MiB
#define CART_MAX_COLORS     256
#define CART_COLOR_SIZE     3            // palette entry: r, g, b
#define CART_FLAGS_KNOWN    0x00000000u  // no flag is defined in version 1
#define CART_SYMBOL_NAME_MAX 63          // characters of a symbol's name, so a kill line stays short

// One task slot of the header (32 bytes).
struct cart_file_task {
    uint8_t  letter;                     // 'A'..'D'
    uint8_t  reserved0[3];               // zero
    uint32_t file_offset;                // page aligned
    uint32_t file_size;                  // bytes of image in the file
    uint32_t vaddr;                      // page aligned, inside the code window
    uint32_t mem_size;                   // >= file_size; the rest is zero-filled (.bss)
    uint32_t ro_size;                    // page multiple: read-only bytes from vaddr
    uint32_t entry;                      // in [vaddr, vaddr + file_size)
    uint32_t reserved1;                  // zero
};

// Page 0 of a cartridge.  Offsets in bytes on the left.
struct cart_file_header {
    uint8_t  magic[CART_MAGIC_SIZE];     //   0 CART_MAGIC
    uint32_t version;                    //   8 CART_VERSION
    uint32_t header_size;                //  12 CART_HEADER_SIZE
    uint32_t header_crc;                 //  16 CRC-32 of page 0, this field read as zero
    uint32_t payload_crc;                //  20 CRC-32 of bytes [CART_PAGE_SIZE, file_size)
    uint32_t file_size;                  //  24 bytes, page multiple
    uint32_t flags;                      //  28 only CART_FLAGS_KNOWN bits
    char     title[CART_TITLE_MAX];      //  32 printable ASCII, then NULs
    uint32_t fps;                        //  64 suggested reader rate, 0 = none
    uint32_t task_count;                 //  68 1..CART_MAX_TASKS; unused slots are zero
    struct cart_file_task task[CART_MAX_TASKS]; // 72
    uint32_t frame_count;                // 200 0 = no frames (then frames_offset is 0)
    uint32_t frames_offset;              // 204 frame_count * CART_FRAME_SIZE bytes
    uint32_t palette_count;              // 208 0 = no palette (then palette_offset is 0)
    uint32_t palette_offset;             // 212 palette_count * CART_COLOR_SIZE bytes
    uint32_t symbols_offset;             // 216 0 = no symbols section (then symbols_size is 0)
    uint32_t symbols_size;               // 220 bytes of struct cart_file_symbols and its strings
    uint32_t reserved[8];                // 224 zero
};

// The optional symbols section: the tasks' functions, so that a kill line
// can name the one a task died in.  Files written before it existed have
// zero in both header words (then reserved) and still read the same.
// Layout: the count, count entries sorted by task then address, not
// overlapping within a task, then the string area to the section's end.
struct cart_file_symbol {                // 16 bytes
    uint32_t task;                       // index into task[] (file order), < task_count
    uint32_t addr;                       // first byte, inside that task's image
    uint32_t size;                       // bytes, >= 1; [addr, addr + size) inside the image
    uint32_t name;                       // offset into the string area: printable ASCII, then NUL
};
struct cart_file_symbols {
    uint32_t count;
    struct cart_file_symbol entry[];     // then the string area
};

_Static_assert(sizeof(struct cart_file_task) == 32, "task slot layout");
_Static_assert(sizeof(struct cart_file_header) == CART_HEADER_SIZE, "header layout");
_Static_assert(offsetof(struct cart_file_header, header_crc) == 16, "header_crc offset");
_Static_assert(offsetof(struct cart_file_header, symbols_offset) == 216, "symbols_offset offset");
_Static_assert(sizeof(struct cart_file_symbol) == 16, "symbol entry layout");

// The parsed, checked description of a cartridge.  Offsets are from the
// start of the file; everything cart_parse returns lies inside it.
struct cart_task {                       // one task image
    char     letter;                     // 'A'..'D'
    uint32_t file_offset, file_size;     // bytes in the file (file_offset page aligned)
    uint32_t vaddr;                      // load address, page aligned, >= CART_CODE_BASE
    uint32_t mem_size;                   // >= file_size; the rest is zero-filled (.bss)
    uint32_t ro_size;                    // page multiple: read-only bytes from vaddr (text); the rest writable
    uint32_t entry;                      // inside [vaddr, vaddr+file_size)
};

struct cart_info {
    char     title[CART_TITLE_MAX + 1];  // NUL-terminated
    uint32_t flags, fps;                 // fps: suggested reader rate, 0 = none
    uint32_t task_count;
    struct cart_task task[CART_MAX_TASKS]; // in file order
    uint32_t frame_count, frames_offset; // frames are contiguous, CART_FRAME_SIZE each
    uint32_t palette_count, palette_offset; // palette_count entries of 3 bytes r,g,b
    uint32_t symbols_offset, symbols_size; // 0, 0: none; else struct cart_file_symbols
    uint32_t symbol_count;
    uint32_t version, file_size;
    uint32_t header_crc, payload_crc;
};

// One status per check, in the order cart_parse makes them.
enum cart_status {
    CART_OK = 0,
    CART_ERR_TRUNCATED,                  // smaller than the header page
    CART_ERR_MAGIC,
    CART_ERR_VERSION,
    CART_ERR_HEADER_SIZE,
    CART_ERR_RESERVED,                   // a reserved field, flag bit or header-page byte is not zero
    CART_ERR_HEADER_CRC,
    CART_ERR_FILE_SIZE,                  // declared size differs from the real one
    CART_ERR_FILE_TOO_BIG,               // over CART_MAX_FILE_SIZE
    CART_ERR_FILE_UNALIGNED,             // not a page multiple
    CART_ERR_TITLE,
    CART_ERR_FPS,
    CART_ERR_TASK_COUNT,
    CART_ERR_TASK_UNUSED,                // a slot past task_count is not all zero
    CART_ERR_SECTION_EMPTY,              // an empty section with a non-zero offset
    CART_ERR_SECTION_ALIGN,
    CART_ERR_SECTION_BOUNDS,             // a section ends beyond the file
    CART_ERR_OVERLAP,                    // two sections (or one and the header) share bytes
    CART_ERR_TASK_LETTER,
    CART_ERR_TASK_DUPLICATE,
    CART_ERR_TASK_VADDR,                 // not page aligned
    CART_ERR_TASK_WINDOW,                // memory outside the code window
    CART_ERR_TASK_RO,
    CART_ERR_TASK_ENTRY,
    CART_ERR_TASK_MEM_SIZE,              // mem_size < file_size
    CART_ERR_FRAME_COUNT,
    CART_ERR_PALETTE_COUNT,
    CART_ERR_PALETTE_MISSING,            // frames without a palette to show them
    CART_ERR_SYMBOL_COUNT,               // the entries do not fit the symbols section
    CART_ERR_SYMBOL_TASK,                // an entry names a task the file does not have
    CART_ERR_SYMBOL_ADDR,                // an entry's bytes are not all inside its task's image
    CART_ERR_SYMBOL_NAME,                // a name outside the strings, unterminated, empty or not printable
    CART_ERR_SYMBOL_ORDER,               // entries not sorted by task, then address
    CART_ERR_SYMBOL_OVERLAP,             // two entries of one task share bytes
    CART_ERR_PAYLOAD_CRC,
};

struct cart_error { int status; char message[160]; };  // status 0 = ok; message names the field and values

// Checks a whole cartridge image held in memory and describes it.  Pure: it
// reads only data[0..size), writes only *out and *err (err may be NULL), and
// fills *out only on success.  Returns the status (also in err->status).
int      cart_parse(const void *data, uint32_t size, struct cart_info *out, struct cart_error *err);

// The function of task number task (index into info->task) that holds
// address addr, from the symbols section of the image cart_parse accepted
// as info.  1 with *name (inside image) and *offset (addr - its start), or 0
// when no symbol covers addr (or the cartridge has none).  Pure.
int      cart_symbol(const void *image, const struct cart_info *info, uint32_t task, uint32_t addr,
                     const char **name, uint32_t *offset);

// CRC-32 (IEEE 802.3, reflected), chainable: cart_crc32(0, p, n) equals
// zlib's crc32(0, p, n), and cart_crc32(cart_crc32(0, a, n), b, m) covers a then b.
uint32_t cart_crc32(uint32_t crc, const void *data, uint32_t len);

#endif
