/* RFC 6455 frames: the reader checks every rule a server must enforce on a
 * client's stream (section 5) and every limit in limits.h before it copies
 * a byte; the writer makes the server's unmasked frames. */
#include "rpc/ws_frame.h"

#include <assert.h>
#include <string.h>

void rs_ws_reader_init(rs_ws_reader *r) {
    memset(r, 0, sizeof *r);
    rs_buf_init(&r->msg);
}

void rs_ws_reader_free(rs_ws_reader *r) { rs_buf_free(&r->msg); }

bool rs_ws_reader_mid_message(const rs_ws_reader *r) { return r->msg_opcode != 0 && !r->deliver_reset; }

static rs_ws_status fail(rs_ws_msg *out, uint16_t code, const char *why) {
    out->close_code = code;
    out->why = why;
    return RS_WS_ERROR;
}

static bool known_opcode(uint8_t op) {
    return op == RS_WS_OP_CONT || op == RS_WS_OP_TEXT || op == RS_WS_OP_BINARY || op == RS_WS_OP_CLOSE ||
           op == RS_WS_OP_PING || op == RS_WS_OP_PONG;
}

/* Codes a peer may send in a close frame (RFC 6455 7.4.1 and 7.4.2). */
static bool sendable_close_code(uint16_t c) {
    return (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1011) || (c >= 3000 && c <= 4999);
}

static void unmask(uint8_t *dst, const uint8_t *src, size_t n, const uint8_t key[4]) {
    for (size_t i = 0; i < n; i++) dst[i] = src[i] ^ key[i & 3];
}

static uint64_t be_read(const uint8_t *p, int n) {
    uint64_t v = 0;
    for (int i = 0; i < n; i++) v = v << 8 | p[i];
    return v;
}

/* Reads a frame's header: its length in *hdr and payload length in *len,
 * RS_WS_MORE when the header is incomplete. */
static rs_ws_status read_header(const uint8_t *in, size_t n, size_t *hdr, uint64_t *len, rs_ws_msg *out) {
    if (n < 2) return RS_WS_MORE;
    uint8_t b0 = in[0], b1 = in[1], op = b0 & 0x0f;
    if (b0 & 0x70) return fail(out, RS_WS_CLOSE_PROTOCOL, "reserved bits set: no extension was negotiated");
    if (!known_opcode(op)) return fail(out, RS_WS_CLOSE_PROTOCOL, "reserved opcode");
    if (!(b1 & 0x80)) return fail(out, RS_WS_CLOSE_PROTOCOL, "a client's frames must be masked");
    bool control = op & 0x8;
    uint8_t len7 = b1 & 0x7f;
    if (control && !(b0 & 0x80)) return fail(out, RS_WS_CLOSE_PROTOCOL, "fragmented control frame");
    if (control && len7 > RS_WS_CONTROL_MAX) return fail(out, RS_WS_CLOSE_PROTOCOL, "control frame over 125 bytes");
    size_t ext = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
    if (n < 2 + ext) return RS_WS_MORE;
    *len = ext ? be_read(in + 2, (int)ext) : len7;
    if (*len >> 63) return fail(out, RS_WS_CLOSE_PROTOCOL, "frame length has its top bit set");
    if (*len > RS_WS_FRAME_MAX) return fail(out, RS_WS_CLOSE_TOO_BIG, "frame larger than the server accepts");
    *hdr = 2 + ext + 4;
    return RS_WS_MESSAGE;
}

static rs_ws_status control_frame(rs_ws_reader *r, uint8_t op, const uint8_t *p, size_t len, const uint8_t key[4],
                                  rs_ws_msg *out) {
    assert(len <= RS_WS_CONTROL_MAX);
    unmask(r->ctl, p, len, key);
    out->opcode = op;
    out->data = r->ctl;
    out->len = len;
    out->close_code = 0;
    if (op != RS_WS_OP_CLOSE) return RS_WS_MESSAGE;
    if (len == 1) return fail(out, RS_WS_CLOSE_PROTOCOL, "close frame with a one-byte payload");
    if (len == 0) {
        out->close_code = 1005; /* no status received */
        return RS_WS_MESSAGE;
    }
    uint16_t code = (uint16_t)be_read(r->ctl, 2);
    if (!sendable_close_code(code)) return fail(out, RS_WS_CLOSE_PROTOCOL, "close frame with an invalid code");
    if (!rs_ws_utf8_valid(r->ctl + 2, len - 2)) return fail(out, RS_WS_CLOSE_BAD_DATA, "close reason is not UTF-8");
    out->close_code = code;
    return RS_WS_MESSAGE;
}

rs_ws_status rs_ws_read(rs_ws_reader *r, const uint8_t *in, size_t n, size_t *used, rs_ws_msg *out) {
    *used = 0;
    memset(out, 0, sizeof *out);
    if (r->deliver_reset) {
        rs_buf_reset(&r->msg);
        r->msg_opcode = 0;
        r->nfrags = 0;
        r->deliver_reset = false;
    }
    size_t hdr = 0;
    uint64_t len = 0;
    rs_ws_status st = read_header(in, n, &hdr, &len, out);
    if (st != RS_WS_MESSAGE) return st;
    uint8_t op = in[0] & 0x0f;
    bool fin = in[0] & 0x80, control = op & 0x8;
    if (!control) {
        if (op == RS_WS_OP_CONT && !r->msg_opcode)
            return fail(out, RS_WS_CLOSE_PROTOCOL, "continuation frame outside a message");
        if (op != RS_WS_OP_CONT && r->msg_opcode)
            return fail(out, RS_WS_CLOSE_PROTOCOL, "new message before the previous one's last fragment");
        if (r->msg.len + len > RS_WS_MESSAGE_MAX)
            return fail(out, RS_WS_CLOSE_TOO_BIG, "message larger than the server accepts");
        if (r->nfrags + 1 > RS_WS_FRAGMENTS_MAX)
            return fail(out, RS_WS_CLOSE_TOO_BIG, "message in more fragments than the server accepts");
    }
    if (n < hdr || n - hdr < len) return RS_WS_MORE; /* the mask key or payload is still on its way */
    const uint8_t *key = in + hdr - 4, *payload = in + hdr;
    *used = hdr + (size_t)len;
    if (control) return control_frame(r, op, payload, (size_t)len, key, out);
    if (op != RS_WS_OP_CONT) r->msg_opcode = op;
    if (len) { /* (an empty buffer has no storage yet) */
        size_t at = r->msg.len;
        rs_buf_zeros(&r->msg, (size_t)len);
        unmask(r->msg.p + at, payload, (size_t)len, key);
    }
    r->nfrags++;
    if (!fin) return RS_WS_MORE;
    if (r->msg_opcode == RS_WS_OP_TEXT && !rs_ws_utf8_valid(r->msg.p, r->msg.len))
        return fail(out, RS_WS_CLOSE_BAD_DATA, "text message is not UTF-8");
    out->opcode = r->msg_opcode;
    out->data = r->msg.len ? r->msg.p : (const uint8_t *)"";
    out->len = r->msg.len;
    r->deliver_reset = true;
    return RS_WS_MESSAGE;
}

void rs_ws_put_frame(rs_buf *out, uint8_t opcode, const void *p, size_t n) {
    assert(!(opcode & 0x8) || n <= RS_WS_CONTROL_MAX);
    uint8_t h[10];
    size_t k = 2;
    h[0] = (uint8_t)(0x80 | opcode);
    if (n < 126) {
        h[1] = (uint8_t)n;
    } else if (n <= 0xffff) {
        h[1] = 126;
        h[2] = (uint8_t)(n >> 8);
        h[3] = (uint8_t)n;
        k = 4;
    } else {
        h[1] = 127;
        for (int i = 0; i < 8; i++) h[2 + i] = (uint8_t)((uint64_t)n >> (56 - 8 * i));
        k = 10;
    }
    rs_buf_put(out, h, k);
    if (n) rs_buf_put(out, p, n);
}

void rs_ws_put_close(rs_buf *out, uint16_t code, const char *reason) {
    uint8_t p[RS_WS_CONTROL_MAX];
    size_t n = reason ? strlen(reason) : 0;
    if (n > sizeof p - 2) n = sizeof p - 2;
    /* a cut reason must stay UTF-8: drop a split sequence's leading bytes */
    while (n && !rs_ws_utf8_valid((const uint8_t *)reason, n)) n--;
    p[0] = (uint8_t)(code >> 8);
    p[1] = (uint8_t)code;
    if (n) memcpy(p + 2, reason, n);
    rs_ws_put_frame(out, RS_WS_OP_CLOSE, p, n + 2);
}

bool rs_ws_utf8_valid(const uint8_t *p, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint8_t c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t k;
        uint32_t cp, min;
        if ((c & 0xe0) == 0xc0) k = 1, cp = c & 0x1f, min = 0x80;
        else if ((c & 0xf0) == 0xe0) k = 2, cp = c & 0x0f, min = 0x800;
        else if ((c & 0xf8) == 0xf0) k = 3, cp = c & 0x07, min = 0x10000;
        else return false;
        if (n - i <= k) return false;
        for (size_t j = 1; j <= k; j++) {
            if ((p[i + j] & 0xc0) != 0x80) return false;
            cp = cp << 6 | (p[i + j] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
        i += k + 1;
    }
    return true;
}
