// The screen and the video buffer.
//
// UEFI has no text mode to leave behind: the Graphics Output Protocol (GOP)
// offers a list of modes, each with a linear framebuffer the kernel can keep
// drawing into after ExitBootServices.  The rule for the mode: 1024x768 when
// offered; otherwise the largest mode that fits inside 1024x768; otherwise
// (every mode is bigger) the smallest one.  Ties go to the lower mode number.
// Modes without a framebuffer (PixelBltOnly) are never chosen.

#include "loader.h"

#define WANT_WIDTH          1024
#define WANT_HEIGHT         768
#define VIDEO_BUFFER_ADDR   0xF151C000  // the console's address, from seed 004

static int has_framebuffer(EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info)
{
    return info->PixelFormat == PixelRedGreenBlueReserved8BitPerColor ||
           info->PixelFormat == PixelBlueGreenRedReserved8BitPerColor ||
           info->PixelFormat == PixelBitMask;
}

// Is a better than b under the rule above?
static int better_mode(EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *a,
                       EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *b)
{
    UINT64 area_a = (UINT64)a->HorizontalResolution * a->VerticalResolution;
    UINT64 area_b = (UINT64)b->HorizontalResolution * b->VerticalResolution;
    int fits_a = a->HorizontalResolution <= WANT_WIDTH && a->VerticalResolution <= WANT_HEIGHT;
    int fits_b = b->HorizontalResolution <= WANT_WIDTH && b->VerticalResolution <= WANT_HEIGHT;

    if (fits_a != fits_b)
        return fits_a;
    return fits_a ? area_a > area_b : area_a < area_b;
}

// The mode the rule picks, or -1 when no mode has a framebuffer.
static INT64 pick_mode(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop)
{
    EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info, best;
    INT64 chosen = -1;
    UINTN size;

    for (UINT32 mode = 0; mode < gop->Mode->MaxMode; mode++) {
        if (EFI_ERROR(gop->QueryMode(gop, mode, &size, &info)))
            continue;
        if (has_framebuffer(info) && (chosen < 0 || better_mode(info, &best))) {
            best = *info;
            chosen = mode;
        }
        BS->FreePool(info);
    }
    return chosen;
}

// The channel masks for every format, so the kernel can treat them alike.
static void pixel_masks(EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info, struct boot_framebuffer *fb)
{
    switch (info->PixelFormat) {
    case PixelRedGreenBlueReserved8BitPerColor:
        fb->red_mask = 0x000000FF;
        fb->green_mask = 0x0000FF00;
        fb->blue_mask = 0x00FF0000;
        fb->reserved_mask = 0xFF000000;
        break;
    case PixelBlueGreenRedReserved8BitPerColor:
        fb->blue_mask = 0x000000FF;
        fb->green_mask = 0x0000FF00;
        fb->red_mask = 0x00FF0000;
        fb->reserved_mask = 0xFF000000;
        break;
    default:
        fb->red_mask = info->PixelInformation.RedMask;
        fb->green_mask = info->PixelInformation.GreenMask;
        fb->blue_mask = info->PixelInformation.BlueMask;
        fb->reserved_mask = info->PixelInformation.ReservedMask;
        break;
    }
}

// Sets the mode and describes its framebuffer; leaves fb zeroed (the kernel
// then logs to serial only) when there is no usable one.
void video_choose_mode(struct boot_framebuffer *fb)
{
    static const char *format_name[] = { "RGBX", "BGRX", "bitmask" };
    EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;
    EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info;
    EFI_STATUS status;
    INT64 mode;

    ZeroMem(fb, sizeof(*fb));
    if (EFI_ERROR(BS->LocateProtocol(&gEfiGraphicsOutputProtocolGuid, NULL, (void **)&gop))) {
        Print(L"efi: no graphics output; the kernel will use the serial port only\n");
        return;
    }
    mode = pick_mode(gop);
    if (mode >= 0 && mode != gop->Mode->Mode) {
        status = gop->SetMode(gop, mode);
        if (EFI_ERROR(status))
            Print(L"efi: cannot set video mode %ld: %r; keeping mode %d\n",
                  mode, status, gop->Mode->Mode);
    }
    info = gop->Mode->Info;
    if (!has_framebuffer(info)) {
        Print(L"efi: no video mode with a linear framebuffer; the kernel will use "
              L"the serial port only\n");
        return;
    }
    // A 32-bit kernel reaches 40 bits of physical address with PSE-36 4 MiB
    // pages: GPUs with a resizable BAR put the framebuffer above 4 GiB.
    if (gop->Mode->FrameBufferBase + gop->Mode->FrameBufferSize > PSE36_REACH) {
        Print(L"efi: the framebuffer at 0x%lx is past the 1 TiB a 32-bit kernel reaches; "
              L"the kernel will use the serial port only\n", gop->Mode->FrameBufferBase);
        return;
    }
    fb->base = gop->Mode->FrameBufferBase;
    fb->size = gop->Mode->FrameBufferSize;
    fb->width = info->HorizontalResolution;
    fb->height = info->VerticalResolution;
    fb->stride = info->PixelsPerScanLine;
    fb->format = info->PixelFormat;
    pixel_masks(info, fb);
    Print(L"efi: video %ux%u stride=%u %a framebuffer=0x%lx size=%lu\n", fb->width,
          fb->height, fb->stride, format_name[fb->format], fb->base, fb->size);
}

// The seed's console has its video buffer at VIDEO_BUFFER_ADDR.  On a PC that
// address is normally in the PCI hole, so when the firmware will not give
// that page, any RAM page below 4 GiB stands in for it.
EFI_STATUS video_buffer_reserve(uint64_t *addr)
{
    EFI_STATUS status;

    *addr = VIDEO_BUFFER_ADDR;
    status = alloc_pages_at(GENESIS_MEMTYPE, 1, *addr);
    if (EFI_ERROR(status))
        status = alloc_pages(GENESIS_MEMTYPE, 1, addr);
    if (EFI_ERROR(status)) {
        Print(L"efi: cannot reserve a page for the video buffer: %r\n", status);
        return status;
    }
    ZeroMem((void *)(UINTN)*addr, PAGE_SIZE);
    Print(L"efi: video buffer at 0x%lx%s\n", *addr,
          *addr == VIDEO_BUFFER_ADDR ? L"" : L" (the firmware refused 0xF151C000)");
    return EFI_SUCCESS;
}
