// ethers 6 against a fresh devnet (tests/js_clients.sh starts it): provider
// basics, the core's contracts through ethers Contract with ethers' default
// gas and nonce handling, NonceManager with parallel senders, signing by the
// node's unlocked accounts, WebSocketProvider subscriptions (newHeads and
// filtered logs) received as blocks are mined, and eth_getLogs filters.
// Usage: node ethers.test.mjs http://127.0.0.1:PORT
import { ethers } from 'ethers';
import { ACC, KEY, SM, DM, TKA, STRAT, ZERO, ZERO32, E18, GWEI, CHAIN_ID, ERC20_ABI, SM_ABI, DM_ABI, eq, until, run } from './common.mjs';

const url = process.argv[2];
if (!url) throw new Error('usage: node ethers.test.mjs http://host:port');
const wsUrl = url.replace(/^http/, 'ws');

// ethers caches identical requests for 250 ms (cacheTimeout), so a send that
// follows a mined one within 250 ms would reuse the earlier "pending" nonce on
// any instantly-mining node (anvil too): the cache is off, everything else is
// ethers' default gas, fee and nonce handling.
const http = new ethers.JsonRpcProvider(url, CHAIN_ID, { staticNetwork: true, pollingInterval: 50, cacheTimeout: -1 });
const ws = new ethers.WebSocketProvider(wsUrl, CHAIN_ID);
const staker = new ethers.Wallet(KEY[1], http);
const operator = new ethers.Wallet(KEY[2], http);
const staker2 = new ethers.Wallet(KEY[3], http);
const tka = new ethers.Contract(TKA, ERC20_ABI, http);
const sm = new ethers.Contract(SM, SM_ABI, http);
const dm = new ethers.Contract(DM, DM_ABI, http);

// what the websocket provider heard
const heads = [];
const deposits = [];
const delegations = [];
const strangers = [];

async function mined(txPromise, what) {
  const tx = await txPromise;
  const r = await tx.wait();
  eq(`${what}: receipt status`, r.status, 1);
  return r;
}

const steps = [
  ['provider basics', async () => {
    eq('chainId', (await http.getNetwork()).chainId, 31337n);
    eq('blockNumber', await http.getBlockNumber(), 0);
    eq('balance of account 0', await http.getBalance(ACC[0]), 10000n * E18);
    eq('TKA balance of account 1', await tka.balanceOf(ACC[1]), 1000000n * E18);
    const fee = await http.getFeeData();
    eq('gasPrice', fee.gasPrice, 2n * GWEI);
    eq('maxPriorityFeePerGas', fee.maxPriorityFeePerGas, 1n * GWEI);
    eq('maxFeePerGas (2 x base fee + tip)', fee.maxFeePerGas, 3n * GWEI);
    eq('websocket chainId', (await ws.getNetwork()).chainId, 31337n);
    eq('websocket blockNumber', await ws.getBlockNumber(), 0);
  }],
  ['websocket subscriptions start', async () => {
    await ws.on('block', (n) => heads.push(n));
    const wsm = new ethers.Contract(SM, SM_ABI, ws);
    const wdm = new ethers.Contract(DM, DM_ABI, ws);
    await wsm.on('Deposit', (who, strategy, shares) => deposits.push([who, strategy, shares]));
    // a filtered listener gets the event payload last; its log carries the indexed staker and operator
    const pair = (a) => a[a.length - 1].log.topics.slice(1).map((t) => ethers.getAddress(ethers.dataSlice(t, 12)));
    await wdm.on(wdm.filters.StakerDelegated(null, ACC[2]), (...a) => delegations.push(pair(a)));
    await wdm.on(wdm.filters.StakerDelegated(null, ACC[9]), (...a) => strangers.push(pair(a)));
    // the subscriptions are in place once a request sent after them is answered
    eq('websocket round trip', await ws.send('eth_chainId', []), '0x7a69');
  }],
  ['deposit, delegate, queue a withdrawal through ethers Contract (default gas and nonce)', async () => {
    await mined(tka.connect(staker).approve(SM, 100n * E18), 'approve');
    const r = await mined(sm.connect(staker).depositIntoStrategy(STRAT, TKA, 100n * E18), 'depositIntoStrategy');
    eq('deposit block', r.blockNumber, 2);
    eq('deposit shares', await sm.stakerDepositShares(ACC[1], STRAT), 100n * E18);
    const ev = r.logs.map((l) => sm.interface.parseLog(l)).filter((x) => x && x.name === 'Deposit');
    eq('Deposit event', ev.map((e) => [e.args[0], e.args[1], e.args[2]]), [[ACC[1], STRAT, 100n * E18]]);
    await mined(dm.connect(operator).registerAsOperator(ZERO, 1, 'https://example.invalid/operator'), 'registerAsOperator');
    await mined(dm.connect(staker).delegateTo(ACC[2], ['0x', 0], ZERO32), 'delegateTo');
    eq('delegatedTo(staker)', await dm.delegatedTo(ACC[1]), ACC[2]);
    await mined(dm.connect(staker).queueWithdrawals([[[STRAT], [40n * E18], ACC[1]]]), 'queueWithdrawals');
    eq('deposit shares after queueing 40e18', await sm.stakerDepositShares(ACC[1], STRAT), 60n * E18);
    const [ws_, shares] = await dm.getQueuedWithdrawals(ACC[1]);
    eq('queued withdrawals', ws_.length, 1);
    eq('queued withdrawal staker, operator, strategies', [ws_[0].staker, ws_[0].delegatedTo, [...ws_[0].strategies]],
       [ACC[1], ACC[2], [STRAT]]);
    eq('queued withdrawal shares', shares.map((s) => [...s]), [[40n * E18]]);
  }],
  ['estimateGas-default sends in consecutive blocks', async () => {
    await mined(tka.connect(staker2).approve(SM, 50n * E18), 'approve (staker 2)');
    await mined(sm.connect(staker2).depositIntoStrategy(STRAT, TKA, 50n * E18), 'deposit (staker 2)');
    await mined(dm.connect(staker2).delegateTo(ACC[2], ['0x', 0], ZERO32), 'delegateTo (staker 2)');
    // sent back to back, each estimated by ethers against the pending state
    const t1 = await dm.connect(staker).queueWithdrawals([[[STRAT], [10n * E18], ACC[1]]]);
    const t2 = await dm.connect(staker2).queueWithdrawals([[[STRAT], [20n * E18], ACC[3]]]);
    const [r1, r2] = await Promise.all([t1.wait(), t2.wait()]);
    eq('statuses', [r1.status, r2.status], [1, 1]);
    eq('consecutive blocks', r2.blockNumber - r1.blockNumber, 1);
    // the native contracts' gas is exact, so the estimate is exactly what each used
    eq('gas used', [r1.gasUsed, r2.gasUsed], [127319n, 122331n]);
    eq('gas limits (the estimates)', [t1.gasLimit, t2.gasLimit], [127319n, 122331n]);
    eq('shares left', [await sm.stakerDepositShares(ACC[1], STRAT), await sm.stakerDepositShares(ACC[3], STRAT)],
       [50n * E18, 30n * E18]);
  }],
  ['NonceManager: 5 senders x 20 parallel transactions, none lost', async () => {
    const senders = [5, 6, 7, 8, 9].map((i) => new ethers.NonceManager(new ethers.Wallet(KEY[i], http)));
    const sinks = senders.map((_, i) => ethers.getAddress('0x' + (0xa11ce00 + i).toString(16).padStart(40, '0')));
    const before = await http.getBlockNumber();
    const txs = await Promise.all(senders.flatMap((s, i) =>
      Array.from({ length: 20 }, (_, k) => s.sendTransaction({ to: sinks[i], value: BigInt(k + 1) }))));
    eq('transactions accepted', txs.length, 100);
    const receipts = await Promise.all(txs.map((t) => t.wait()));
    eq('successful receipts', receipts.filter((r) => r.status === 1).length, 100);
    for (let i = 0; i < 5; i++) {
      eq(`nonce of account ${i + 5}`, await http.getTransactionCount(ACC[i + 5]), 20);
      eq(`balance of sink ${i}`, await http.getBalance(sinks[i]), 210n);
    }
    eq('blocks (one per transaction)', (await http.getBlockNumber()) - before, 100);
  }],
  ['personal_sign and eth_signTypedData_v4 through the node (JsonRpcSigner)', async () => {
    const signer = await http.getSigner(ACC[4]);
    const wallet = new ethers.Wallet(KEY[4]);
    const msg = 'restake: hello from ethers';
    const sig = await signer.signMessage(msg);
    eq('personal_sign', sig, await wallet.signMessage(msg));
    eq('personal_sign recovers', ethers.verifyMessage(msg, sig), ACC[4]);
    const domain = { name: 'EigenLayer', version: 'v1.9.0', chainId: CHAIN_ID, verifyingContract: DM };
    const types = {
      StakerDelegation: [
        { name: 'staker', type: 'address' }, { name: 'operator', type: 'address' },
        { name: 'nonce', type: 'uint256' }, { name: 'expiry', type: 'uint256' },
      ],
    };
    const value = { staker: ACC[4], operator: ACC[2], nonce: 0, expiry: 4102444800 };
    const tsig = await signer.signTypedData(domain, types, value);
    eq('eth_signTypedData_v4', tsig, await wallet.signTypedData(domain, types, value));
    eq('typed data recovers', ethers.verifyTypedData(domain, types, value, tsig), ACC[4]);
    // and a transaction sent by the unlocked account itself (eth_sendTransaction)
    const tx = await signer.sendTransaction({ to: ACC[9], value: 7n });
    eq('eth_sendTransaction status', (await tx.wait()).status, 1);
  }],
  ['WebSocketProvider received newHeads and filtered logs as blocks were mined', async () => {
    const head = await http.getBlockNumber();
    await until(() => heads.includes(head) && deposits.length >= 2 && delegations.length >= 3);
    eq('newHeads block numbers', [...new Set(heads)].sort((a, b) => a - b), Array.from({ length: head }, (_, i) => i + 1));
    eq('Deposit logs', deposits, [[ACC[1], STRAT, 100n * E18], [ACC[3], STRAT, 50n * E18]]);
    // registerAsOperator delegates the operator to itself first
    eq('StakerDelegated logs for operator account 2', delegations, [[ACC[2], ACC[2]], [ACC[1], ACC[2]], [ACC[3], ACC[2]]]);
    eq('StakerDelegated logs for another operator', strangers, []);
  }],
  ['eth_getLogs filters', async () => {
    const d = await sm.queryFilter('Deposit', 0, 'latest');
    eq('Deposit logs', d.map((e) => [e.blockNumber, e.args[0], e.args[2]]), [[2, ACC[1], 100n * E18], [7, ACC[3], 50n * E18]]);
    const mine = await dm.queryFilter(dm.filters.StakerDelegated(ACC[3]), 0, 'latest');
    eq('StakerDelegated(staker 2)', mine.map((e) => [e.args[0], e.args[1]]), [[ACC[3], ACC[2]]]);
    const none = await dm.queryFilter(dm.filters.StakerDelegated(null, ACC[9]), 0, 'latest');
    eq('StakerDelegated(any, account 9)', none.length, 0);
    const transfers = await tka.queryFilter(tka.filters.Transfer(ACC[1], STRAT), 1, 3);
    eq('TKA Transfer staker -> strategy in blocks 1..3', transfers.map((e) => e.args[2]), [100n * E18]);
  }],
];

const failed = await run('ethers', steps);
await ws.destroy();
http.destroy();
process.exit(failed ? 1 : 0);
