"""Secure Boot (issue 13): make keys, make image SIGN=..., and the chain of trust.

The boot scenarios run OVMF's Secure Boot build (it needs SMM, and flash the
guest can write only from SMM) with one of Debian's variable stores: the
snakeoil one, whose PK, KEK and db hold a test key that ships with its
private half, or the one with Microsoft's keys, which trusts shim.  The
signed images are made by `make image SIGN=...` itself, with the snakeoil
key standing in for the user's, into a folder of the test's own.
"""

import fcntl
import hashlib
import os
import shutil
import struct
import subprocess
import time
import uuid

import pytest

from genesis import BUILD, EXIT_NORMAL, ROOT, boot, layout_esp, read_log

SECBOOT_CODE = "/usr/share/OVMF/OVMF_CODE_4M.secboot.fd"
SNAKEOIL_VARS = "/usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd"
MS_VARS = "/usr/share/OVMF/OVMF_VARS_4M.ms.fd"
SNAKEOIL_KEY = "/usr/share/ovmf/PkKek-1-snakeoil.key"
SNAKEOIL_CERT = "/usr/share/ovmf/PkKek-1-snakeoil.pem"
SNAKEOIL_PASSPHRASE = "snakeoil"        # /usr/share/doc/ovmf/README.Debian
SHIM = "/usr/lib/shim/shimx64.efi.signed"

READY = r"genesis: kernel ready$"
SB_MATCH = r"efi: Secure Boot on: the kernel's SHA-256 is the one this loader was built with$"
SB_MISMATCH = (r"efi: Secure Boot on: \\GENESIS\\KERNEL\.ELF is not the kernel this loader "
               r"was built with; not starting it$")
ROLES = ("PK", "KEK", "db")

EFI_GLOBAL_VARIABLE = uuid.UUID("8be4df61-93ca-11d2-aa0d-00e098032b8c")
EFI_IMAGE_SECURITY_DATABASE = uuid.UUID("d719b2cb-3d3a-4596-a3bc-dad00e67656f")
EFI_CERT_X509 = uuid.UUID("a5c059a1-94e4-4aa7-87b5-ab155c2bf072")
EFI_CERT_TYPE_PKCS7 = uuid.UUID("4aafd29d-68df-49ee-8aa9-347d375665a7")
WIN_CERT_TYPE_EFI_GUID = 0x0EF1
AUTH_ATTRIBUTES = 0x27                  # non-volatile, boot and runtime, time-based authenticated


def secure_boot(name, ovmf_vars, **kwargs):
    """boot() on the Secure Boot firmware, starting from the given keys."""
    return boot(name, machine="q35,smm=on", ovmf_code=SECBOOT_CODE, ovmf_vars=ovmf_vars,
                extra_args=("-global", "driver=cfi.pflash01,property=secure,value=on"),
                timeout=60, **kwargs)


def make(*args):
    """Runs make in the repository as a user would; its own make, not a sub-make of `make test`."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run(["make", "--no-print-directory", "-C", ROOT, *args], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)


def make_signed(keys, signed, way):
    """`make image SIGN=way`, serialized: two test workers must not build the shared parts at once."""
    os.makedirs(os.path.join(BUILD, "tests"), exist_ok=True)
    with open(os.path.join(BUILD, "tests", "sign.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = make("image", f"SIGN={way}", f"KEYS_DIR={keys}", f"SIGNED={signed}")
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def snakeoil(tmp_path_factory):
    """A KEYS_DIR holding Debian's snakeoil key as the user's db key, and the
    two signed images made with it: (keys folder, SIGNED folder)."""
    base = tmp_path_factory.mktemp("snakeoil")
    keys, signed = base / "keys", base / "signed"
    keys.mkdir()
    subprocess.run(["openssl", "rsa", "-passin", f"pass:{SNAKEOIL_PASSPHRASE}", "-in", SNAKEOIL_KEY,
                    "-out", keys / "db.key"], check=True, capture_output=True)
    shutil.copy(SNAKEOIL_CERT, keys / "db.crt")
    subprocess.run(["openssl", "x509", "-in", SNAKEOIL_CERT, "-outform", "DER", "-out",
                    keys / "db.cer"], check=True)
    make_signed(keys, signed, "1")
    make_signed(keys, signed, "shim")
    return keys, signed


def image_file(image, path):
    """A file's bytes from the ESP of a disk image (FAT at 1 MiB)."""
    result = subprocess.run(["mtype", "-i", f"{image}@@1M", "::" + path], capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def image_listing(image):
    result = subprocess.run(["mdir", "-/", "-b", "-i", f"{image}@@1M", "::/"], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def sbverify(path, cert):
    return subprocess.run(["sbverify", "--cert", str(cert), str(path)], capture_output=True,
                          text=True).returncode == 0


def pe_section(data, name):
    """A section's bytes from a PE file, or None."""
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    assert data[pe:pe + 4] == b"PE\0\0"
    count, optional = struct.unpack_from("<H", data, pe + 6)[0], struct.unpack_from("<H", data, pe + 20)[0]
    for i in range(count):
        entry = pe + 24 + optional + 40 * i
        raw_name, virtual_size, _, _, raw_offset = struct.unpack_from("<8sIIII", data, entry)
        if raw_name.rstrip(b"\0") == name:
            return data[raw_offset:raw_offset + virtual_size]
    return None


# ---- make keys ------------------------------------------------------------------

def der_length(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def auth_verifies(auth, esl, name, guid, signer_cert, tmp_path):
    """Whether the .auth file is `esl` signed by signer_cert as the firmware checks it:
    over name, vendor GUID, attributes, time stamp and list (UEFI 2.x, 8.2.2)."""
    length, revision, cert_type = struct.unpack_from("<IHH", auth, 16)
    if (revision, cert_type) != (0x0200, WIN_CERT_TYPE_EFI_GUID):
        return False
    if uuid.UUID(bytes_le=auth[24:40]) != EFI_CERT_TYPE_PKCS7 or auth[16 + length:] != esl:
        return False
    signed = (name.encode("utf-16-le") + guid.bytes_le + struct.pack("<I", AUTH_ATTRIBUTES)
              + auth[:16] + esl)
    # The firmware takes a bare SignedData; openssl wants it in a ContentInfo.
    signed_data = auth[40:16 + length]
    body = bytes.fromhex("06092a864886f70d010702") + b"\xa0" + der_length(len(signed_data)) + signed_data
    (tmp_path / "p7.der").write_bytes(b"\x30" + der_length(len(body)) + body)
    (tmp_path / "signed.bin").write_bytes(signed)
    result = subprocess.run(["openssl", "cms", "-verify", "-binary", "-inform", "DER",
                             "-in", tmp_path / "p7.der", "-content", tmp_path / "signed.bin",
                             "-certfile", signer_cert, "-CAfile", signer_cert, "-purpose", "any",
                             "-out", "/dev/null"], capture_output=True)
    return result.returncode == 0


def folder_digest(folder):
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
            for name in sorted(os.listdir(folder))}


def test_make_keys_makes_every_form_and_never_overwrites(tmp_path):
    keys = tmp_path / "keys"
    first = make("keys", f"KEYS_DIR={keys}")
    assert first.returncode == 0, first.stdout + first.stderr
    assert f"keys: made in {keys}" in first.stdout
    expected = {f"{role}.{ext}" for role in ROLES for ext in ("key", "crt", "cer", "esl", "auth")}
    assert set(os.listdir(keys)) == expected | {"noPK.auth", "GUID.txt"}
    assert (keys.stat().st_mode & 0o077) == 0 and ((keys / "db.key").stat().st_mode & 0o077) == 0
    owner = uuid.UUID((keys / "GUID.txt").read_text().strip())

    for role in ROLES:
        der = (keys / f"{role}.cer").read_bytes()
        pem_as_der = subprocess.run(["openssl", "x509", "-in", keys / f"{role}.crt", "-outform", "DER"],
                                    capture_output=True, check=True).stdout
        assert der == pem_as_der
        # One EFI_SIGNATURE_LIST of one X.509 signature: the certificate, owned by GUID.txt.
        esl = (keys / f"{role}.esl").read_bytes()
        list_size, header_size, signature_size = struct.unpack_from("<III", esl, 16)
        assert uuid.UUID(bytes_le=esl[:16]) == EFI_CERT_X509
        assert list_size == len(esl) == 28 + header_size + signature_size
        assert uuid.UUID(bytes_le=esl[28:44]) == owner and esl[44:] == der

    def verifies(auth, esl, name, guid, signer):
        return auth_verifies((keys / auth).read_bytes(), esl, name, guid, keys / f"{signer}.crt",
                             tmp_path)
    esl = lambda role: (keys / f"{role}.esl").read_bytes()          # noqa: E731
    assert verifies("PK.auth", esl("PK"), "PK", EFI_GLOBAL_VARIABLE, "PK")
    assert verifies("KEK.auth", esl("KEK"), "KEK", EFI_GLOBAL_VARIABLE, "PK")
    assert verifies("db.auth", esl("db"), "db", EFI_IMAGE_SECURITY_DATABASE, "KEK")
    assert verifies("noPK.auth", b"", "PK", EFI_GLOBAL_VARIABLE, "PK")
    # ... and not by another key: the check above can fail.
    assert not verifies("db.auth", esl("db"), "db", EFI_IMAGE_SECURITY_DATABASE, "PK")

    before = folder_digest(keys)
    second = make("keys", f"KEYS_DIR={keys}")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "nothing made, nothing overwritten" in second.stdout
    assert folder_digest(keys) == before


def test_make_keys_keeps_a_folder_with_any_key(tmp_path):
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / "KEK.key").write_text("the user's own\n")
    result = make("keys", f"KEYS_DIR={keys}")
    assert result.returncode == 0 and "nothing overwritten" in result.stdout, result.stdout
    assert os.listdir(keys) == ["KEK.key"] and (keys / "KEK.key").read_text() == "the user's own\n"


# ---- make image SIGN=... ----------------------------------------------------------

def test_signing_without_keys_says_to_run_make_keys(tmp_path):
    keys, signed = tmp_path / "no-keys", tmp_path / "signed"
    for way in ("1", "shim"):
        result = make("image", f"SIGN={way}", f"KEYS_DIR={keys}", f"SIGNED={signed}")
        assert result.returncode != 0
        assert f"sign: no signing key in {keys}: run 'make keys' first" in result.stderr
        assert not signed.exists() or not any(p.suffix == ".img" for p in signed.iterdir())


def test_an_unknown_sign_value_is_refused():
    result = make("-n", "image", "SIGN=yes")
    assert result.returncode != 0
    assert "SIGN=yes: use SIGN=1 (your key in the firmware) or SIGN=shim" in result.stderr


def test_signed_images_carry_the_signed_loader_and_the_certificate(tmp_path):
    keys, signed = tmp_path / "keys", tmp_path / "signed"
    assert make("keys", f"KEYS_DIR={keys}").returncode == 0
    said = make_signed(keys, signed, "1").stdout
    assert f"image: {signed}/genesis.img: the loader is signed with {keys}/db.crt" in said
    make_signed(keys, signed, "shim")

    db_image, shim_image = signed / "genesis.img", signed / "genesis-shim.img"
    loaders = {db_image: "/EFI/BOOT/BOOTX64.EFI", shim_image: "/EFI/BOOT/grubx64.efi"}
    for image, path in loaders.items():
        loader = tmp_path / "loader.efi"
        loader.write_bytes(image_file(image, path))
        assert sbverify(loader, keys / "db.crt"), f"{image}{path} is not signed with db.crt"
        assert not sbverify(loader, keys / "KEK.crt")
        sbat = pe_section(loader.read_bytes(), b".sbat")
        assert sbat is not None and sbat.startswith(b"sbat,1,SBAT Version,sbat,1,")
        assert b"\ngenesis,1,Orga Genesis,genesis," in sbat
        # The kernel's digest is in the signed loader: the very bytes make built.
        kernel = open(os.path.join(BUILD, "kernel.elf"), "rb").read()
        assert hashlib.sha256(kernel).digest() in loader.read_bytes()
        # The public forms for enrolment, and no private key.
        for name in ("db.cer", "db.auth", "db.esl", "KEK.auth", "PK.auth", "noPK.auth"):
            assert image_file(image, f"/KEYS/{name}") == (keys / name).read_bytes()
        listing = image_listing(image)
        assert not [p for p in listing if p.lower().endswith((".key", ".crt", ".txt"))], listing
    assert image_file(shim_image, "/EFI/BOOT/BOOTX64.EFI") == open(SHIM, "rb").read()
    assert "::/EFI/BOOT/mmx64.efi" in image_listing(shim_image)
    assert "::/EFI/KEYTOOL/KEYTOOL.EFI" in image_listing(db_image)


# ---- boot scenarios ------------------------------------------------------------------

def test_signed_image_boots_and_runs_a_cartridge_under_secure_boot(snakeoil):
    _, signed = snakeoil
    run = secure_boot("sb-signed-image", SNAKEOIL_VARS, media="disk",
                      image=str(signed / "genesis.img"), stop_on=r"task [A-Z]: started")
    assert not run.timed_out, run.describe()
    run.expect_order(SB_MATCH, READY, r'cart: inserted "', r"task [A-Z]: started")
    run.expect_none(r"panic:")


def test_unsigned_loader_is_refused_by_the_firmware():
    folder = os.path.join(BUILD, "tests", "sb-esp", "unsigned")
    esp = layout_esp(folder, ["hello"], "exit=idle\n")
    run = secure_boot("sb-unsigned", SNAKEOIL_VARS, esp=esp,
                      stop_on=r'BdsDxe: failed to load Boot\d+ "UEFI QEMU HARDDISK.*: Access Denied')
    assert not run.timed_out, run.describe()
    run.expect_none(r"efi: ")


def symbol_name_byte(elf):
    """The offset of a byte of the kernel's symbol names (.strtab): part of the
    file, so of its digest, but in no loaded segment, so the kernel still runs."""
    shoff, = struct.unpack_from("<I", elf, 32)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 46)
    sections = [struct.unpack_from("<IIIIII", elf, shoff + i * shentsize) for i in range(shnum)]
    names_at = sections[shstrndx][4]
    for name, kind, _, _, offset, size in sections:
        if elf[names_at + name:].startswith(b".strtab\0") and size > 1:
            at = offset + 1
            break
    else:
        raise AssertionError("the kernel has no .strtab")
    phoff, = struct.unpack_from("<I", elf, 28)
    phentsize, phnum = struct.unpack_from("<HH", elf, 42)
    for i in range(phnum):
        kind, offset, _, _, filesz = struct.unpack_from("<IIIII", elf, phoff + i * phentsize)
        assert not (kind == 1 and offset <= at < offset + filesz), "the byte is in a PT_LOAD segment"
    return at


def tampered_esp(name, signed):
    """An ESP with the signed loader beside a kernel with one byte changed."""
    esp = layout_esp(os.path.join(BUILD, "tests", "sb-esp", name), ["hello"], "exit=idle\n")
    shutil.copy(signed / "esp-db" / "EFI" / "BOOT" / "BOOTX64.EFI",
                os.path.join(esp, "EFI", "BOOT", "BOOTX64.EFI"))
    kernel = os.path.join(esp, "GENESIS", "KERNEL.ELF")
    data = bytearray(open(kernel, "rb").read())
    data[symbol_name_byte(data)] ^= 0x20
    open(kernel, "wb").write(data)
    return esp


def test_changed_kernel_is_refused_by_the_signed_loader(snakeoil):
    _, signed = snakeoil
    esp = tampered_esp("tampered-on", signed)

    def press_a_key(mon, folder):
        mon.command("sendkey ret")
    # After the key the loader returns its status to the firmware, which
    # says why the boot option failed and moves on to the next one.
    run = secure_boot("sb-tampered-kernel", SNAKEOIL_VARS, esp=esp,
                      triggers=[(r"efi: boot failed; press a key", press_a_key)],
                      stop_on=r"BdsDxe: failed to start Boot\d+ ")
    assert not run.timed_out, run.describe()
    run.expect_order(SB_MISMATCH, r"efi: its SHA-256 is  [0-9a-f]{64}$",
                     r"efi: the loader's is [0-9a-f]{64}$", r"efi: boot failed; press a key",
                     r'BdsDxe: failed to start Boot\d+ "UEFI QEMU HARDDISK.*: Security Violation$')
    ours = run.expect(r"efi: its SHA-256 is  ([0-9a-f]{64})$").group(1)
    assert ours == hashlib.sha256(open(os.path.join(esp, "GENESIS", "KERNEL.ELF"), "rb").read()).hexdigest()
    run.expect_none(r"efi: kernel ")
    run.expect_none(READY)


def test_changed_kernel_boots_with_secure_boot_off(snakeoil):
    _, signed = snakeoil
    run = boot("sb-off-tampered-kernel", esp=tampered_esp("tampered-off", signed))
    run.expect_exit(EXIT_NORMAL)
    run.expect_order(r"efi: Secure Boot off: the kernel's SHA-256 is not checked$",
                     r'cart: loaded "Hello, world"', READY, r"task A: Hello, world!")
    run.expect_none(r"efi: Secure Boot on")


def wait_for_text(folder, text, since=0, seconds=30):
    """Waits until the serial log holds text after offset `since`, even mid-line
    (shim and MokManager draw their boxes with cursor moves and no line ends);
    returns the offset just after it."""
    deadline = time.monotonic() + seconds
    while True:
        at = read_log(os.path.join(folder, "serial.log")).find(text, since)
        if at >= 0:
            return at + len(text)
        assert time.monotonic() < deadline, f"no {text!r} on serial after {seconds} s"
        time.sleep(0.1)


# What the person at the PC sees and answers the first time, as
# docs/secure-boot.md tells it: each screen is known by its last line, so that
# it is drawn whole before the keys go in.
MOKMANAGER_ENROLMENT = [
    ("Verification failed: (0x1A) Security Violation", ["ret"]),   # shim's box: OK
    ("Press any key to perform MOK management", ["ret"]),           # MokManager's countdown
    ("Enroll hash from disk", ["down", "ret"]),    # Continue boot, Enroll key from disk, ...
    ("GENESIS", ["ret"]),                          # the volumes: the stick
    ("CARTS/", ["down", "ret"]),                   # EFI/, KEYS/, GENESIS/, CARTS/
    ("db.cer", ["down", "ret"]),                   # ../, db.cer
    ("Continue", ["down", "ret"]),                 # [Enroll MOK]: View key 0, Continue
    ("Yes", ["down", "ret"]),                      # Enroll the key(s)? No, Yes
    ("Reboot", ["ret"]),                           # Reboot, Enroll key from disk, ...
]


def test_shim_opens_mokmanager_which_enrols_the_key_and_then_shim_starts_the_loader(snakeoil):
    _, signed = snakeoil
    image = str(signed / "genesis-shim.img")

    def enrol(mon, folder):
        since = 0
        for text, keys in MOKMANAGER_ENROLMENT:
            since = wait_for_text(folder, text, since)
            time.sleep(1)
            for key in keys:
                mon.command(f"sendkey {key}")
                time.sleep(0.3)
    # Microsoft's keys trust shim; the loader's key is in neither db nor MokList.
    # MokManager's Reboot ends the run (QEMU runs with -no-reboot).
    first = secure_boot("sb-shim-enrol", MS_VARS, media="disk", image=image,
                        triggers=[(r"BdsDxe: starting Boot\d+ ", enrol)])
    assert not first.timed_out, first.describe()
    steps = ["Verification failed: (0x1A) Security Violation",
             "Failed to load image: Security Policy Violation",
             "Shim UEFI key management", "Press any key to perform MOK management",
             "Perform MOK management", "[Enroll MOK]", "Enroll the key(s)?"]
    at = [first.log.find(step) for step in steps]
    assert -1 not in at and at == sorted(at), f"shim/MokManager steps {at}\n{first.describe()}"
    assert "efi: Orga Genesis loader" not in first.log

    # The variable store the first run left, with the key in MokList.
    second = secure_boot("sb-shim-enrolled", os.path.join(first.folder, "OVMF_VARS.fd"),
                         media="disk", image=image, stop_on=r"task [A-Z]: started")
    assert not second.timed_out, second.describe()
    second.expect_order(SB_MATCH, READY, r'cart: inserted "', r"task [A-Z]: started")
    assert "Verification failed" not in second.log
