// The websocket server's protocol and limits, spoken byte by byte over raw
// TCP (node's net module only): the RFC 6455 handshake and its refusals,
// requests in fragmented frames and in batches, ping/pong, subscription
// bookkeeping and errors, protocol violations closed with their codes, the
// per-connection subscription limit, the per-address connection limit, and a
// slow consumer closed (1008) while another connection's transactions are
// mined without delay.
// Usage: node tests/ws_protocol.mjs PORT
import net from 'node:net';
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';

const PORT = Number(process.argv[2]);
let fails = 0, passes = 0;
const show = (v) => JSON.stringify(v);
function eq(what, got, want) {
  if (show(got) === show(want)) passes++;
  else { fails++; console.error(`ws_protocol: FAIL ${what}: expected ${show(want)}, got ${show(got)}`); }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function frame(op, payload, { fin = true, mask = true } = {}) {
  const p = Buffer.from(payload);
  const n = p.length;
  const head = [(fin ? 0x80 : 0) | op];
  const m = mask ? 0x80 : 0;
  if (n < 126) head.push(m | n);
  else if (n < 65536) head.push(m | 126, n >> 8, n & 255);
  else { head.push(m | 127, 0, 0, 0, 0); const b = Buffer.alloc(4); b.writeUInt32BE(n); head.push(...b); }
  if (!mask) return Buffer.concat([Buffer.from(head), p]);
  const key = crypto.randomBytes(4);
  const body = Buffer.from(p.map((c, i) => c ^ key[i & 3]));
  return Buffer.concat([Buffer.from(head), key, body]);
}

// A raw connection: the HTTP answer to the upgrade, then server frames.
class Conn {
  constructor(headers = {}) {
    this.sock = net.connect(PORT, '127.0.0.1');
    this.buf = Buffer.alloc(0);
    this.frames = [];
    this.waiters = [];
    this.closed = false;
    this.status = null;
    this.headers = {};
    this.ready = new Promise((resolve) => { this.onHead = resolve; });
    this.sock.on('data', (d) => this.feed(d));
    this.sock.on('close', () => { this.closed = true; this.wake(); this.onHead(); });
    this.sock.on('error', () => {});
    const key = headers.key === undefined ? crypto.randomBytes(16).toString('base64') : headers.key;
    const lines = ['GET / HTTP/1.1', `Host: 127.0.0.1:${PORT}`, 'Upgrade: websocket', 'Connection: Upgrade',
      `Sec-WebSocket-Version: ${headers.version || 13}`];
    if (key) lines.push(`Sec-WebSocket-Key: ${key}`);
    if (headers.origin) lines.push(`Origin: ${headers.origin}`);
    this.sock.write(lines.join('\r\n') + '\r\n\r\n');
  }
  feed(d) {
    this.buf = Buffer.concat([this.buf, d]);
    if (this.status === null) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = this.buf.subarray(0, end).toString().split('\r\n');
      this.status = Number(head[0].split(' ')[1]);
      for (const l of head.slice(1)) { const i = l.indexOf(':'); this.headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim(); }
      this.buf = this.buf.subarray(end + 4);
      if (this.status !== 101) { this.body = this.buf.toString(); }
      this.onHead();
      if (this.status !== 101) return;
    }
    for (;;) {
      if (this.buf.length < 2) break;
      let n = this.buf[1] & 127, off = 2;
      if (n === 126) { if (this.buf.length < 4) break; n = this.buf.readUInt16BE(2); off = 4; }
      else if (n === 127) { if (this.buf.length < 10) break; n = Number(this.buf.readBigUInt64BE(2)); off = 10; }
      if (this.buf.length < off + n) break;
      const op = this.buf[0] & 15, data = this.buf.subarray(off, off + n);
      if (op === 9) { this.sock.write(frame(10, data)); this.pings = (this.pings || 0) + 1; } // the server's liveness ping
      else this.frames.push({ op, data });
      this.buf = this.buf.subarray(off + n);
    }
    this.wake();
  }
  wake() { const w = this.waiters; this.waiters = []; w.forEach((f) => f()); }
  async next(pred = () => true, ms = 5000) {
    const end = Date.now() + ms;
    for (;;) {
      const i = this.frames.findIndex(pred);
      if (i >= 0) return this.frames.splice(i, 1)[0];
      if (this.closed || Date.now() > end) return null;
      await new Promise((r) => { this.waiters.push(r); setTimeout(r, 50); });
    }
  }
  async json(pred = () => true, ms) {
    const f = await this.next((f) => f.op === 1 && pred(JSON.parse(f.data)), ms);
    return f ? JSON.parse(f.data) : null;
  }
  send(obj) { this.sock.write(frame(1, JSON.stringify(obj))); }
  async call(id, method, params = []) {
    this.send({ jsonrpc: '2.0', id, method, params });
    return this.json((m) => m.id === id);
  }
  end() { this.sock.destroy(); }
}

const closeFrame = (f) => f && f.op === 8 ? [f.data.readUInt16BE(0), f.data.subarray(2).toString()] : null;

// --- a subscriber that only answers pings, checked at the end (past the HTTP idle timeout)
const idle = new Conn();
await idle.ready;
const idleSince = Date.now();
const idleSub = (await idle.call(1, 'eth_subscribe', ['newHeads'])).result;

// --- handshake
{
  const c = new Conn({ key: 'dGhlIHNhbXBsZSBub25jZQ==' }); // RFC 6455 1.3's example key
  await c.ready;
  eq('handshake status', c.status, 101);
  eq('handshake accept (RFC 6455 1.3)', c.headers['sec-websocket-accept'], 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  eq('handshake upgrade header', c.headers['upgrade'], 'websocket');
  eq('eth_chainId over ws', await c.call(1, 'eth_chainId'), { jsonrpc: '2.0', id: 1, result: '0x7a69' });
  // one request in three fragments, a ping in between
  const text = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'eth_blockNumber', params: [] });
  c.sock.write(Buffer.concat([frame(1, text.slice(0, 10), { fin: false }), frame(9, 'are you there'),
    frame(0, text.slice(10, 20), { fin: false }), frame(0, text.slice(20))]));
  const pong = await c.next((f) => f.op === 10);
  eq('pong echoes the ping', pong && pong.data.toString(), 'are you there');
  eq('fragmented request', await c.json((m) => m.id === 2), { jsonrpc: '2.0', id: 2, result: '0x0' });
  // a batch mixing a node method and a subscription
  c.send([{ jsonrpc: '2.0', id: 3, method: 'eth_chainId', params: [] }, { jsonrpc: '2.0', id: 4, method: 'eth_subscribe', params: ['newHeads'] }]);
  const batch = await c.json((m) => Array.isArray(m));
  eq('batch answers', batch && [batch.length, batch[0].result, /^0x[0-9a-f]{32}$/.test(batch[1].result)], [2, '0x7a69', true]);
  eq('unknown subscription', (await c.call(5, 'eth_subscribe', ['syncing'])).error,
     { code: -32601, message: 'no "syncing" subscription in eth namespace' });
  eq('logs filter with a bad address', (await c.call(6, 'eth_subscribe', ['logs', { address: '0x12' }])).error,
     { code: -32602, message: 'invalid params: address' });
  eq('full pending transactions', (await c.call(7, 'eth_subscribe', ['newPendingTransactions', true])).error.code, -32602);
  eq('unsubscribe an unknown id', (await c.call(8, 'eth_unsubscribe', ['0x1234'])).result, false);
  eq('unsubscribe newHeads', (await c.call(9, 'eth_unsubscribe', [batch[1].result])).result, true);
  eq('unsubscribe it twice', (await c.call(10, 'eth_unsubscribe', [batch[1].result])).result, false);
  // subscriptions per connection
  let ok = 0, last = null;
  for (let i = 0; i < 129; i++) {
    const r = await c.call(100 + i, 'eth_subscribe', ['logs', { address: '0x000000000000000000000000000000000000dEaD' }]);
    if (r.result) ok++; else last = r.error;
  }
  eq('subscriptions accepted', ok, 128);
  eq('the 129th subscription', last, { code: -32005, message: 'too many subscriptions on this connection (max 128)' });
  // a client close is answered with the same code
  c.sock.write(frame(8, Buffer.from([0x03, 0xe8])));
  eq('close answered', closeFrame(await c.next((f) => f.op === 8)), [1000, '']);
  c.end();
}
{
  const c = new Conn({ version: 8 });
  await c.ready;
  eq('version 8 refused', [c.status, c.headers['sec-websocket-version']], [426, '13']);
  c.end();
  const k = new Conn({ key: '' });
  await k.ready;
  eq('no key refused', k.status, 400);
  k.end();
  const o = new Conn({ origin: 'http://evil.example' });
  await o.ready;
  eq('a browser page of another origin refused', [o.status, JSON.parse(o.body).error.message],
     [403, 'websocket: this Origin is not allowed (see --allow-origin)']);
  o.end();
}
// --- protocol violations close the connection with their code
for (const [what, bytes, want] of [
  ['unmasked frame', Buffer.from([0x81, 0x02, 0x68, 0x69]), [1002, "a client's frames must be masked"]],
  ['invalid UTF-8 text', frame(1, Buffer.from([0xc0, 0x80])), [1007, 'text message is not UTF-8']],
  ['a frame over the size limit', Buffer.from([0x82, 0xff, 0, 0, 0, 0, 0x10, 0, 0, 0, 1, 2, 3, 4]), [1009, 'frame larger than the server accepts']],
]) {
  const c = new Conn();
  await c.ready;
  c.sock.write(bytes);
  eq(what, closeFrame(await c.next((f) => f.op === 8)), want);
  await c.next(() => false, 2000);
  eq(`${what}: connection closed`, c.closed, true);
  c.end();
}
// --- connections per address (loopback included)
{
  const conns = [];
  for (let i = 0; i < 127; i++) conns.push(new Conn()); // with the idle subscriber: 128
  await Promise.all(conns.map((c) => c.ready));
  eq('127 more connections upgraded', conns.filter((c) => c.status === 101).length, 127);
  const extra = new Conn();
  await extra.ready;
  eq('the 129th connection', [extra.status, extra.body && JSON.parse(extra.body).error.message],
     [429, 'too many websocket connections from this address']);
  extra.end();
  conns.forEach((c) => c.end());
  await sleep(500);
}
// --- a slow consumer is closed; the miner and other connections go on
{
  const fast = new Conn();
  await fast.ready;
  eq('fast: newHeads', /^0x/.test((await fast.call(1, 'eth_subscribe', ['newHeads'])).result), true);
  const slow = spawn('python3', [new URL('./ws_slow_consumer.py', import.meta.url).pathname, String(PORT), '2']);
  let out = '';
  slow.stdout.on('data', (d) => { out += d; });
  const done = new Promise((r) => slow.on('close', r));
  while (!out.includes('sent')) await sleep(50);
  const t0 = Date.now();
  const sent = await fast.call(3, 'eth_sendTransaction', [{ from: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', to: '0x000000000000000000000000000000000000dEaD', value: '0x1' }]);
  eq('fast: a transaction while the slow one is stuck', /^0x[0-9a-f]{64}$/.test(sent.result), true);
  const head = await fast.json((m) => m.method === 'eth_subscription' && m.params.result.number === '0x1', 10000);
  eq('fast: its block announced', head && head.params.result.number, '0x1');
  console.log(`ws_protocol: transaction answered and announced in ${Date.now() - t0} ms while a consumer was stuck`);
  await done;
  eq('slow consumer closed', JSON.parse(out.split('\n')[1]), [1008, 'outbound queue full: the client reads too slowly']);
  eq('fast: still served', (await fast.call(4, 'eth_chainId')).result, '0x7a69');
  fast.end();
}
{
  // 75 s after it subscribed: two server pings answered, still open, still notified
  while (Date.now() - idleSince < 75000) await sleep(500);
  const c = new Conn();
  await c.ready;
  await c.call(1, 'anvil_mine', ['0x1']);
  const note = await idle.json((m) => m.method === 'eth_subscription');
  eq('a silent subscriber answering pings: pings, still notified', [idle.pings, note && note.params.subscription], [2, idleSub]);
  c.end();
  idle.end();
}
console.log(fails ? `ws_protocol: ${fails} of ${fails + passes} checks failed` : `ws_protocol: ok (${passes} checks)`);
process.exit(fails ? 1 : 0);
