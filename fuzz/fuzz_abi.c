/* ABI decoder fuzzer. The first byte picks a parameter tuple (mostly real
 * EigenLayer functions), the rest is the calldata after the selector.
 * A successful decode must re-encode to something that decodes to an equal
 * value and re-encodes to the same bytes (the encoding is canonical). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "restake/abi.h"

static const char *const TYPES[] = {
    "(address,(bytes,uint256),bytes32)",                                                      /* delegateTo */
    "((address[],uint256[],address)[])",                                                      /* queueWithdrawals */
    "((address,address,address,uint256,uint32,address[],uint256[]),address[],bool)",         /* completeQueuedWithdrawal */
    "((address,address,address,uint256,uint32,address[],uint256[])[],address[][],bool[])",   /* completeQueuedWithdrawals */
    "(address,((address,uint32),address[],uint64[])[])",                                     /* modifyAllocations */
    "((uint32,uint32,bytes,(address,bytes32),uint32[],bytes[],(address,uint256)[]),address)", /* processClaim */
    "(address,(address,uint32,address[],uint256[],string))",                                  /* slashOperator */
    "(((address,uint96)[],address,uint256,uint32,uint32)[])",                                 /* createAVSRewardsSubmission */
    "(uint64,(bytes32,bytes),uint40[],bytes[],bytes32[][])",                                  /* verifyWithdrawalCredentials */
    "(address,address,uint256,address,uint256,bytes)",                                        /* depositIntoStrategyWithSignature */
    "(address,uint256,bytes32,bool,uint32,address,uint64,bytes,uint256[],string)",
    "(int8,int24,int256,bytes1,bytes20,uint40[],string[2],(bool,bytes)[3][])",
    "(address,address,address,bytes4)",                                                       /* setAppointee */
    "(address,(address,uint32[],bytes))",                                                     /* registerForOperatorSets */
};
#define NTYPES (sizeof TYPES / sizeof TYPES[0])

static rs_arena types_arena;
static const abi_type *types[NTYPES];

static void init_types(void) {
    rs_arena_init(&types_arena, 0);
    for (size_t i = 0; i < NTYPES; i++)
        if (abi_type_parse(&types_arena, TYPES[i], strlen(TYPES[i]), &types[i]) != ABI_OK) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!types[0]) init_types();
    if (size < 1) return 0;
    const abi_type *t = types[data[0] % NTYPES];
    rs_arena a;
    rs_arena_init(&a, 256u << 20);
    abi_val v, back;
    abi_error err;
    abi_status st = abi_decode(&a, t, data + 1, size - 1, &v, &err);
    if (st != err.status || (st == ABI_OK) != (err.msg[0] == '\0')) abort();
    if (st == ABI_OK) {
        rs_buf b1, b2;
        rs_buf_init(&b1);
        rs_buf_init(&b2);
        abi_encode(&b1, t, &v);
        if (abi_decode(&a, t, b1.p, b1.len, &back, &err) != ABI_OK) abort();
        if (!abi_val_eq(t, &v, &back)) abort();
        abi_encode(&b2, t, &back);
        if (b1.len != b2.len || memcmp(b1.p, b2.p, b1.len) != 0) abort();
        rs_buf_free(&b1);
        rs_buf_free(&b2);
    }
    rs_arena_free(&a);
    return 0;
}
