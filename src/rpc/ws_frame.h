/* RFC 6455 framing, independent of sockets: the server side's reader
 * (client frames: masked, possibly fragmented, interleaved with control
 * frames) and writer (unmasked, unfragmented frames). Internal to src/rpc. */
#ifndef RESTAKE_RPC_WS_FRAME_H
#define RESTAKE_RPC_WS_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/buf.h"
#include "restake/limits.h"

enum {
    RS_WS_OP_CONT = 0x0,
    RS_WS_OP_TEXT = 0x1,
    RS_WS_OP_BINARY = 0x2,
    RS_WS_OP_CLOSE = 0x8,
    RS_WS_OP_PING = 0x9,
    RS_WS_OP_PONG = 0xA,
};

/* Close status codes (RFC 6455 7.4.1) the server sends. */
enum {
    RS_WS_CLOSE_NORMAL = 1000,
    RS_WS_CLOSE_GOING_AWAY = 1001,
    RS_WS_CLOSE_PROTOCOL = 1002,
    RS_WS_CLOSE_BAD_DATA = 1007,
    RS_WS_CLOSE_POLICY = 1008,
    RS_WS_CLOSE_TOO_BIG = 1009,
    RS_WS_CLOSE_TRY_LATER = 1013,
};

typedef enum {
    RS_WS_MORE,    /* a frame is incomplete (or only a fragment was taken): more bytes are needed */
    RS_WS_MESSAGE, /* a whole data message or one control frame is in the rs_ws_msg */
    RS_WS_ERROR,   /* the stream breaks the protocol or a limit: close with the code */
} rs_ws_status;

typedef struct {
    uint8_t opcode;        /* TEXT, BINARY, CLOSE, PING or PONG */
    const uint8_t *data;   /* unmasked payload, valid until the next rs_ws_read */
    size_t len;
    uint16_t close_code;   /* RS_WS_ERROR: the code to close with; CLOSE: the peer's code (1005: none) */
    const char *why;       /* RS_WS_ERROR: what was wrong */
} rs_ws_msg;

/* A connection's reader state: the data message being reassembled. */
typedef struct {
    rs_buf msg;          /* unmasked payload of the data message so far */
    uint8_t msg_opcode;  /* TEXT or BINARY while a message is open, else 0 */
    size_t nfrags;       /* frames of the open message */
    uint8_t ctl[RS_WS_CONTROL_MAX]; /* unmasked payload of the last control frame */
    bool deliver_reset;  /* the last call delivered the message: reset before the next frame */
} rs_ws_reader;

void rs_ws_reader_init(rs_ws_reader *r);
void rs_ws_reader_free(rs_ws_reader *r);
/* Whether a data message has started and not finished (its deadline runs). */
bool rs_ws_reader_mid_message(const rs_ws_reader *r);

/* Takes at most one complete frame from in[0..n): *used is how many bytes
 * it took (0 when the frame is incomplete). A frame whose header already
 * shows it breaks a limit is an error at once, before its payload arrives. */
rs_ws_status rs_ws_read(rs_ws_reader *r, const uint8_t *in, size_t n, size_t *used, rs_ws_msg *out);

/* Appends one unmasked frame with FIN set. Control frames carry at most
 * RS_WS_CONTROL_MAX bytes. */
void rs_ws_put_frame(rs_buf *out, uint8_t opcode, const void *p, size_t n);
/* A close frame: the code, then the reason (truncated to fit). */
void rs_ws_put_close(rs_buf *out, uint16_t code, const char *reason);

/* Whether p[0..n) is well-formed UTF-8 (RFC 3629: no overlongs, no
 * surrogates, nothing past U+10FFFF). */
bool rs_ws_utf8_valid(const uint8_t *p, size_t n);

#endif
