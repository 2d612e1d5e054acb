/* WebSocket frame reader fuzzer: a client's byte stream, cut into reads at
 * arbitrary points (the first input byte picks the cut), must give the same
 * messages and the same verdict as the whole stream at once; consumption
 * never passes the input; a delivered message respects the limits; a text
 * message is UTF-8; and a data message written back by the server's writer
 * is read back (after masking) as itself. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rpc/ws_frame.h"

typedef struct {
    rs_buf log; /* opcode, length, payload of each message; then the verdict */
} trace;

/* Reads everything in chunks of at most `chunk` new bytes, as a socket would. */
static void read_stream(const uint8_t *p, size_t n, size_t chunk, trace *t) {
    rs_ws_reader r;
    rs_ws_reader_init(&r);
    rs_buf_init(&t->log);
    size_t avail = 0, off = 0;
    uint16_t verdict = 0;
    for (int guard = 0; guard < 1 << 20; guard++) {
        size_t used;
        rs_ws_msg m;
        rs_ws_status st = rs_ws_read(&r, p + off, avail - off, &used, &m);
        if (used > avail - off) abort();
        off += used;
        if (st == RS_WS_ERROR) {
            if (m.close_code < 1000 || !m.why) abort();
            verdict = m.close_code;
            break;
        }
        if (st == RS_WS_MESSAGE) {
            if (m.len > RS_WS_MESSAGE_MAX) abort();
            if (m.opcode == RS_WS_OP_TEXT && !rs_ws_utf8_valid(m.data, m.len)) abort();
            if ((m.opcode & 0x8) && m.len > RS_WS_CONTROL_MAX) abort();
            uint8_t op = m.opcode;
            uint64_t len = m.len;
            rs_buf_put(&t->log, &op, 1);
            rs_buf_put(&t->log, &len, sizeof len);
            rs_buf_put(&t->log, m.data, m.len);
            continue;
        }
        if (used) continue;
        if (avail == n) break; /* incomplete at the end */
        avail = avail + chunk < n ? avail + chunk : n;
    }
    rs_buf_put(&t->log, &verdict, sizeof verdict);
    rs_ws_reader_free(&r);
}

/* The server's frame, masked as a client would send it, reads back as itself. */
static void round_trip(const uint8_t *p, size_t n) {
    if (n > 70000) n = 70000;
    rs_buf b;
    rs_buf_init(&b);
    rs_ws_put_frame(&b, RS_WS_OP_BINARY, p, n);
    size_t hdr = b.len - n;
    rs_buf m;
    rs_buf_init(&m);
    rs_buf_put(&m, b.p, hdr);
    m.p[1] |= 0x80;
    const uint8_t key[4] = {1, 2, 3, 4};
    rs_buf_put(&m, key, 4);
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i] ^ key[i & 3];
        rs_buf_put(&m, &c, 1);
    }
    rs_ws_reader r;
    rs_ws_reader_init(&r);
    size_t used;
    rs_ws_msg msg;
    if (rs_ws_read(&r, m.p, m.len, &used, &msg) != RS_WS_MESSAGE || used != m.len || msg.len != n ||
        (n && memcmp(msg.data, p, n) != 0))
        abort();
    rs_ws_reader_free(&r);
    rs_buf_free(&m);
    rs_buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    size_t chunk = (size_t)data[0] % 17 + 1;
    const uint8_t *p = data + 1;
    size_t n = size - 1;
    trace whole, cut;
    read_stream(p, n, n ? n : 1, &whole);
    read_stream(p, n, chunk, &cut);
    if (whole.log.len != cut.log.len || memcmp(whole.log.p, cut.log.p, whole.log.len) != 0) abort();
    rs_buf_free(&whole.log);
    rs_buf_free(&cut.log);
    round_trip(p, n);
    return 0;
}
