// viem 2 against a fresh devnet (tests/js_clients.sh starts it): public,
// wallet and test clients over HTTP, the webSocket transport's subscriptions
// (newHeads, filtered logs, pending transactions) received as blocks are
// mined, waitForTransactionReceipt, eth_getLogs filters, and signing by the
// node's unlocked accounts.
// Usage: node viem.test.mjs http://127.0.0.1:PORT
import { createPublicClient, createWalletClient, createTestClient, http, webSocket, parseAbi, verifyMessage, verifyTypedData } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { ACC, KEY, SM, DM, TKA, STRAT, ZERO, ZERO32, E18, GWEI, ERC20_ABI, SM_ABI, DM_ABI, eq, until, sleep, run } from './common.mjs';

const url = process.argv[2];
if (!url) throw new Error('usage: node viem.test.mjs http://host:port');
const wsUrl = url.replace(/^http/, 'ws');

const erc20 = parseAbi(ERC20_ABI);
const smAbi = parseAbi(SM_ABI);
const dmAbi = parseAbi(DM_ABI);
const chain = foundry;
// no response cache: each read sees the block the previous action made
const pub = createPublicClient({ chain, transport: http(url), pollingInterval: 50, cacheTime: 0 });
const wsPub = createPublicClient({ chain, transport: webSocket(wsUrl) });
const wallet = (i) => createWalletClient({ chain, transport: http(url), account: privateKeyToAccount(KEY[i]) });
const test = createTestClient({ chain, mode: 'anvil', transport: http(url) });

const heads = [];
const deposits = [];
const delegations = [];
const strangers = [];
const pending = [];
const unwatch = [];
const sent = [];

async function write(i, address, abi, functionName, args) {
  const hash = await wallet(i).writeContract({ address, abi, functionName, args });
  sent.push(hash);
  const r = await pub.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  eq(`${functionName} by account ${i}: status`, r.status, 'success');
  return r;
}

const steps = [
  ['public client basics', async () => {
    eq('chainId', await pub.getChainId(), 31337);
    eq('blockNumber', await pub.getBlockNumber(), 0n);
    eq('balance of account 0', await pub.getBalance({ address: ACC[0] }), 10000n * E18);
    eq('gasPrice', await pub.getGasPrice(), 2n * GWEI);
    eq('fees (base fee x 1.2 + tip)', await pub.estimateFeesPerGas(),
       { maxFeePerGas: 2200000000n, maxPriorityFeePerGas: 1000000000n });
    eq('TKA balance of account 1', await pub.readContract({ address: TKA, abi: erc20, functionName: 'balanceOf', args: [ACC[1]] }),
       1000000n * E18);
    eq('websocket chainId', await wsPub.getChainId(), 31337);
  }],
  ['webSocket subscriptions start', async () => {
    unwatch.push(wsPub.watchBlockNumber({ onBlockNumber: (n) => heads.push(n), emitOnBegin: false }));
    unwatch.push(wsPub.watchContractEvent({ address: SM, abi: smAbi, eventName: 'Deposit',
      onLogs: (logs) => logs.forEach((l) => deposits.push([l.args.staker, l.args.strategy, l.args.shares])) }));
    unwatch.push(wsPub.watchContractEvent({ address: DM, abi: dmAbi, eventName: 'StakerDelegated', args: { operator: ACC[2] },
      onLogs: (logs) => logs.forEach((l) => delegations.push([l.args.staker, l.args.operator])) }));
    unwatch.push(wsPub.watchContractEvent({ address: DM, abi: dmAbi, eventName: 'StakerDelegated', args: { operator: ACC[9] },
      onLogs: (logs) => logs.forEach((l) => strangers.push([l.args.staker, l.args.operator])) }));
    unwatch.push(wsPub.watchPendingTransactions({ onTransactions: (hs) => pending.push(...hs) }));
    // viem subscribes asynchronously: a request answered after the subscriptions' requests means they are in place
    const transport = wsPub.transport;
    const sock = await transport.getRpcClient();
    await until(() => sock.subscriptions.size >= 5, 5000);
    eq('subscriptions on the socket', sock.subscriptions.size, 5);
  }],
  ['deposit, delegate, queue a withdrawal (writeContract, waitForTransactionReceipt)', async () => {
    await write(1, TKA, erc20, 'approve', [SM, 100n * E18]);
    const r = await write(1, SM, smAbi, 'depositIntoStrategy', [STRAT, TKA, 100n * E18]);
    eq('deposit block', r.blockNumber, 2n);
    eq('deposit shares', await pub.readContract({ address: SM, abi: smAbi, functionName: 'stakerDepositShares', args: [ACC[1], STRAT] }),
       100n * E18);
    await write(2, DM, dmAbi, 'registerAsOperator', [ZERO, 1, 'https://example.invalid/operator']);
    await write(1, DM, dmAbi, 'delegateTo', [ACC[2], { signature: '0x', expiry: 0n }, ZERO32]);
    eq('delegatedTo', await pub.readContract({ address: DM, abi: dmAbi, functionName: 'delegatedTo', args: [ACC[1]] }), ACC[2]);
    const q = await write(1, DM, dmAbi, 'queueWithdrawals', [[{ strategies: [STRAT], depositShares: [25n * E18], withdrawer: ACC[1] }]]);
    eq('queueWithdrawals block', q.blockNumber, 5n);
    const [ws, shares] = await pub.readContract({ address: DM, abi: dmAbi, functionName: 'getQueuedWithdrawals', args: [ACC[1]] });
    eq('queued withdrawal', [ws.length, ws[0].staker, ws[0].delegatedTo, ws[0].startBlock, shares], [1, ACC[1], ACC[2], 5, [[25n * E18]]]);
  }],
  ['default gas in consecutive blocks (second staker)', async () => {
    await write(3, TKA, erc20, 'approve', [SM, 40n * E18]);
    await write(3, SM, smAbi, 'depositIntoStrategy', [STRAT, TKA, 40n * E18]);
    await write(3, DM, dmAbi, 'delegateTo', [ACC[2], { signature: '0x', expiry: 0n }, ZERO32]);
    const h1 = await wallet(1).writeContract({ address: DM, abi: dmAbi, functionName: 'queueWithdrawals',
      args: [[{ strategies: [STRAT], depositShares: [5n * E18], withdrawer: ACC[1] }]] });
    const h2 = await wallet(3).writeContract({ address: DM, abi: dmAbi, functionName: 'queueWithdrawals',
      args: [[{ strategies: [STRAT], depositShares: [15n * E18], withdrawer: ACC[3] }]] });
    sent.push(h1, h2);
    const [r1, r2] = await Promise.all([h1, h2].map((hash) => pub.waitForTransactionReceipt({ hash, pollingInterval: 50 })));
    eq('statuses', [r1.status, r2.status], ['success', 'success']);
    eq('blocks', [r1.blockNumber, r2.blockNumber], [9n, 10n]);
    eq('shares left', await Promise.all([ACC[1], ACC[3]].map((a) =>
      pub.readContract({ address: SM, abi: smAbi, functionName: 'stakerDepositShares', args: [a, STRAT] }))), [70n * E18, 25n * E18]);
  }],
  ['signing by the node: personal_sign and eth_signTypedData_v4 (JSON-RPC account)', async () => {
    const node = createWalletClient({ chain, transport: http(url), account: ACC[4] });
    const local = privateKeyToAccount(KEY[4]);
    const message = 'restake: hello from viem';
    const sig = await node.signMessage({ message });
    eq('personal_sign', sig, await local.signMessage({ message }));
    eq('personal_sign verifies', await verifyMessage({ address: ACC[4], message, signature: sig }), true);
    const typed = {
      domain: { name: 'EigenLayer', version: 'v1.9.0', chainId: 31337, verifyingContract: DM },
      types: { StakerDelegation: [{ name: 'staker', type: 'address' }, { name: 'operator', type: 'address' },
                                  { name: 'nonce', type: 'uint256' }, { name: 'expiry', type: 'uint256' }] },
      primaryType: 'StakerDelegation',
      message: { staker: ACC[4], operator: ACC[2], nonce: 0n, expiry: 4102444800n },
    };
    const tsig = await node.signTypedData(typed);
    eq('eth_signTypedData_v4', tsig, await local.signTypedData(typed));
    eq('typed data verifies', await verifyTypedData({ address: ACC[4], signature: tsig, ...typed }), true);
  }],
  ['webSocket transport received newHeads, filtered logs and pending hashes as blocks were mined', async () => {
    await until(() => heads.includes(10n) && deposits.length >= 2 && delegations.length >= 3 && pending.length >= sent.length);
    eq('newHeads block numbers', [...new Set(heads)].sort((a, b) => (a < b ? -1 : 1)), Array.from({ length: 10 }, (_, i) => BigInt(i + 1)));
    eq('Deposit logs', deposits, [[ACC[1], STRAT, 100n * E18], [ACC[3], STRAT, 40n * E18]]);
    eq('StakerDelegated logs for operator account 2', delegations, [[ACC[2], ACC[2]], [ACC[1], ACC[2]], [ACC[3], ACC[2]]]);
    eq('StakerDelegated logs for another operator', strangers, []);
    eq('pending transaction hashes', [...pending].sort(), [...sent].sort());
  }],
  ['eth_getLogs filters', async () => {
    const dep = await pub.getContractEvents({ address: SM, abi: smAbi, eventName: 'Deposit', fromBlock: 0n, toBlock: 'latest' });
    eq('Deposit logs', dep.map((l) => [l.blockNumber, l.args.staker, l.args.shares]), [[2n, ACC[1], 100n * E18], [7n, ACC[3], 40n * E18]]);
    const del = await pub.getContractEvents({ address: DM, abi: dmAbi, eventName: 'StakerDelegated', args: { staker: ACC[3] }, fromBlock: 0n });
    eq('StakerDelegated(staker 2)', del.map((l) => [l.blockNumber, l.args.operator]), [[8n, ACC[2]]]);
    const tr = await pub.getLogs({ address: TKA, event: erc20[3], args: { from: ACC[1] }, fromBlock: 1n, toBlock: 3n });
    eq('TKA Transfer from the staker in blocks 1..3', tr.map((l) => [l.args.to, l.args.value]), [[STRAT, 100n * E18]]);
    const f = await pub.createContractEventFilter({ address: SM, abi: smAbi, eventName: 'Deposit' });
    await write(1, TKA, erc20, 'approve', [SM, 1n * E18]);
    await write(1, SM, smAbi, 'depositIntoStrategy', [STRAT, TKA, 1n * E18]);
    const ch = await pub.getFilterChanges({ filter: f });
    eq('filter changes', ch.map((l) => [l.blockNumber, l.args.shares]), [[12n, 1n * E18]]);
  }],
  ['test client (anvil mode)', async () => {
    const head = await pub.getBlockNumber();
    await test.mine({ blocks: 3 });
    eq('mine 3', await pub.getBlockNumber(), head + 3n);
    const who = '0x000000000000000000000000000000000000bEEF';
    await test.setBalance({ address: who, value: 5n * E18 });
    eq('setBalance', await pub.getBalance({ address: who }), 5n * E18);
    const snap = await test.snapshot();
    await test.mine({ blocks: 2 });
    await test.setBalance({ address: who, value: 1n });
    eq('revert', await test.revert({ id: snap }), undefined);
    eq('after revert: block and balance', [await pub.getBlockNumber(), await pub.getBalance({ address: who })], [head + 3n, 5n * E18]);
    await test.impersonateAccount({ address: who });
    const imp = createWalletClient({ chain, transport: http(url), account: who });
    const h = await imp.sendTransaction({ to: ACC[0], value: 1000n });
    const ir = await pub.waitForTransactionReceipt({ hash: h, pollingInterval: 50 });
    eq('impersonated send: status and sender (any case)', [ir.status, ir.from.toLowerCase()], ['success', who.toLowerCase()]);
    await test.stopImpersonatingAccount({ address: who });
    const before = (await pub.getBlock()).timestamp;
    await test.setNextBlockTimestamp({ timestamp: before + 1000n });
    await test.mine({ blocks: 1 });
    eq('setNextBlockTimestamp', (await pub.getBlock()).timestamp, before + 1000n);
    await test.setAutomine(false);
    eq('automine off', await test.getAutomine(), false);
    const h2 = await wallet(0).sendTransaction({ to: who, value: 1n });
    eq('txpool while automine is off', await test.getTxpoolStatus(), { pending: 1, queued: 0 });
    await test.mine({ blocks: 1 });
    eq('pooled transaction mined', (await pub.waitForTransactionReceipt({ hash: h2, pollingInterval: 50 })).status, 'success');
    await test.setAutomine(true);
    eq('automine on', await test.getAutomine(), true);
  }],
  ['test client: every other action anvil answers', async () => {
    const who = '0x000000000000000000000000000000000000cafe';
    // accounts: nonce, code, storage, and a send nobody signs
    await test.setNonce({ address: who, nonce: 7 });
    eq('setNonce', await pub.getTransactionCount({ address: who }), 7);
    const code = '0x6001600055';
    await test.setCode({ address: who, bytecode: code });
    eq('setCode', await pub.getCode({ address: who }), code);
    const slot = '0x' + '00'.repeat(31) + '05';
    const word = '0x' + '00'.repeat(31) + '2a';
    await test.setStorageAt({ address: who, index: slot, value: word });
    eq('setStorageAt', await pub.getStorageAt({ address: who, slot }), word);
    const rich = '0x000000000000000000000000000000000000f00d';
    await test.setBalance({ address: rich, value: 3n * E18 });
    const uh = await test.sendUnsignedTransaction({ from: rich, to: ACC[0], value: 1000n });
    const ur = await pub.waitForTransactionReceipt({ hash: uh, pollingInterval: 50 });
    eq('sendUnsignedTransaction: status and sender', [ur.status, ur.from.toLowerCase()], ['success', rich.toLowerCase()]);
    // the next blocks: gas limit, base fee, coinbase, timestamp interval, time
    await test.setBlockGasLimit({ gasLimit: 29000000n });
    await test.setNextBlockBaseFeePerGas({ baseFeePerGas: 3n * GWEI });
    await test.setCoinbase({ address: who });
    await test.mine({ blocks: 1 });
    const b1 = await pub.getBlock();
    eq('gasLimit, baseFeePerGas, miner of the next block', [b1.gasLimit, b1.baseFeePerGas, b1.miner.toLowerCase()],
       [29000000n, 3n * GWEI, who.toLowerCase()]);
    await test.setBlockTimestampInterval({ interval: 7 });
    await test.mine({ blocks: 2 });
    const b3 = await pub.getBlock();
    eq('setBlockTimestampInterval: two blocks 7 s apart each', b3.timestamp, b1.timestamp + 14n);
    await test.removeBlockTimestampInterval();
    await test.setNextBlockTimestamp({ timestamp: b3.timestamp + 50n });
    await test.increaseTime({ seconds: 0 });
    await test.mine({ blocks: 1 });
    eq('timestamp after removeBlockTimestampInterval', (await pub.getBlock()).timestamp, b3.timestamp + 50n);
    // the pool: content, inspect, drop
    await test.setAutomine(false);
    const ph = await wallet(5).sendTransaction({ to: who, value: 9n });
    const content = await test.getTxpoolContent();
    const mine = Object.entries(content.pending).find(([a]) => a.toLowerCase() === ACC[5].toLowerCase());
    eq('txpool_content: the pending transaction by sender and nonce', mine && Object.values(mine[1]).map((t) => [t.hash, t.value]),
       [[ph, '0x9']]);
    const inspect = await test.inspectTxpool();
    const line = Object.entries(inspect.pending).find(([a]) => a.toLowerCase() === ACC[5].toLowerCase());
    eq('txpool_inspect: one summary line', line && Object.keys(line[1]).length, 1);
    await test.dropTransaction({ hash: ph });
    eq('dropTransaction', await test.getTxpoolStatus(), { pending: 0, queued: 0 });
    await test.setAutomine(true);
    // interval mining: blocks come by themselves, then back to automine
    const before = await pub.getBlockNumber();
    await test.setIntervalMining({ interval: 1 });
    let after = before;
    for (const end = Date.now() + 10000; after < before + 2n && Date.now() < end; await sleep(100)) after = await pub.getBlockNumber();
    eq('interval mining made blocks by itself', after >= before + 2n, true);
    await test.setIntervalMining({ interval: 0 });
    await test.setAutomine(true);
    eq('automine after interval mining', await test.getAutomine(), true);
    // state files: a dump reloaded restores what changed since
    const dump = await test.dumpState();
    eq('dumpState answers hex', /^0x[0-9a-f]+$/.test(dump), true);
    await test.setBalance({ address: who, value: 123n });
    await test.loadState({ state: dump });
    eq('loadState restores the balance, code and storage', [await pub.getBalance({ address: who }), await pub.getCode({ address: who }),
       await pub.getStorageAt({ address: who, slot })], [0n, code, word]);
    // what anvil refuses without a fork or under EIP-1559, refused here too
    let refused = 0;
    for (const f of [() => test.setMinGasPrice({ gasPrice: 1n }), () => test.setRpcUrl('http://127.0.0.1:1')]) {
      try { await f(); } catch { refused++; }
    }
    eq('setMinGasPrice and setRpcUrl refused', refused, 2);
    await test.setLoggingEnabled(true);
    // reset: back to the preset's genesis
    await test.reset();
    eq('reset: block 0 and a fresh account', [await pub.getBlockNumber(), await pub.getTransactionCount({ address: who })], [0n, 0]);
  }],
];

const failed = await run('viem', steps);
unwatch.forEach((u) => u());
const sock = await wsPub.transport.getRpcClient();
sock.close();
process.exit(failed ? 1 : 0);
