// The checks and service calls of exam.h.
#include <stdint.h>

#include <genesis.h>

#include "exam.h"

// Garbage the services must overwrite (ECX, EDX) or keep (the others).
#define JUNK_ECX            0xDEADBEEFu
#define JUNK_EDX            0xFEEDFACEu
#define KEEP_EBX            0x0B0B0B0Bu
#define KEEP_ESI            0x5151A5A5u
#define KEEP_EDI            0xD1D15A5Au
#define KEEP_EBP            0xB0B0C3C3u

struct regs {
    uint32_t eax, ebx, ecx, edx, esi, edi, ebp;
};

void set_data_limit_regs(struct regs *r);   // service.asm
void read_data_regs(struct regs *r);

static int failed;
static int clobbered;                       // a service changed a register it keeps
static int malformed;                       // ReadData gave an impossible ECX/EDX pair

void check(int ok, const char *what)
{
    static const char pass[] = "ok: ", fail[] = "FAIL: ";
    char line[GENESIS_PRINT_MAX];
    const char *prefix = ok ? pass : fail;
    int n = 0;

    while (*prefix)
        line[n++] = *prefix++;
    while (*what && n < GENESIS_PRINT_MAX - 1)
        line[n++] = *what++;
    line[n] = 0;
    print(line);
    failed += !ok;
}

int failures(void)
{
    return failed;
}

static int kept(const struct regs *r)
{
    return r->esi == KEEP_ESI && r->edi == KEEP_EDI && r->ebp == KEEP_EBP;
}

uint32_t set_limit(uint32_t pages)
{
    struct regs r = { pages, KEEP_EBX, JUNK_ECX, JUNK_EDX, KEEP_ESI, KEEP_EDI, KEEP_EBP };

    set_data_limit_regs(&r);
    if (r.ebx != KEEP_EBX || r.ecx != JUNK_ECX || r.edx != JUNK_EDX ||
        !kept(&r))
        clobbered = 1;
    return r.eax;
}

uint32_t read_byte(uint32_t letter, uint32_t offset, uint32_t *byte)
{
    struct regs r = { letter, offset, JUNK_ECX, JUNK_EDX, KEEP_ESI, KEEP_EDI, KEEP_EBP };

    read_data_regs(&r);
    if (r.eax != letter || r.ebx != offset || !kept(&r))
        clobbered = 1;
    // A byte is zero-extended, and an invalid read gives ECX = EDX = 0.
    if (r.edx > 1 || r.ecx > 0xFF || (r.edx == 0 && r.ecx != 0))
        malformed = 1;
    *byte = r.ecx;
    return r.edx;
}

void wait_for(char letter, uint32_t offset, uint8_t value)
{
    uint32_t byte;

    while (!read_byte((uint8_t)letter, offset, &byte) || byte != value)
        ;
}

void check_registers(void)
{
    check(!clobbered, "the services kept every register but their results");
    check(!malformed, "ReadData gave EDX 0 or 1, ECX a zero-extended byte, both 0 when invalid");
}
