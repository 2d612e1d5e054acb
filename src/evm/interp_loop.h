/* The body of the dispatch loop (computed goto), included by interp.c once
 * per variant: INTERP_RUN names the function, INTERP_TRACED (0 or 1) decides
 * whether each instruction is reported to the tracer first. Compiling the
 * loop twice keeps the untraced one exactly as fast as without tracing. */
static rs_evm_status INTERP_RUN(evm_frame *f) {
    static const void *labels[256];
    if (!f) {
        for (int i = 0; i < 256; i++) labels[i] = &&op_undefined;
#define L(code, name) labels[code] = &&name
        L(0x00, op_stop); L(0x01, op_add); L(0x02, op_mul); L(0x03, op_sub); L(0x04, op_div);
        L(0x05, op_sdiv); L(0x06, op_mod); L(0x07, op_smod); L(0x08, op_addmod); L(0x09, op_mulmod);
        L(0x0a, op_exp); L(0x0b, op_signextend);
        L(0x10, op_lt); L(0x11, op_gt); L(0x12, op_slt); L(0x13, op_sgt); L(0x14, op_eq);
        L(0x15, op_iszero); L(0x16, op_and); L(0x17, op_or); L(0x18, op_xor); L(0x19, op_not);
        L(0x1a, op_byte); L(0x1b, op_shl); L(0x1c, op_shr); L(0x1d, op_sar);
        L(0x20, op_keccak);
        L(0x30, op_address); L(0x31, op_balance); L(0x32, op_origin); L(0x33, op_caller);
        L(0x34, op_callvalue); L(0x35, op_calldataload); L(0x36, op_calldatasize);
        L(0x37, op_calldatacopy); L(0x38, op_codesize); L(0x39, op_codecopy); L(0x3a, op_gasprice);
        L(0x3b, op_extcodesize); L(0x3c, op_extcodecopy); L(0x3d, op_returndatasize);
        L(0x3e, op_returndatacopy); L(0x3f, op_extcodehash);
        L(0x40, op_blockhash); L(0x41, op_coinbase); L(0x42, op_timestamp); L(0x43, op_number);
        L(0x44, op_prevrandao); L(0x45, op_gaslimit); L(0x46, op_chainid); L(0x47, op_selfbalance);
        L(0x48, op_basefee); L(0x49, op_blobhash); L(0x4a, op_blobbasefee);
        L(0x50, op_pop); L(0x51, op_mload); L(0x52, op_mstore); L(0x53, op_mstore8);
        L(0x54, op_sload); L(0x55, op_sstore); L(0x56, op_jump); L(0x57, op_jumpi);
        L(0x58, op_pc); L(0x59, op_msize); L(0x5a, op_gas); L(0x5b, op_jumpdest);
        L(0x5c, op_tload); L(0x5d, op_tstore); L(0x5e, op_mcopy); L(0x5f, op_push0);
        for (int i = 0x60; i <= 0x7f; i++) labels[i] = &&op_push;
        for (int i = 0x80; i <= 0x8f; i++) labels[i] = &&op_dup;
        for (int i = 0x90; i <= 0x9f; i++) labels[i] = &&op_swap;
        for (int i = 0xa0; i <= 0xa4; i++) labels[i] = &&op_log;
        L(0xf0, op_create); L(0xf1, op_call); L(0xf2, op_call); L(0xf3, op_return);
        L(0xf4, op_call); L(0xf5, op_create); L(0xfa, op_call); L(0xfd, op_revert);
        L(0xfe, op_undefined); L(0xff, op_selfdestruct);
#undef L
        return RS_EVM_SUCCESS;
    }

    const uint8_t *code = f->code.code;
    const rs_msg *msg = f->msg;
    rs_host *host = f->host;
    u256 *const stack = f->store->stack;
    u256 *sp = stack;
    size_t pc = 0;
    int64_t gas = f->gas;
    uint8_t op;
    rs_evm_status st;
    /* Operands shared by every opcode body: with computed goto the compiler
     * cannot overlap block-scoped locals, and a frame of run() sits on the C
     * stack once per call depth. */
    u256 a, b, m;
    size_t o, n;

#define SYNC() (f->gas = gas)
#define RELOAD() (gas = f->gas)
#define HALT(s) do { st = (s); goto halt; } while (0)
#if INTERP_TRACED
#define TRACE_STEP() do {                                                  \
        SYNC();                                                            \
        trace_step(f, pc, op, gas + inf_->gas, stack, (size_t)h_);         \
    } while (0)
#else
#define TRACE_STEP() do { } while (0)
#endif
#define NEXT() do {                                                        \
        op = code[pc];                                                     \
        const evm_op_info *inf_ = &evm_op_table[op];                       \
        ptrdiff_t h_ = sp - stack;                                         \
        if (h_ < inf_->stack_min) HALT(RS_EVM_STACK_UNDERFLOW);            \
        if (h_ > inf_->stack_max) HALT(RS_EVM_STACK_OVERFLOW);             \
        gas -= inf_->gas;                                                  \
        if (gas < 0) HALT(RS_EVM_OUT_OF_GAS);                              \
        TRACE_STEP();                                                      \
        goto *labels[op];                                                  \
    } while (0)
#define STEP() do { pc++; NEXT(); } while (0)
#define BINOP(expr) do { a = sp[-1]; b = sp[-2]; sp--; sp[-1] = (expr); STEP(); } while (0)
#define CHARGE(n) do { gas -= (n); if (gas < 0) HALT(RS_EVM_OUT_OF_GAS); } while (0)
#define MEM(off, size, o, n) do {                                          \
        SYNC();                                                            \
        rs_evm_status ms_ = evm_memory_region(f, (off), (size), &(o), &(n)); \
        RELOAD();                                                          \
        if (ms_ != RS_EVM_SUCCESS) HALT(ms_);                              \
    } while (0)
/* A fixed-size access inside memory already paid for skips the expansion path. */
#define FAST_MEM(off, size, o, n) do {                                     \
        if (((off).w[1] | (off).w[2] | (off).w[3]) == 0 && (off).w[0] <= f->mem_len && \
            f->mem_len - (off).w[0] >= (size)) {                           \
            (o) = (size_t)(off).w[0];                                      \
            (n) = (size);                                                  \
        } else {                                                           \
            MEM(off, u256_from_u64(size), o, n);                           \
        }                                                                  \
    } while (0)
#define OUTLINE(call) do {                                                 \
        SYNC();                                                            \
        rs_evm_status os_ = (call);                                        \
        RELOAD();                                                          \
        if (os_ != RS_EVM_SUCCESS) HALT(os_);                              \
    } while (0)

    NEXT();

op_stop:
    HALT(RS_EVM_SUCCESS);
op_add: BINOP(evm_add(a, b));
op_mul: BINOP(evm_mul(a, b));
op_sub: BINOP(evm_sub(a, b));
op_div: BINOP(evm_div(a, b));
op_sdiv: BINOP(evm_sdiv(a, b));
op_mod: BINOP(evm_mod(a, b));
op_smod: BINOP(evm_smod(a, b));
op_addmod: {
    a = sp[-1];
    b = sp[-2];
    m = sp[-3];
    sp -= 2;
    sp[-1] = evm_addmod(a, b, m);
    STEP();
}
op_mulmod: {
    a = sp[-1];
    b = sp[-2];
    m = sp[-3];
    sp -= 2;
    sp[-1] = evm_mulmod(a, b, m);
    STEP();
}
op_exp: {
    CHARGE((int64_t)GAS_EXP_BYTE * evm_byte_len(sp[-2]));
    BINOP(evm_exp(a, b));
}
op_signextend: BINOP(evm_signextend(a, b));
op_lt: BINOP(evm_bool(evm_lt(a, b)));
op_gt: BINOP(evm_bool(evm_lt(b, a)));
op_slt: BINOP(evm_bool(evm_slt(a, b)));
op_sgt: BINOP(evm_bool(evm_slt(b, a)));
op_eq: BINOP(evm_bool(u256_eq(a, b)));
op_iszero:
    sp[-1] = evm_bool(u256_is_zero(sp[-1]));
    STEP();
op_and: BINOP(((u256){{a.w[0] & b.w[0], a.w[1] & b.w[1], a.w[2] & b.w[2], a.w[3] & b.w[3]}}));
op_or: BINOP(((u256){{a.w[0] | b.w[0], a.w[1] | b.w[1], a.w[2] | b.w[2], a.w[3] | b.w[3]}}));
op_xor: BINOP(((u256){{a.w[0] ^ b.w[0], a.w[1] ^ b.w[1], a.w[2] ^ b.w[2], a.w[3] ^ b.w[3]}}));
op_not:
    sp[-1] = (u256){{~sp[-1].w[0], ~sp[-1].w[1], ~sp[-1].w[2], ~sp[-1].w[3]}};
    STEP();
op_byte: BINOP(evm_byte(a, b));
op_shl: BINOP(evm_shl(b, evm_shift_amount(a)));
op_shr: BINOP(evm_shr(b, evm_shift_amount(a)));
op_sar: BINOP(evm_sar(b, evm_shift_amount(a)));
op_keccak:
    OUTLINE(evm_op_keccak(f, sp));
    sp--;
    STEP();
op_address:
    *sp++ = addr_word(msg->recipient);
    STEP();
op_balance:
op_extcodesize:
op_extcodehash:
    OUTLINE(evm_op_account(f, sp, op));
    STEP();
op_origin:
    *sp++ = addr_word(evm_tx(f)->origin);
    STEP();
op_caller:
    *sp++ = addr_word(msg->sender);
    STEP();
op_callvalue:
    *sp++ = msg->value;
    STEP();
op_calldataload:
    OUTLINE(evm_op_calldataload(f, sp));
    STEP();
op_calldatasize:
    *sp++ = u256_from_u64(msg->input_len);
    STEP();
op_calldatacopy:
op_codecopy:
op_returndatacopy:
    OUTLINE(evm_op_copy(f, sp, op));
    sp -= 3;
    STEP();
op_codesize:
    *sp++ = u256_from_u64(f->code.code_len);
    STEP();
op_gasprice:
    *sp++ = evm_tx(f)->gas_price;
    STEP();
op_extcodecopy:
    OUTLINE(evm_op_extcodecopy(f, sp));
    sp -= 4;
    STEP();
op_returndatasize:
    *sp++ = u256_from_u64(f->ret->len);
    STEP();
op_blockhash:
    OUTLINE(evm_op_blockhash(f, sp));
    STEP();
op_coinbase:
    *sp++ = addr_word(evm_tx(f)->coinbase);
    STEP();
op_timestamp:
    *sp++ = u256_from_u64(evm_tx(f)->timestamp);
    STEP();
op_number:
    *sp++ = u256_from_u64(evm_tx(f)->number);
    STEP();
op_prevrandao:
    *sp++ = rs_b32_to_u256(evm_tx(f)->prev_randao);
    STEP();
op_gaslimit:
    *sp++ = u256_from_u64(evm_tx(f)->gas_limit);
    STEP();
op_chainid:
    *sp++ = evm_tx(f)->chain_id;
    STEP();
op_selfbalance:
    *sp++ = host->get_balance(host, msg->recipient);
    STEP();
op_basefee:
    *sp++ = evm_tx(f)->base_fee;
    STEP();
op_blobhash: {
    const rs_tx_context *tx = evm_tx(f);
    uint64_t i;
    sp[-1] = small(sp[-1], &i) && i < tx->blob_hashes_count ? rs_b32_to_u256(tx->blob_hashes[i]) : U256_ZERO;
    STEP();
}
op_blobbasefee:
    *sp++ = evm_tx(f)->blob_base_fee;
    STEP();
op_pop:
    sp--;
    STEP();
op_mload: {
    FAST_MEM(sp[-1], 32, o, n);
    sp[-1] = evm_load_be(f->mem + o);
    STEP();
}
op_mstore: {
    FAST_MEM(sp[-1], 32, o, n);
    evm_store_be(f->mem + o, sp[-2]);
    sp -= 2;
    STEP();
}
op_mstore8: {
    FAST_MEM(sp[-1], 1, o, n);
    f->mem[o] = (uint8_t)sp[-2].w[0];
    sp -= 2;
    STEP();
}
op_sload: {
    if (host->access_storage(host, msg->recipient, sp[-1]) == RS_ACCESS_COLD) CHARGE(GAS_COLD_SLOAD_EXTRA);
    sp[-1] = host->get_storage(host, msg->recipient, sp[-1]);
    STEP();
}
op_sstore:
    OUTLINE(evm_op_sstore(f, sp));
    sp -= 2;
    STEP();
op_jump: {
    uint64_t d;
    if (!small(sp[-1], &d) || !evm_is_jumpdest(&f->code, d)) HALT(RS_EVM_BAD_JUMP_DESTINATION);
    sp--;
    pc = (size_t)d;
    NEXT();
}
op_jumpi: {
    if (!u256_is_zero(sp[-2])) {
        uint64_t d;
        if (!small(sp[-1], &d) || !evm_is_jumpdest(&f->code, d)) HALT(RS_EVM_BAD_JUMP_DESTINATION);
        sp -= 2;
        pc = (size_t)d;
        NEXT();
    }
    sp -= 2;
    STEP();
}
op_pc:
    *sp++ = u256_from_u64(pc);
    STEP();
op_msize:
    *sp++ = u256_from_u64(f->mem_len);
    STEP();
op_gas:
    *sp++ = u256_from_u64((uint64_t)gas);
    STEP();
op_jumpdest:
    STEP();
op_tload:
    sp[-1] = host->get_transient_storage(host, msg->recipient, sp[-1]);
    STEP();
op_tstore:
    if (msg->is_static) HALT(RS_EVM_STATIC_MODE_VIOLATION);
    host->set_transient_storage(host, msg->recipient, sp[-1], sp[-2]);
    sp -= 2;
    STEP();
op_mcopy:
    OUTLINE(evm_op_mcopy(f, sp));
    sp -= 3;
    STEP();
op_push0:
    *sp++ = U256_ZERO;
    STEP();
op_push: {
    unsigned n = (unsigned)(op - 0x5f);
    *sp++ = load_push(code + pc + 1, n);
    pc += n + 1;
    NEXT();
}
op_dup: {
    unsigned n = (unsigned)(op - 0x7f);
    *sp = sp[-(ptrdiff_t)n];
    sp++;
    STEP();
}
op_swap: {
    unsigned n = (unsigned)(op - 0x8f);
    u256 t = sp[-1];
    sp[-1] = sp[-1 - (ptrdiff_t)n];
    sp[-1 - (ptrdiff_t)n] = t;
    STEP();
}
op_log: {
    unsigned nt = (unsigned)(op - 0xa0);
    OUTLINE(evm_op_log(f, sp, nt));
    sp -= nt + 2;
    STEP();
}
op_create: {
    unsigned nargs = op == 0xf5 ? 4 : 3;
    OUTLINE(evm_op_create(f, sp, op));
    sp -= nargs - 1;
    STEP();
}
op_call: {
    unsigned nargs = (op == 0xf1 || op == 0xf2) ? 7 : 6;
    OUTLINE(evm_op_call(f, sp, op));
    sp -= nargs - 1;
    STEP();
}
op_return:
op_revert:
    OUTLINE(evm_op_output(f, sp));
    HALT(op == 0xf3 ? RS_EVM_SUCCESS : RS_EVM_REVERT);
op_selfdestruct:
    OUTLINE(evm_op_selfdestruct(f, sp));
    HALT(RS_EVM_SUCCESS);
op_undefined:
    HALT(RS_EVM_INVALID_INSTRUCTION);

halt:
    f->gas = gas;
    return st;
#undef SYNC
#undef RELOAD
#undef HALT
#undef NEXT
#undef STEP
#undef BINOP
#undef CHARGE
#undef MEM
#undef FAST_MEM
#undef OUTLINE
#undef TRACE_STEP
}
