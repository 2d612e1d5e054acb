#!/usr/bin/env python3
"""Holds silent and slowloris connections against a JSON-RPC node while a
well-behaved client measures eth_blockNumber latency.

usage: slow_clients.py PORT SILENT SLOWLORIS SECONDS
Silent sockets connect and send nothing; slowloris ones send a request's
headers a byte at a time, one byte per second each. Both reconnect when the
node closes them (as an attacker would). Prints one line of figures and
exits 1 when a well-behaved request failed or took over 1 s."""
import http.client
import selectors
import socket
import sys
import time

port, nsilent, nslow, seconds = (int(a) for a in sys.argv[1:5])
HEADER = b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + b"X-Slow: " + b"a" * 4000
sel = selectors.DefaultSelector()
conns = {}  # socket -> [kind, bytes sent]
reconnects = 0


def open_one(kind):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    try:
        s.connect_ex(("127.0.0.1", port))
    except OSError:
        s.close()
        return False
    conns[s] = [kind, 0]
    sel.register(s, selectors.EVENT_READ)
    return True


def drop(s):
    global reconnects
    kind = conns.pop(s)[0]
    sel.unregister(s)
    s.close()
    reconnects += 1
    open_one(kind)


for _ in range(nsilent):
    open_one("silent")
for _ in range(nslow):
    open_one("slow")
opened = len(conns)

lat, failed = [], 0
end = time.monotonic() + seconds
next_byte = time.monotonic()
next_probe = time.monotonic() + 1.0
body = '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}'
while time.monotonic() < end:
    for key, _ in sel.select(timeout=0.02):
        s = key.fileobj
        try:
            data = s.recv(4096)
        except (BlockingIOError, InterruptedError):
            continue
        except OSError:
            data = b""
        if not data:
            drop(s)
    now = time.monotonic()
    if now >= next_byte:
        next_byte = now + 1.0
        for s, st in list(conns.items()):
            if st[0] != "slow" or st[1] >= len(HEADER):
                continue
            try:
                st[1] += s.send(HEADER[st[1]:st[1] + 1])
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                drop(s)
    if now >= next_probe:
        next_probe = now + 0.1
        t0 = time.monotonic()
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("POST", "/", body, {"Content-Type": "application/json"})
            ok = b'"result"' in c.getresponse().read()
            c.close()
        except OSError:
            ok = False
        if ok:
            lat.append(time.monotonic() - t0)
        else:
            failed += 1

lat.sort()
def pct(p):
    return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else float("nan")
print(f"held {opened} sockets ({nsilent} silent, {nslow} slowloris; {reconnects} reconnects after the node "
      f"closed them) for {seconds}s: eth_blockNumber {len(lat)} ok, {failed} failed, latency ms p50 {pct(0.5):.2f} "
      f"p99 {pct(0.99):.2f} max {pct(1.0):.2f}")
sys.exit(0 if failed == 0 and lat and lat[-1] < 1.0 else 1)
