; The console font: Terminus 8x16, Latin-1 (Debian's console-setup-linux),
; a PSF file the build unpacks.  dev/fbcon.c parses its header at run time.
global font_psf, font_psf_end

section .rodata

font_psf:
    incbin "font.psf"
font_psf_end:
