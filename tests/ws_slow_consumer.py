# A websocket client that asks for a lot and reads nothing (tests/ws_protocol.mjs
# runs it): a small receive buffer, 80 messages whose answers total ~80 MB,
# then a pause; afterwards it reads everything that arrived and prints the
# close frame it found last as JSON ([code, reason], or null).
# Usage: python3 tests/ws_slow_consumer.py PORT PAUSE_SECONDS
import base64, json, os, socket, struct, sys, time

port, pause = int(sys.argv[1]), float(sys.argv[2])
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.connect(("127.0.0.1", port))
key = base64.b64encode(os.urandom(16)).decode()
s.sendall(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: %s\r\n\r\n" % key).encode())
head = b""
while b"\r\n\r\n" not in head:
    head += s.recv(1)
assert head.split(b" ")[1] == b"101", head

def frame(payload):
    mask = os.urandom(4)
    n = len(payload)
    hdr = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0xFE]) + struct.pack(">H", n) if n < 65536
                           else bytes([0xFF]) + struct.pack(">Q", n))
    return hdr + mask + bytes(b ^ mask[i & 3] for i, b in enumerate(payload))

ident = "x" * 10000  # answers echo their ids: 100 x 10 KB per message
batch = json.dumps([{"jsonrpc": "2.0", "id": ident + str(i), "method": "eth_chainId", "params": []} for i in range(100)])
msg = frame(batch.encode())
for _ in range(80):
    s.sendall(msg)
print("sent", flush=True)
time.sleep(pause)
data = b""
s.settimeout(20)
try:
    while True:
        d = s.recv(1 << 20)
        if not d:
            break
        data += d
except (socket.timeout, ConnectionResetError):
    pass
last = None
i = 0
while i + 2 <= len(data):
    n, off = data[i + 1] & 127, 2
    if n == 126:
        n, off = struct.unpack(">H", data[i + 2:i + 4])[0], 4
    elif n == 127:
        n, off = struct.unpack(">Q", data[i + 2:i + 10])[0], 10
    if i + off + n > len(data):
        break
    if data[i] & 15 == 8:
        p = data[i + off:i + off + n]
        last = [struct.unpack(">H", p[:2])[0], p[2:].decode()]
    i += off + n
print(json.dumps(last), flush=True)
