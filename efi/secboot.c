// The loader's link in Secure Boot's chain of trust.  The firmware checked
// this loader's signature before starting it; the loader carries the check
// on to the kernel by comparing the kernel file's SHA-256 with the digest
// fixed into the loader when it was built, and so covered by its signature.
// Without Secure Boot the firmware enforces nothing before the loader
// either, and the kernel is not checked: a developer swaps kernels freely.
// Cartridges and BOOT.CFG are outside the chain: the kernel checks them as
// untrusted input and runs cartridges only in ring 3 (docs/secure-boot.md).

#include "loader.h"

#define SECURE_BOOT_VAR     L"SecureBoot"   // UEFI 2.x, EFI_GLOBAL_VARIABLE: 1 byte, 1 = enforcing

// Only a firmware without the variable, or one that says 0, counts as off:
// an odd answer (wrong size, a read error) keeps the check on.
static int secure_boot_on(void)
{
    UINT8 value = 0;
    UINTN size = sizeof(value);
    EFI_STATUS status;

    status = RT->GetVariable(SECURE_BOOT_VAR, &EfiGlobalVariable, NULL, &size, &value);
    if (status == EFI_NOT_FOUND)
        return 0;
    return EFI_ERROR(status) || size != sizeof(value) || value != 0;
}

static void digest_text(const uint8_t digest[SHA256_BYTES], CHAR16 text[2 * SHA256_BYTES + 1])
{
    static const CHAR16 digits[] = L"0123456789abcdef";

    for (int i = 0; i < SHA256_BYTES; i++) {
        text[2 * i] = digits[digest[i] >> 4];
        text[2 * i + 1] = digits[digest[i] & 0xf];
    }
    text[2 * SHA256_BYTES] = L'\0';
}

EFI_STATUS kernel_verify(CHAR16 *path, const uint8_t *file, UINT64 size)
{
    uint8_t digest[SHA256_BYTES];
    CHAR16 text[2 * SHA256_BYTES + 1];

    if (!secure_boot_on()) {
        Print(L"efi: Secure Boot off: the kernel's SHA-256 is not checked\n");
        return EFI_SUCCESS;
    }
    sha256(file, size, digest);
    if (CompareMem(digest, kernel_sha256, SHA256_BYTES) == 0) {
        Print(L"efi: Secure Boot on: the kernel's SHA-256 is the one this loader was built with\n");
        return EFI_SUCCESS;
    }
    Print(L"efi: Secure Boot on: %s is not the kernel this loader was built with; "
          L"not starting it\n", path);
    digest_text(digest, text);
    Print(L"efi: its SHA-256 is  %s\n", text);
    digest_text(kernel_sha256, text);
    Print(L"efi: the loader's is %s\n", text);
    return EFI_SECURITY_VIOLATION;
}
