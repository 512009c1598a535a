// The parts of the 32-bit ELF format the loader reads (System V gABI, i386).
#ifndef GENESIS_EFI_ELF_H
#define GENESIS_EFI_ELF_H

#include <stdint.h>

#define ELF_MAGIC       0x464C457Fu  // "\x7FELF" read as a little-endian word
#define ELFCLASS32      1            // ident[4]: 32-bit objects
#define ELFDATA2LSB     1            // ident[5]: little-endian
#define EV_CURRENT      1            // ident[6] and version
#define ET_EXEC         2            // type: executable file
#define EM_386          3            // machine: Intel 80386
#define PT_LOAD         1            // program header: loadable segment

struct elf32_header {
    uint32_t magic;
    uint8_t  class, data, ident_version, pad[9];
    uint16_t type;
    uint16_t machine;
    uint32_t version;
    uint32_t entry;
    uint32_t phoff;
    uint32_t shoff;
    uint32_t flags;
    uint16_t ehsize;
    uint16_t phentsize;
    uint16_t phnum;
    uint16_t shentsize;
    uint16_t shnum;
    uint16_t shstrndx;
};

struct elf32_phdr {
    uint32_t type;
    uint32_t offset;
    uint32_t vaddr;
    uint32_t paddr;
    uint32_t filesz;
    uint32_t memsz;
    uint32_t flags;
    uint32_t align;
};

#endif
