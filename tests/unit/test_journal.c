/* test_journal.c: framed records, torn tails at every length, corruption, and
 * appending after a torn tail; SHA-256 against the FIPS 180-2 examples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engram/sha256.h"
#include "run/sweep/journal.h"

static void test_crc32_check_value(void **state)
{
    (void)state;
    /* The CRC-32 catalogue's check value for "123456789". */
    assert_int_equal(eg_journal_crc32("123456789", 9), 0xCBF43926u);
    assert_int_equal(eg_journal_crc32("", 0), 0);
}

static void test_frame_layout(void **state)
{
    (void)state;
    unsigned char *f = NULL;
    size_t n = 0;
    eg_error err;
    assert_int_equal(eg_journal_frame("abc", 3, &f, &n, &err), EG_OK);
    assert_int_equal(n, 15);
    const unsigned char head[8] = {'E', 'G', 'J', '1', 3, 0, 0, 0};
    assert_memory_equal(f, head, 8);
    uint32_t crc = eg_journal_crc32("abc", 3); /* 0x352441C2 */
    assert_int_equal(crc, 0x352441C2u);
    assert_int_equal(f[8], crc & 0xff);
    assert_int_equal(f[11], crc >> 24);
    assert_memory_equal(f + 12, "abc", 3);
    free(f);
}

/* Three records back to back: a header, an empty one, a longer one. */
static unsigned char *image(size_t *len, size_t ends[3])
{
    const char *payloads[3] = {"engram-sweep 1\n", "", "point 7\nfailed 0\nn\tP\t10\n"};
    unsigned char *img = NULL;
    *len = 0;
    for (int i = 0; i < 3; i++) {
        unsigned char *f;
        size_t n;
        eg_error err;
        assert_int_equal(eg_journal_frame(payloads[i], strlen(payloads[i]), &f, &n, &err), EG_OK);
        img = realloc(img, *len + n);
        assert_non_null(img);
        memcpy(img + *len, f, n);
        *len += n;
        ends[i] = *len;
        free(f);
    }
    return img;
}

static void test_every_torn_tail_is_dropped(void **state)
{
    (void)state;
    size_t len, ends[3];
    unsigned char *img = image(&len, ends);
    for (size_t cut = 0; cut <= len; cut++) {
        eg_journal_records r;
        eg_error err;
        assert_int_equal(eg_journal_parse(img, cut, &r, &err), EG_OK);
        size_t whole = (cut >= ends[0]) + (cut >= ends[1]) + (cut >= ends[2]);
        assert_int_equal(r.n, whole);
        assert_int_equal(r.good, whole ? ends[whole - 1] : 0);
        if (whole >= 1)
            assert_string_equal(r.data[0], "engram-sweep 1\n");
        if (whole >= 2)
            assert_int_equal(r.len[1], 0);
        if (whole == 3)
            assert_string_equal(r.data[2], "point 7\nfailed 0\nn\tP\t10\n");
        eg_journal_records_free(&r);
    }
    free(img);
}

static void test_corruption_stops_reading(void **state)
{
    (void)state;
    size_t len, ends[3];
    unsigned char *img = image(&len, ends);
    eg_journal_records r;
    eg_error err;
    /* A flipped payload bit fails the checksum; a bad magic or a length past
     * the end is a torn frame too. What comes before stays. */
    img[ends[1] + 12 + 3] ^= 0x10;
    assert_int_equal(eg_journal_parse(img, len, &r, &err), EG_OK);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.good, ends[1]);
    eg_journal_records_free(&r);
    img[ends[1] + 12 + 3] ^= 0x10;
    img[ends[0]] = 'X';
    assert_int_equal(eg_journal_parse(img, len, &r, &err), EG_OK);
    assert_int_equal(r.n, 1);
    eg_journal_records_free(&r);
    img[ends[0]] = 'E';
    img[ends[1] + 4] = 0xff; /* length far past the end */
    assert_int_equal(eg_journal_parse(img, len, &r, &err), EG_OK);
    assert_int_equal(r.n, 2);
    eg_journal_records_free(&r);
    free(img);
}

static void test_append_after_a_torn_tail(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "test_journal_%ld.egj", (long)getpid());
    unlink(path);
    eg_journal_records r;
    eg_error err;
    assert_int_equal(eg_journal_read(path, &r, &err), EG_OK); /* missing: no records */
    assert_int_equal(r.n, 0);
    eg_journal *j = NULL;
    assert_int_equal(eg_journal_open(path, 0, &j, &err), EG_OK);
    assert_int_equal(eg_journal_append(j, "one", 3, &err), EG_OK);
    assert_int_equal(eg_journal_append(j, "two", 3, &err), EG_OK);
    eg_journal_close(j);
    /* A crash in the middle of the third record's write. */
    int fd = open(path, O_WRONLY | O_APPEND);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "EGJ1\x05\x00\x00\x00\x01\x02", 10), 10);
    close(fd);
    assert_int_equal(eg_journal_read(path, &r, &err), EG_OK);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.good, 30);
    size_t good = r.good;
    eg_journal_records_free(&r);
    assert_int_equal(eg_journal_open(path, good, &j, &err), EG_OK);
    assert_int_equal(eg_journal_append(j, "three", 5, &err), EG_OK);
    eg_journal_close(j);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_size, 30 + 17);
    assert_int_equal(eg_journal_read(path, &r, &err), EG_OK);
    assert_int_equal(r.n, 3);
    assert_string_equal(r.data[0], "one");
    assert_string_equal(r.data[1], "two");
    assert_string_equal(r.data[2], "three");
    eg_journal_records_free(&r);
    unlink(path);
}

static void test_sha256_fips_examples(void **state)
{
    (void)state;
    char hex[65];
    eg_sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    eg_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"; /* 448 bits: padding spills */
    eg_sha256_hex(two, strlen(two), hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* One million 'a', fed in uneven pieces. */
    char chunk[997];
    memset(chunk, 'a', sizeof chunk);
    eg_sha256 s;
    eg_sha256_init(&s);
    size_t left = 1000000;
    for (size_t piece = 1; left > 0; piece = piece % 990 + 7) {
        size_t n = piece < left ? piece : left;
        eg_sha256_update(&s, chunk, n);
        left -= n;
    }
    unsigned char d[32];
    eg_sha256_final(&s, d);
    const unsigned char want[4] = {0xcd, 0xc7, 0x6e, 0x5c};
    assert_memory_equal(d, want, 4);
    eg_sha256 t;
    eg_sha256_init(&t);
    char *mega = malloc(1000000);
    assert_non_null(mega);
    memset(mega, 'a', 1000000);
    eg_sha256_update(&t, mega, 1000000);
    free(mega);
    unsigned char d2[32];
    eg_sha256_final(&t, d2);
    assert_memory_equal(d, d2, 32);
    /* The file form reads the same bytes. */
    char path[64];
    snprintf(path, sizeof path, "test_sha_%ld.txt", (long)getpid());
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("abc", f);
    fclose(f);
    eg_error err;
    assert_int_equal(eg_sha256_file(path, hex, &err), EG_OK);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    unlink(path);
    assert_int_equal(eg_sha256_file(path, hex, &err), EG_EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32_check_value),
        cmocka_unit_test(test_frame_layout),
        cmocka_unit_test(test_every_torn_tail_is_dropped),
        cmocka_unit_test(test_corruption_stops_reading),
        cmocka_unit_test(test_append_after_a_torn_tail),
        cmocka_unit_test(test_sha256_fips_examples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
