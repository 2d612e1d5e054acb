// WebSocket figures against a running devnet (bench/ws_latency.sh starts one):
// eth_blockNumber pipelined on one connection and sequential round trips,
// and the time from anvil_mine (sent on a second connection) to the newHeads
// notification on the first.
// Usage: node bench/ws_latency.mjs PORT
import WebSocket from '../tests/js/node_modules/ws/index.js';
const port = process.argv[2];
const ws = new WebSocket(`ws://127.0.0.1:${port}`);
await new Promise((r) => ws.on('open', r));
const pending = new Map();
ws.on('message', (m) => { const o = JSON.parse(m); if (o.id !== undefined && pending.has(o.id)) { pending.get(o.id)(o); pending.delete(o.id); } else if (o.method) onNote(o); });
let id = 0;
const call = (method, params = []) => new Promise((r) => { const i = ++id; pending.set(i, r); ws.send(JSON.stringify({ jsonrpc: '2.0', id: i, method, params })); });
let t = Date.now(); const N = 20000;
await Promise.all(Array.from({ length: N }, () => call('eth_blockNumber')));
console.log(`ws pipelined eth_blockNumber: ${Math.round(N / ((Date.now() - t) / 1000))}/s`);
t = Date.now(); for (let i = 0; i < 2000; i++) await call('eth_blockNumber');
console.log(`ws sequential round trip: ${((Date.now() - t) / 2000).toFixed(3)} ms`);
// newHeads latency: anvil_mine sent on a second socket, time until the notification
let got; const lat = [];
function onNote(o) { if (got) got(); }
await call('eth_subscribe', ['newHeads']);
const ws2 = new WebSocket(`ws://127.0.0.1:${port}`); await new Promise((r) => ws2.on('open', r));
for (let i = 0; i < 200; i++) { const t0 = process.hrtime.bigint(); const p = new Promise((r) => { got = r; }); ws2.send('{"jsonrpc":"2.0","id":1,"method":"anvil_mine","params":["0x1"]}'); await p; lat.push(Number(process.hrtime.bigint() - t0) / 1e6); }
lat.sort((a, b) => a - b);
console.log(`anvil_mine -> newHeads notification: p50 ${lat[100].toFixed(2)} ms, p99 ${lat[198].toFixed(2)} ms`);
process.exit(0);
