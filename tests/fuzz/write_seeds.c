// Writes the descriptors of one unit-test table (hid: the report
// descriptors of tests/unit/hid_descriptors.h; usb: the device and
// configuration descriptors of tests/unit/usb_descriptors.h), one file each,
// into a directory: the seeds of that parser's fuzzer.
#include <stdio.h>
#include <string.h>

#include "hid_descriptors.h"
#include "usb_descriptors.h"

static int
write_samples(const char *dir, const struct sample *samples, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        char path[4096];
        FILE *f;

        snprintf(path, sizeof path, "%s/%s", dir, samples[i].name);
        f = fopen(path, "wb");
        if (f == NULL || fwrite(samples[i].bytes, 1, samples[i].len, f) != samples[i].len ||
            fclose(f) != 0) {
            perror(path);
            return 1;
        }
    }
    return 0;
}

int
main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "hid") == 0)
        return write_samples(argv[2], hid_samples, HID_SAMPLES);
    if (argc == 3 && strcmp(argv[1], "usb") == 0)
        return write_samples(argv[2], usb_samples, USB_SAMPLES);
    fprintf(stderr, "usage: %s hid|usb DIR\n", argv[0]);
    return 1;
}
