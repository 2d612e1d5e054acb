/* Hex encoding: strict decoding with precise errors, lower-case output. */
#ifndef RESTAKE_HEX_H
#define RESTAKE_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "restake/types.h"

/* Decodes "0x"-prefixed (or bare) hex of even length into out (capacity cap).
 * Returns the byte count, or -1 on odd length, a non-hex digit or overflow of cap. */
long rs_hex_decode(const char *s, size_t len, uint8_t *out, size_t cap);
/* Writes "0x" + 2*len lower-case digits + NUL; out needs 2*len + 3 bytes. */
void rs_hex_encode(const uint8_t *data, size_t len, char *out);
/* Parses a 20-byte address (0x + 40 hex digits, any case; checksum not enforced). */
RS_MUST_USE bool rs_addr_from_hex(rs_addr *a, const char *s);
/* EIP-55 mixed-case checksum form; out needs 43 bytes. */
void rs_addr_to_checksum(rs_addr a, char out[43]);
/* Parses 0x + 64 hex digits. */
RS_MUST_USE bool rs_b32_from_hex(rs_b32 *x, const char *s);

#endif
