// sha256: the FIPS 180-4 example messages, and every length where the
// padding changes shape (55/56 bytes: the length still fits in the last
// block or not; 64: a whole block and a block of padding alone).  The
// digests of the patterned messages were computed with Python's hashlib.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sha256.h"

static void hex(const uint8_t digest[SHA256_BYTES], char out[2 * SHA256_BYTES + 1])
{
    for (int i = 0; i < SHA256_BYTES; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

// The input is copied to a heap block of exactly its size, so that the
// address sanitizer catches any read past its end; the digest gets a
// guard byte after it.
static void assert_digest(const void *data, size_t bytes, const char *expected)
{
    uint8_t *copy = malloc(bytes ? bytes : 1);
    uint8_t digest[SHA256_BYTES + 1];
    char text[2 * SHA256_BYTES + 1];

    assert_non_null(copy);
    memcpy(copy, data, bytes);
    digest[SHA256_BYTES] = 0x5A;
    sha256(copy, bytes, digest);
    assert_memory_equal(copy, data, bytes);
    assert_int_equal(digest[SHA256_BYTES], 0x5A);
    hex(digest, text);
    assert_string_equal(text, expected);
    free(copy);
}

static void empty_message(void **state)
{
    (void)state;
    assert_digest("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void abc(void **state)
{
    (void)state;
    assert_digest("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void two_block_message(void **state)
{
    static const char m[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    (void)state;
    assert_digest(m, sizeof(m) - 1,
                  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void long_two_block_message(void **state)
{
    static const char m[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                            "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    (void)state;
    assert_digest(m, sizeof(m) - 1,
                  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void million_a(void **state)
{
    static char m[1000000];
    (void)state;
    memset(m, 'a', sizeof(m));
    assert_digest(m, sizeof(m), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void padding_boundaries(void **state)
{
    static const struct {
        size_t bytes;
        const char *digest;
    } cases[] = {
        { 1, "084fed08b978af4d7d196a7446a86b58009e636b611db16211b65a9aadff29c5" },
        { 55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b" },
        { 56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27" },
        { 57, "35df609437dcfea3279283ab79fd554e2bf78f8f7ae2de532d8ee300b09e8f73" },
        { 63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055" },
        { 64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241" },
        { 65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e" },
        { 119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e" },
        { 120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5" },
        { 128, "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6" },
        { 1000, "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868d2371" },
    };
    uint8_t m[1000];
    (void)state;

    for (size_t i = 0; i < sizeof(m); i++)
        m[i] = (uint8_t)(i * 7 + 3);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_digest(m, cases[i].bytes, cases[i].digest);
}

// One changed bit anywhere changes the digest: what the loader relies on
// to notice a kernel with one byte changed.
static void one_bit_changes_the_digest(void **state)
{
    uint8_t m[200], base[SHA256_BYTES], flipped[SHA256_BYTES];
    (void)state;

    memset(m, 0x33, sizeof(m));
    sha256(m, sizeof(m), base);
    for (size_t i = 0; i < sizeof(m); i++) {
        m[i] ^= 0x01;
        sha256(m, sizeof(m), flipped);
        m[i] ^= 0x01;
        assert_memory_not_equal(base, flipped, SHA256_BYTES);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_message),
        cmocka_unit_test(abc),
        cmocka_unit_test(two_block_message),
        cmocka_unit_test(long_two_block_message),
        cmocka_unit_test(million_a),
        cmocka_unit_test(padding_boundaries),
        cmocka_unit_test(one_bit_changes_the_digest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
