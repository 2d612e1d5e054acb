/* The EVM interpreter (Cancun rules). It knows the world only through
 * restake/host.h: executing a frame never touches state directly.
 *
 * rs_evm_execute runs `code` as the frame `msg` describes and writes the
 * frame's output (RETURN or REVERT data; empty otherwise) to `out`. It does
 * no value transfer, account creation or checkpointing: the host's `call`
 * does those before and after. Jump destinations are analysed once per code
 * hash and cached; pass a NULL code_hash for code without one (initcode),
 * which is analysed afresh.
 *
 * Postcondition: 0 <= gas_left <= msg->gas; gas_left is 0 unless the status
 * is SUCCESS or REVERT. */
#ifndef RESTAKE_EVM_H
#define RESTAKE_EVM_H

#include "restake/host.h"

rs_evm_result rs_evm_execute(rs_host *host, const rs_msg *msg, const uint8_t *code, size_t code_len,
                             const rs_b32 *code_hash, rs_buf *out);

/* The mnemonic of an opcode as geth prints it ("PUSH1", "KECCAK256"; an
 * undefined one is "opcode 0xc not defined", written to buf). */
#define RS_EVM_OP_NAME_MAX 24
const char *rs_evm_op_name(uint8_t op, char buf[RS_EVM_OP_NAME_MAX]);

/* A short name for a status ("success", "revert", "out of gas", ...). */
const char *rs_evm_status_name(rs_evm_status s);

#endif
