// Writes the descriptors of tests/unit/usb_descriptors.h, one file each,
// into the directory given: the seeds of the USB descriptor fuzzer.
#include <stdio.h>

#include "usb_descriptors.h"

int
main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 1;
    }
    for (size_t i = 0; i < USB_SAMPLES; i++) {
        char path[4096];
        FILE *f;

        snprintf(path, sizeof path, "%s/%s", argv[1], usb_samples[i].name);
        f = fopen(path, "wb");
        if (f == NULL || fwrite(usb_samples[i].bytes, 1, usb_samples[i].len, f) != usb_samples[i].len ||
            fclose(f) != 0) {
            perror(path);
            return 1;
        }
    }
    return 0;
}
