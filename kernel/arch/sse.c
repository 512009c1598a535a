// SSE for the kernel's bulk copies (see sse.h).
#include <stdint.h>

#include "arch/sse.h"
#include "arch/x86.h"

int sse_usable;

void sse_init(void)
{
    uint32_t eax, ebx, ecx, edx;

    cpuid(1, &eax, &ebx, &ecx, &edx);
    // OSFXSR says the kernel saves the SSE state with fxsave; it saves none,
    // because only sse_begin .. sse_end, where nothing switches tasks, uses it.
    if ((edx & CPUID_EDX_SSE) && (edx & CPUID_EDX_FXSR)) {
        lcr4(rcr4() | CR4_OSFXSR);
        sse_usable = 1;
    }
}

void sse_begin(void)
{
    lcr0(rcr0() & ~(CR0_EM | CR0_TS));
}

void sse_end(void)
{
    lcr0(rcr0() | CR0_EM);
}
