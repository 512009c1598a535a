"""make usb must refuse every target that is not a confirmed removable disk."""

import os
import re
import subprocess
import sys

import pytest

from genesis import ROOT

TOOL = os.path.join(ROOT, "efi", "usb_write.py")


def refused(result, reason):
    """The tool said no in its one line, for this reason, and wrote nothing."""
    return result.returncode == 1 and \
        re.fullmatch(rf"usb: [^\n]*{re.escape(reason)}[^\n]*; nothing written\n", result.stderr)


@pytest.mark.parametrize("device,reason", [
    ("", "usage"),
    ("/dev/null", "not a block device"),
    ("/nonexistent/sdz", "No such file"),
    (TOOL, "not a block device"),
])
def test_usb_refuses(device, reason, tmp_path):
    image = tmp_path / "genesis.img"
    image.write_bytes(b"\0" * 4096)
    before = open(TOOL, "rb").read()
    result = subprocess.run([sys.executable, TOOL, str(image), device], capture_output=True,
                            text=True, stdin=subprocess.DEVNULL)
    assert refused(result, reason), result.stderr
    assert open(TOOL, "rb").read() == before


def test_usb_refuses_a_disk_that_is_not_removable(tmp_path):
    # Any fixed disk of this machine will do (the VM's root disk, for one).
    fixed = [b for b in os.listdir("/sys/block")
             if open(f"/sys/block/{b}/removable").read().strip() == "0"
             and os.path.exists(f"/dev/{b}") and not b.startswith(("loop", "ram"))]
    if not fixed:
        pytest.skip("this machine shows no fixed disk")
    image = tmp_path / "genesis.img"
    image.write_bytes(b"\0" * 4096)
    result = subprocess.run([sys.executable, TOOL, str(image), f"/dev/{fixed[0]}"],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert refused(result, "is not a removable disk"), result.stderr
