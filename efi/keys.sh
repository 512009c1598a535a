#!/bin/sh
# make keys: the user's own Secure Boot keys, in the folder given (KEYS_DIR).
#
# Three RSA key pairs in the roles the firmware knows: PK (the platform key,
# owner of the rest), KEK (signs changes to db) and db (signs the loader).
# For each: NAME.key (private, stays here), NAME.crt (PEM certificate),
# NAME.cer (the same in DER: firmware menus and MokManager read it), NAME.esl
# (an EFI signature list) and NAME.auth (that list signed for an
# authenticated write of the variable: PK and KEK by PK, db by KEK).
# noPK.auth removes the PK again, which puts the firmware back in setup mode.
#
# Keys that exist are never replaced: a loader signed and enrolled with
# them would stop booting.
set -eu

dir=$1
for role in PK KEK db; do
    if [ -e "$dir/$role.key" ]; then
        echo "keys: $dir already holds keys ($role.key); nothing made, nothing overwritten"
        echo "keys: to start again with new keys, move that folder away first"
        exit 0
    fi
done

umask 077
mkdir -p "$dir"
# Made in a scratch folder beside, then moved in, so that a failure half-way
# leaves no partial set behind.
work=$(mktemp -d "$dir/.new.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

# The signature lists name their owner by a GUID; one for all the user's keys.
guid=$(cat /proc/sys/kernel/random/uuid)
owner="$(id -un)@$(uname -n)"
for role in PK KEK db; do
    openssl req -new -x509 -newkey rsa:2048 -sha256 -days 3650 -nodes \
        -subj "/CN=Orga Genesis $role ($owner)/" \
        -keyout "$role.key" -out "$role.crt" 2>/dev/null
    openssl x509 -in "$role.crt" -outform DER -out "$role.cer"
    cert-to-efi-sig-list -g "$guid" "$role.crt" "$role.esl"
done
sign-efi-sig-list -g "$guid" -k PK.key -c PK.crt PK PK.esl PK.auth >/dev/null
sign-efi-sig-list -g "$guid" -k PK.key -c PK.crt KEK KEK.esl KEK.auth >/dev/null
sign-efi-sig-list -g "$guid" -k KEK.key -c KEK.crt db db.esl db.auth >/dev/null
: > empty.esl
sign-efi-sig-list -g "$guid" -k PK.key -c PK.crt PK empty.esl noPK.auth >/dev/null
rm empty.esl
echo "$guid" > GUID.txt

mv -n ./* "$dir"/
echo "keys: made in $dir (PK, KEK, db: .key .crt .cer .esl .auth; noPK.auth)"
echo "keys: db.key signs the loader: keep that folder private and backed up; it is not part of the repository"
