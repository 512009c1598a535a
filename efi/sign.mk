# Secure Boot: the user's keys (`make keys`) and the signed images
# (`make image SIGN=1` or `SIGN=shim`).  docs/secure-boot.md tells the story.
#
# The keys live outside the repository, in KEYS_DIR, so that no private key
# is ever committed or wiped by `make clean`.  SIGN=1 puts the signed loader
# where the firmware looks (\EFI\BOOT\BOOTX64.EFI), for a firmware whose db
# holds the user's certificate.  SIGN=shim puts Microsoft-signed shim there,
# MokManager beside it and the signed loader under the name shim starts,
# for a firmware with the usual Microsoft keys.  Both carry the public
# forms of the keys in \KEYS\ for enrolment.

KEYS_DIR   ?= $(HOME)/.config/orga-genesis/keys
SIGNED     ?= $(BUILD)/signed
SIGN_KEY   := $(KEYS_DIR)/db.key
SIGN_CERT  := $(KEYS_DIR)/db.crt
# What the firmware or MokManager can enrol; never the private keys.
KEYS_PUBLIC := $(notdir $(wildcard $(KEYS_DIR)/*.cer $(KEYS_DIR)/*.esl $(KEYS_DIR)/*.auth))

SHIM       := /usr/lib/shim/shimx64.efi.signed
MOKMANAGER := /usr/lib/shim/mmx64.efi.signed
KEYTOOL    := /usr/lib/efitools/x86_64-linux-gnu/KeyTool.efi

ifeq ($(SIGN),)
USB_IMAGE := $(IMAGE)
else ifeq ($(SIGN),1)
USB_IMAGE := $(SIGNED)/genesis.img
else ifeq ($(SIGN),shim)
USB_IMAGE := $(SIGNED)/genesis-shim.img
else
$(error SIGN=$(SIGN): use SIGN=1 (your key in the firmware) or SIGN=shim (shim and MokManager))
endif

keys: | deps-check
	@sh efi/keys.sh "$(KEYS_DIR)"

# Only when the key is missing: say what to run instead of make's
# "no rule to make target".
$(SIGN_KEY) $(SIGN_CERT):
	@echo "sign: no signing key in $(KEYS_DIR): run 'make keys' first" \
	      "(or point KEYS_DIR at a folder holding db.key and db.crt)" >&2; exit 1

$(SIGNED)/loader.efi: $(BUILD)/BOOTX64.EFI $(SIGN_KEY) $(SIGN_CERT) | deps-check
	@mkdir -p $(@D)
	sbsign --key $(SIGN_KEY) --cert $(SIGN_CERT) --output $@ $<

# The two EFI trees.  KeyTool (unsigned; it runs while the firmware is in
# setup mode) enrols the keys where the firmware's setup has no key menu.
SIGNED_DB_EFI   := $(SIGNED)/esp-db/EFI/BOOT/BOOTX64.EFI $(SIGNED)/esp-db/EFI/KEYTOOL/KEYTOOL.EFI
SIGNED_SHIM_EFI := $(SIGNED)/esp-shim/EFI/BOOT/BOOTX64.EFI $(SIGNED)/esp-shim/EFI/BOOT/mmx64.efi \
                   $(SIGNED)/esp-shim/EFI/BOOT/grubx64.efi

$(SIGNED)/esp-db/EFI/BOOT/BOOTX64.EFI $(SIGNED)/esp-shim/EFI/BOOT/grubx64.efi: $(SIGNED)/loader.efi
	@mkdir -p $(@D) && cp $< $@
$(SIGNED)/esp-db/EFI/KEYTOOL/KEYTOOL.EFI: $(KEYTOOL)
	@mkdir -p $(@D) && cp $< $@
$(SIGNED)/esp-shim/EFI/BOOT/BOOTX64.EFI: $(SHIM)
	@mkdir -p $(@D) && cp $< $@
$(SIGNED)/esp-shim/EFI/BOOT/mmx64.efi: $(MOKMANAGER)
	@mkdir -p $(@D) && cp $< $@

# \KEYS\ is laid out anew for each image, so that it holds the public
# forms of exactly the keys in KEYS_DIR now.
define signed_image
	@rm -rf $(1)/KEYS && mkdir -p $(1)/KEYS
	$(if $(KEYS_PUBLIC),@cp $(addprefix $(KEYS_DIR)/,$(KEYS_PUBLIC)) $(1)/KEYS/)
	$(call make_image,$(1)/EFI $(1)/KEYS)
	@echo "image: $@: the loader is signed with $(SIGN_CERT);" \
	      "\\KEYS\\ on it holds the certificate to enrol (docs/secure-boot.md)"
endef

$(SIGNED)/genesis.img: $(ESP_FILES) $(SIGNED_DB_EFI) $(addprefix $(KEYS_DIR)/,$(KEYS_PUBLIC)) | deps-check
	$(call signed_image,$(SIGNED)/esp-db)

$(SIGNED)/genesis-shim.img: $(ESP_FILES) $(SIGNED_SHIM_EFI) $(addprefix $(KEYS_DIR)/,$(KEYS_PUBLIC)) | deps-check
	$(call signed_image,$(SIGNED)/esp-shim)
