// One static inline wrapper per privileged or I/O instruction the kernel
// uses, so C code never needs inline assembly of its own (inb and outb are
// in abi/portio.h, which the 64-bit loader shares).
#ifndef GENESIS_X86_H
#define GENESIS_X86_H

#include <stdint.h>

#include "abi/portio.h"

// Control register 0.
#define CR0_EM              0x00000004   // x87 instructions fault (#NM), MMX and SSE ones (#UD)
#define CR0_TS              0x00000008   // set by every hardware task switch: FPU and SSE use faults (#NM)
#define CR0_WP              0x00010000   // ring 0 honours read-only pages
#define CR0_NW              0x20000000   // not write-through
#define CR0_CD              0x40000000   // caches disabled
#define CR0_PG              0x80000000   // paging

// Control register 4.
#define CR4_PSE             0x00000010   // 4 MiB pages where a directory entry has PS
#define CR4_OSFXSR          0x00000200   // SSE instructions allowed (unless CR0.EM)
#define CR4_UMIP            0x00000800   // sgdt, sidt, sldt, smsw and str fault outside ring 0

// CPUID leaf 1, EDX.
#define CPUID_EDX_PSE       (1u << 3)    // 4 MiB pages
#define CPUID_EDX_APIC      (1u << 9)    // a local APIC
#define CPUID_EDX_PSE36     (1u << 17)   // 4 MiB pages reach physical bits 32-39
#define CPUID_EDX_FXSR      (1u << 24)   // fxsave, fxrstor; CR4.OSFXSR
#define CPUID_EDX_SSE       (1u << 25)   // the SSE registers and moves
#define CPUID_EXT_ADDRESS   0x80000008   // EAX bits 0-7: physical address bits (MAXPHYADDR)
#define CPUID_FEATURES7     7            // leaf 7, subleaf 0: structured extended features
#define CPUID_7_ECX_UMIP    (1u << 2)    // user-mode instruction prevention (CR4_UMIP)

// EFLAGS.
#define FL_1                0x00000002   // reserved, always set
#define FL_IF               0x00000200   // interrupts enabled
#define FL_VM               0x00020000   // virtual-8086 mode: the code runs at CPL 3

// The operand of lgdt and lidt.
struct pseudo_desc {
    uint16_t limit;                      // size in bytes - 1
    uint32_t base;                       // linear address of the table
} __attribute__((packed));

static inline void cli(void)
{
    __asm__ volatile("cli" : : : "memory");
}

static inline void sti(void)
{
    __asm__ volatile("sti" : : : "memory");
}

// Copies n 32-bit words from src to dst with one string instruction (the
// kernel runs with DF clear: every entry path clears it).
static inline void movsl(void *dst, const void *src, uint32_t n)
{
    __asm__ volatile("rep movsl" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
}

// Stores value in n 32-bit words from dst on, with one string instruction.
static inline void stosl(void *dst, uint32_t value, uint32_t n)
{
    __asm__ volatile("rep stosl" : "+D"(dst), "+c"(n) : "a"(value) : "memory");
}

// The SSE registers an asm statement overwrites.  The kernel is built
// without SSE, so its compiler never keeps a value there and refuses to
// hear of them; a host test's compiler may keep values there.
#ifdef __SSE__
#define SSE_CLOBBERS        , "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7"
#else
#define SSE_CLOBBERS
#endif

// Copies `lines` times the n bytes at src (n a nonzero multiple of 128,
// src 16-byte aligned) to dst, dst + pitch, ...: 128 bytes at a time go
// into the eight SSE registers with one load each, then out to every line
// with one store each.  A 16-byte move is one instruction where rep movsl
// takes four.  The kernel code never uses SSE registers otherwise (it is
// built without SSE) and tasks cannot (CR0.EM is set while they run), so
// their contents need no saving; the caller has turned SSE on (CR4.OSFXSR
// set, CR0.EM and CR0.TS clear).
static inline void sse_copy_lines(void *dst, uintptr_t pitch, const void *src, uint32_t n,
                                  uint32_t lines)
{
    uint8_t *line;
    uint32_t left;

    __asm__ volatile(
        "1:\n\t"
        "movaps 0(%[s]), %%xmm0\n\t"
        "movaps 16(%[s]), %%xmm1\n\t"
        "movaps 32(%[s]), %%xmm2\n\t"
        "movaps 48(%[s]), %%xmm3\n\t"
        "movaps 64(%[s]), %%xmm4\n\t"
        "movaps 80(%[s]), %%xmm5\n\t"
        "movaps 96(%[s]), %%xmm6\n\t"
        "movaps 112(%[s]), %%xmm7\n\t"
        "mov %[d], %[line]\n\t"
        "mov %[lines], %[left]\n\t"
        "2:\n\t"
        "movups %%xmm0, 0(%[line])\n\t"
        "movups %%xmm1, 16(%[line])\n\t"
        "movups %%xmm2, 32(%[line])\n\t"
        "movups %%xmm3, 48(%[line])\n\t"
        "movups %%xmm4, 64(%[line])\n\t"
        "movups %%xmm5, 80(%[line])\n\t"
        "movups %%xmm6, 96(%[line])\n\t"
        "movups %%xmm7, 112(%[line])\n\t"
        "add %[pitch], %[line]\n\t"
        "dec %[left]\n\t"
        "jnz 2b\n\t"
        "add $128, %[s]\n\t"
        "add $128, %[d]\n\t"
        "sub $128, %[n]\n\t"
        "jnz 1b"
        : [s] "+r"(src), [d] "+r"(dst), [n] "+r"(n), [line] "=&r"(line), [left] "=&r"(left)
        : [pitch] "m"(pitch), [lines] "m"(lines)
        : "memory", "cc" SSE_CLOBBERS);
}

// A spin-wait hint: lets a hyperthread sibling run, costs nothing else.
static inline void pause(void)
{
    __asm__ volatile("pause");
}

static inline void hlt(void)
{
    __asm__ volatile("hlt" : : : "memory");
}

static inline void lgdt(const struct pseudo_desc *desc)
{
    __asm__ volatile("lgdt %0" : : "m"(*desc));
}

static inline void lidt(const struct pseudo_desc *desc)
{
    __asm__ volatile("lidt %0" : : "m"(*desc));
}

static inline void ltr(uint16_t selector)
{
    __asm__ volatile("ltr %0" : : "r"(selector));
}

// A hardware task switch: the CPU saves every register in the current TSS
// and loads the TSS that selector names (the offset is ignored).  Returns
// when a later switch comes back to this task.
static inline void ljmp_tss(uint16_t selector)
{
    struct { uint32_t offset; uint16_t selector; } __attribute__((packed)) target = { 0, selector };
    __asm__ volatile("ljmp *%0" : : "m"(target) : "memory");
}

static inline uint32_t rcr0(void)
{
    uint32_t value;
    __asm__ volatile("mov %%cr0, %0" : "=r"(value));
    return value;
}

static inline void lcr0(uint32_t value)
{
    __asm__ volatile("mov %0, %%cr0" : : "r"(value) : "memory");
}

static inline uint32_t rcr4(void)
{
    uint32_t value;
    __asm__ volatile("mov %%cr4, %0" : "=r"(value));
    return value;
}

static inline void lcr4(uint32_t value)
{
    __asm__ volatile("mov %0, %%cr4" : : "r"(value) : "memory");
}

static inline uint32_t rcr2(void)
{
    uint32_t value;
    __asm__ volatile("mov %%cr2, %0" : "=r"(value));
    return value;
}

static inline uint32_t rcr3(void)
{
    uint32_t value;
    __asm__ volatile("mov %%cr3, %0" : "=r"(value));
    return value;
}

static inline void lcr3(uint32_t value)
{
    __asm__ volatile("mov %0, %%cr3" : : "r"(value) : "memory");
}

static inline void invlpg(uint32_t va)
{
    __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

// The time-stamp counter.  Under QEMU -icount it counts instructions.
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t value)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32)));
}

static inline uint32_t inl(uint16_t port)
{
    uint32_t value;
    __asm__ volatile("inl %1, %0" : "=a"(value) : "Nd"(port));
    return value;
}

static inline void outl(uint16_t port, uint32_t value)
{
    __asm__ volatile("outl %0, %1" : : "a"(value), "Nd"(port));
}

static inline void cpuid(uint32_t leaf, uint32_t *eax, uint32_t *ebx, uint32_t *ecx, uint32_t *edx)
{
    __asm__ volatile("cpuid" : "=a"(*eax), "=b"(*ebx), "=c"(*ecx), "=d"(*edx) : "a"(leaf), "c"(0));
}

#endif
