/* RFC 6455 framing: the RFC's own examples (section 5.7), fragmentation with
 * interleaved control frames, byte-by-byte arrival, every protocol rule a
 * server enforces on a client's frames (each with its close code), the
 * size limits checked from the header alone, and the writer's three length
 * forms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "restake/limits.h"
#include "rpc/ws_frame.h"

static const uint8_t KEY[4] = {0x37, 0xfa, 0x21, 0x3d};

/* A client frame: header, the RFC example's mask key, masked payload. */
static size_t client_frame(uint8_t *out, uint8_t b0, const void *payload, size_t n) {
    size_t k = 0;
    out[k++] = b0;
    if (n < 126) {
        out[k++] = (uint8_t)(0x80 | n);
    } else {
        out[k++] = 0x80 | 126;
        out[k++] = (uint8_t)(n >> 8);
        out[k++] = (uint8_t)n;
    }
    memcpy(out + k, KEY, 4);
    k += 4;
    for (size_t i = 0; i < n; i++) out[k + i] = ((const uint8_t *)payload)[i] ^ KEY[i & 3];
    return k + n;
}

typedef struct {
    rs_ws_reader r;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    rs_ws_reader_init(&f->r);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    rs_ws_reader_free(&f->r);
    free(f);
    return 0;
}

static rs_ws_status read_all(fixture *f, const uint8_t *in, size_t n, size_t *used, rs_ws_msg *m) {
    return rs_ws_read(&f->r, in, n, used, m);
}

static void test_rfc_single_masked_text(void **state) {
    fixture *f = *state;
    /* RFC 6455 5.7: a single-frame masked text message containing "Hello" */
    const uint8_t in[] = {0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58};
    size_t used;
    rs_ws_msg m;
    assert_int_equal(read_all(f, in, sizeof in, &used, &m), RS_WS_MESSAGE);
    assert_int_equal(used, 11);
    assert_int_equal(m.opcode, RS_WS_OP_TEXT);
    assert_int_equal(m.len, 5);
    assert_memory_equal(m.data, "Hello", 5);
}

static void test_byte_by_byte(void **state) {
    fixture *f = *state;
    uint8_t in[64];
    size_t n = client_frame(in, 0x81, "{\"id\":1}", 8);
    size_t used;
    rs_ws_msg m;
    for (size_t k = 0; k < n; k++) {
        assert_int_equal(read_all(f, in, k, &used, &m), RS_WS_MORE);
        assert_int_equal(used, 0);
    }
    assert_int_equal(read_all(f, in, n, &used, &m), RS_WS_MESSAGE);
    assert_int_equal(used, n);
    assert_int_equal(m.len, 8);
    assert_memory_equal(m.data, "{\"id\":1}", 8);
}

static void test_fragments_with_ping_between(void **state) {
    fixture *f = *state;
    uint8_t in[128];
    size_t n = client_frame(in, 0x01, "Hel", 3);         /* text, not final */
    n += client_frame(in + n, 0x89, "p!", 2);            /* ping in between */
    n += client_frame(in + n, 0x80, "lo", 2);            /* continuation, final */
    size_t off = 0, used;
    rs_ws_msg m;
    assert_int_equal(read_all(f, in, n, &used, &m), RS_WS_MORE); /* the first fragment is taken */
    assert_int_equal(used, 9);
    assert_true(rs_ws_reader_mid_message(&f->r));
    off += used;
    assert_int_equal(read_all(f, in + off, n - off, &used, &m), RS_WS_MESSAGE);
    assert_int_equal(m.opcode, RS_WS_OP_PING);
    assert_int_equal(m.len, 2);
    assert_memory_equal(m.data, "p!", 2);
    off += used;
    assert_int_equal(read_all(f, in + off, n - off, &used, &m), RS_WS_MESSAGE);
    assert_int_equal(m.opcode, RS_WS_OP_TEXT);
    assert_int_equal(m.len, 5);
    assert_memory_equal(m.data, "Hello", 5);
    off += used;
    assert_int_equal(off, n);
    /* the next message starts clean */
    n = client_frame(in, 0x82, "\xff", 1);
    assert_int_equal(read_all(f, in, n, &used, &m), RS_WS_MESSAGE);
    assert_int_equal(m.opcode, RS_WS_OP_BINARY); /* binary need not be UTF-8 */
    assert_int_equal(m.len, 1);
    assert_false(rs_ws_reader_mid_message(&f->r));
}

static void test_close_frames(void **state) {
    fixture *f = *state;
    uint8_t in[64];
    size_t used;
    rs_ws_msg m;
    size_t n = client_frame(in, 0x88, "\x03\xe8" "bye", 5);
    assert_int_equal(read_all(f, in, n, &used, &m), RS_WS_MESSAGE);
    assert_int_equal(m.opcode, RS_WS_OP_CLOSE);
    assert_int_equal(m.close_code, 1000);
    n = client_frame(in, 0x88, "", 0);
    assert_int_equal(read_all(f, in, n, &used, &m), RS_WS_MESSAGE);
    assert_int_equal(m.close_code, 1005);
    n = client_frame(in, 0x88, "\x03", 1);
    assert_int_equal(read_all(f, in, n, &used, &m), RS_WS_ERROR);
    assert_int_equal(m.close_code, RS_WS_CLOSE_PROTOCOL);
    n = client_frame(in, 0x88, "\x03\xe7", 2); /* 999 */
    assert_int_equal(read_all(f, in, n, &used, &m), RS_WS_ERROR);
    assert_int_equal(m.close_code, RS_WS_CLOSE_PROTOCOL);
    n = client_frame(in, 0x88, "\x03\xe8\xc0\x80", 4); /* overlong NUL in the reason */
    assert_int_equal(read_all(f, in, n, &used, &m), RS_WS_ERROR);
    assert_int_equal(m.close_code, RS_WS_CLOSE_BAD_DATA);
}

/* Each broken stream gives its close code and a reason. */
static void expect_error(const uint8_t *in, size_t n, uint16_t code, const char *why) {
    rs_ws_reader r;
    rs_ws_reader_init(&r);
    size_t used;
    rs_ws_msg m;
    rs_ws_status st = RS_WS_MORE;
    size_t off = 0;
    for (int i = 0; i < 8 && st == RS_WS_MORE; i++) {
        st = rs_ws_read(&r, in + off, n - off, &used, &m);
        off += used;
        if (!used) break;
    }
    assert_int_equal(st, RS_WS_ERROR);
    assert_int_equal(m.close_code, code);
    assert_string_equal(m.why, why);
    rs_ws_reader_free(&r);
}

static void test_protocol_errors(void **state) {
    (void)state;
    uint8_t in[256];
    const uint8_t unmasked[] = {0x81, 0x02, 'h', 'i'};
    expect_error(unmasked, sizeof unmasked, 1002, "a client's frames must be masked");
    size_t n = client_frame(in, 0xc1, "x", 1); /* RSV1 */
    expect_error(in, n, 1002, "reserved bits set: no extension was negotiated");
    n = client_frame(in, 0x83, "x", 1);
    expect_error(in, n, 1002, "reserved opcode");
    n = client_frame(in, 0x09, "x", 1); /* ping without FIN */
    expect_error(in, n, 1002, "fragmented control frame");
    uint8_t big[200];
    memset(big, 'a', sizeof big);
    n = client_frame(in, 0x89, big, 126);
    expect_error(in, n, 1002, "control frame over 125 bytes");
    n = client_frame(in, 0x80, "x", 1);
    expect_error(in, n, 1002, "continuation frame outside a message");
    n = client_frame(in, 0x01, "a", 1);
    n += client_frame(in + n, 0x81, "b", 1);
    expect_error(in, n, 1002, "new message before the previous one's last fragment");
    n = client_frame(in, 0x81, "\xed\xa0\x80", 3); /* a UTF-16 surrogate */
    expect_error(in, n, 1007, "text message is not UTF-8");
    const uint8_t top_bit[] = {0x82, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 1};
    expect_error(top_bit, sizeof top_bit, 1002, "frame length has its top bit set");
}

static void test_limits_from_header(void **state) {
    (void)state;
    /* a frame one byte over the limit is refused before its payload arrives */
    uint64_t len = (uint64_t)RS_WS_FRAME_MAX + 1;
    uint8_t in[10] = {0x82, 0xff};
    for (int i = 0; i < 8; i++) in[2 + i] = (uint8_t)(len >> (56 - 8 * i));
    expect_error(in, sizeof in, 1009, "frame larger than the server accepts");
    /* too many fragments: zero-length continuations cannot go on forever */
    rs_ws_reader r;
    rs_ws_reader_init(&r);
    uint8_t fr[16];
    size_t used;
    rs_ws_msg m;
    size_t n = client_frame(fr, 0x01, "", 0);
    assert_int_equal(rs_ws_read(&r, fr, n, &used, &m), RS_WS_MORE);
    n = client_frame(fr, 0x00, "", 0);
    for (size_t i = 1; i < RS_WS_FRAGMENTS_MAX; i++) {
        assert_int_equal(rs_ws_read(&r, fr, n, &used, &m), RS_WS_MORE);
        assert_int_equal(used, n);
    }
    assert_int_equal(rs_ws_read(&r, fr, n, &used, &m), RS_WS_ERROR);
    assert_int_equal(m.close_code, 1009);
    assert_string_equal(m.why, "message in more fragments than the server accepts");
    rs_ws_reader_free(&r);
}

static void test_writer_length_forms(void **state) {
    (void)state;
    rs_buf b;
    rs_buf_init(&b);
    rs_ws_put_frame(&b, RS_WS_OP_TEXT, "Hello", 5); /* RFC 5.7: unmasked "Hello" */
    const uint8_t hello[] = {0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f};
    assert_int_equal(b.len, sizeof hello);
    assert_memory_equal(b.p, hello, sizeof hello);
    rs_buf_reset(&b);
    uint8_t *p = calloc(1, 65536);
    rs_ws_put_frame(&b, RS_WS_OP_BINARY, p, 256); /* RFC 5.7: 256 bytes binary */
    const uint8_t h256[] = {0x82, 0x7e, 0x01, 0x00};
    assert_int_equal(b.len, 4 + 256);
    assert_memory_equal(b.p, h256, 4);
    rs_buf_reset(&b);
    rs_ws_put_frame(&b, RS_WS_OP_BINARY, p, 65536); /* RFC 5.7: 64 KiB binary */
    const uint8_t h64k[] = {0x82, 0x7f, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00};
    assert_int_equal(b.len, 10 + 65536);
    assert_memory_equal(b.p, h64k, 10);
    free(p);
    /* a long close reason is cut to 123 bytes without splitting a character */
    rs_buf_reset(&b);
    char reason[301];
    for (int i = 0; i < 150; i++) memcpy(reason + 2 * i, "\xc3\xa9", 2); /* é */
    reason[300] = 0;
    rs_ws_put_close(&b, 1008, reason);
    assert_int_equal(b.len, 2 + 2 + 122);
    assert_int_equal(b.p[1], 124);
    assert_int_equal(b.p[2], 0x03);
    assert_int_equal(b.p[3], 0xf0);
    assert_true(rs_ws_utf8_valid(b.p + 4, 122));
    rs_buf_free(&b);
}

static void test_utf8(void **state) {
    (void)state;
    assert_true(rs_ws_utf8_valid((const uint8_t *)"\xe2\x82\xac", 3));       /* € */
    assert_true(rs_ws_utf8_valid((const uint8_t *)"\xf4\x8f\xbf\xbf", 4));   /* U+10FFFF */
    assert_false(rs_ws_utf8_valid((const uint8_t *)"\xc0\x80", 2));          /* overlong */
    assert_false(rs_ws_utf8_valid((const uint8_t *)"\xf4\x90\x80\x80", 4));  /* past U+10FFFF */
    assert_false(rs_ws_utf8_valid((const uint8_t *)"\xe2\x82", 2));          /* cut short */
    assert_false(rs_ws_utf8_valid((const uint8_t *)"\x80", 1));              /* lone continuation */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rfc_single_masked_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_byte_by_byte, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fragments_with_ping_between, setup, teardown),
        cmocka_unit_test_setup_teardown(test_close_frames, setup, teardown),
        cmocka_unit_test(test_protocol_errors),
        cmocka_unit_test(test_limits_from_header),
        cmocka_unit_test(test_writer_length_forms),
        cmocka_unit_test(test_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
