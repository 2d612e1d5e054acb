/* Random bytecode with random calldata against the in-memory host. The
 * first input byte picks the gas and the static flag, the next two the split
 * between code and calldata. Checks the frame postconditions: gas used never
 * exceeds gas given, only SUCCESS and REVERT leave gas or output. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../tests/evm_mock_host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 3) return 0;
    static mock_host h;
    static rs_buf out;
    uint8_t flags = data[0];
    size_t split = ((size_t)data[1] << 8 | data[2]);
    data += 3;
    size -= 3;
    if (split > size) split = size;
    const uint8_t *code = data, *input = data + split;
    size_t code_len = split, input_len = size - split;
    int64_t gas = (int64_t)1000 << (flags & 7); /* 1000 .. 128000 */
    rs_addr self = {{0xaa, 0xaa}};

    mock_init(&h);
    /* Under ASan a frame takes ~24 KB of C stack and this runs on the main
     * thread; depth 1,024 is fuzzed by fuzz_evm on a big-stack thread. */
    h.depth_max = 64;
    mock_account *a = mock_find(&h, self, true);
    a->code = code;
    a->code_len = code_len;
    a->balance = u256_from_u64(1000000);
    rs_msg m = {.kind = RS_MSG_CALL, .is_static = (flags & 8) != 0, .gas = gas, .recipient = self,
                .code_address = self, .input = input, .input_len = input_len};
    rs_b32 hash = rs_keccak(code, code_len);
    rs_evm_result r = rs_evm_execute(&h.host, &m, code, code_len, (flags & 16) ? &hash : NULL, &out);
    if (r.gas_left < 0 || r.gas_left > gas) abort();
    if (r.status != RS_EVM_SUCCESS && r.status != RS_EVM_REVERT && (r.gas_left != 0 || out.len != 0)) abort();
    return 0;
}
