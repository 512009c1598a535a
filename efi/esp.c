// Files on the EFI System Partition.  The firmware loaded this program from a
// FAT volume; its LoadedImage protocol names that volume's device, whose
// SimpleFileSystem protocol opens the root directory.  Reading through the
// same device, rather than searching every volume, means the loader always
// pairs with the kernel and cartridges that were installed beside it.

#include "loader.h"

EFI_STATUS esp_open_root(EFI_HANDLE image, EFI_FILE_HANDLE *root)
{
    EFI_LOADED_IMAGE *loaded;
    EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *fs;
    EFI_STATUS status;

    status = BS->HandleProtocol(image, &gEfiLoadedImageProtocolGuid, (void **)&loaded);
    if (EFI_ERROR(status))
        return status;
    status = BS->HandleProtocol(loaded->DeviceHandle, &gEfiSimpleFileSystemProtocolGuid,
                                (void **)&fs);
    if (EFI_ERROR(status))
        return status;
    return fs->OpenVolume(fs, root);
}

EFI_STATUS file_info(EFI_FILE_HANDLE file, union file_info *fi)
{
    UINTN bytes = sizeof(*fi);

    return file->GetInfo(file, &gEfiFileInfoGuid, &bytes, fi);
}

// Reads exactly `bytes` bytes; a short read is an error.
EFI_STATUS file_read(EFI_FILE_HANDLE file, void *buf, UINT64 bytes)
{
    uint8_t *p = buf;

    while (bytes > 0) {
        UINTN n = bytes;
        EFI_STATUS status = file->Read(file, &n, p);
        if (EFI_ERROR(status))
            return status;
        if (n == 0)
            return EFI_END_OF_FILE;
        p += n;
        bytes -= n;
    }
    return EFI_SUCCESS;
}

// Opens a file (not a directory) for reading and reads its information.
EFI_STATUS file_open(EFI_FILE_HANDLE dir, CHAR16 *path, EFI_FILE_HANDLE *file,
                     union file_info *fi)
{
    EFI_STATUS status;

    status = dir->Open(dir, file, path, EFI_FILE_MODE_READ, 0);
    if (EFI_ERROR(status))
        return status;
    status = file_info(*file, fi);
    if (!EFI_ERROR(status) && (fi->info.Attribute & EFI_FILE_DIRECTORY))
        status = EFI_NOT_FOUND;
    if (EFI_ERROR(status))
        (*file)->Close(*file);
    return status;
}

// Opens a directory (not a file) for listing.
EFI_STATUS dir_open(EFI_FILE_HANDLE dir, CHAR16 *path, EFI_FILE_HANDLE *sub)
{
    union file_info fi;
    EFI_STATUS status;

    status = dir->Open(dir, sub, path, EFI_FILE_MODE_READ, 0);
    if (EFI_ERROR(status))
        return status;
    status = file_info(*sub, &fi);
    if (!EFI_ERROR(status) && !(fi.info.Attribute & EFI_FILE_DIRECTORY))
        status = EFI_NOT_FOUND;
    if (EFI_ERROR(status))
        (*sub)->Close(*sub);
    return status;
}

// Reads a whole file into pool memory, which the caller frees.
EFI_STATUS file_load(EFI_FILE_HANDLE dir, CHAR16 *path, void **buf, UINT64 *bytes)
{
    union file_info fi;
    EFI_FILE_HANDLE file;
    EFI_STATUS status;

    status = file_open(dir, path, &file, &fi);
    if (EFI_ERROR(status))
        return status;
    // One byte more than the file, so that an empty file is not an empty request.
    status = BS->AllocatePool(EfiLoaderData, fi.info.FileSize + 1, buf);
    if (!EFI_ERROR(status)) {
        status = file_read(file, *buf, fi.info.FileSize);
        if (EFI_ERROR(status))
            BS->FreePool(*buf);
    }
    file->Close(file);
    *bytes = fi.info.FileSize;
    return status;
}
