#!/usr/bin/env python3
"""Write build/genesis.img to a USB stick: `make usb DEV=/dev/sdX`.

Refuses anything that is not a whole, removable, unmounted disk at least as
large as the image, and asks before writing: a wrong letter here would wipe a
hard disk, so every check errs on the side of saying no.
"""

import os
import stat
import subprocess
import sys


def refuse(message):
    print(f"usb: {message}; nothing written", file=sys.stderr)
    sys.exit(1)


def sysfs_value(block, name):
    with open(os.path.join("/sys/block", block, name)) as f:
        return f.read().strip()


def main():
    if len(sys.argv) != 3 or not sys.argv[2]:
        refuse("usage: make usb DEV=/dev/sdX (the whole stick, not a partition)")
    image, device = sys.argv[1], sys.argv[2]
    try:
        mode = os.stat(device).st_mode
    except OSError as e:
        refuse(f"{device}: {e.strerror}")
    if not stat.S_ISBLK(mode):
        refuse(f"{device} is not a block device")
    block = os.path.basename(os.path.realpath(device))
    if not os.path.isdir(os.path.join("/sys/block", block)):
        refuse(f"{device} is a partition or not a whole disk; give the disk (e.g. /dev/sdb)")
    if sysfs_value(block, "removable") != "1":
        refuse(f"{device} is not a removable disk")
    size = int(sysfs_value(block, "size")) * 512
    if size < os.path.getsize(image):
        refuse(f"{device} holds {size} bytes, the image needs {os.path.getsize(image)}")
    with open("/proc/mounts") as f:
        mounted = [line.split()[0] for line in f if line.startswith("/dev/")]
    busy = [m for m in mounted if os.path.basename(os.path.realpath(m)).startswith(block)]
    if busy:
        refuse(f"{', '.join(busy)} mounted; unmount it first")
    model = ""
    try:
        model = sysfs_value(block, "device/vendor") + " " + sysfs_value(block, "device/model")
    except OSError:
        pass
    if not sys.stdin.isatty():
        refuse("no terminal to confirm on")
    answer = input(f"Erase {device} ({model.strip()}, {size // 2**20} MiB) and write {image}? "
                   "Type 'yes': ")
    if answer.strip() != "yes":
        refuse("not confirmed")
    subprocess.run(["dd", f"if={image}", f"of={device}", "bs=4M", "conv=fsync", "status=progress"],
                   check=True)
    print(f"usb: {device} written; boot it from the firmware's boot menu (UEFI, not legacy)")


if __name__ == "__main__":
    main()
