; The loader's SBAT data (shim's "Secure Boot Advanced Targeting"): shim
; refuses to start a second stage without a .sbat section.  It is the CSV
; in efi/sbat.csv: the line naming the format's version, then one line for
; this loader, whose generation number is raised when a loader with a
; security bug must stop booting (shim then refuses every older loader
; that a revocation list names).  Aligned to a page so that it becomes a
; PE section of its own.

section .sbat progbits alloc noexec nowrite align=4096
incbin "efi/sbat.csv"

section .note.GNU-stack noalloc noexec nowrite progbits
