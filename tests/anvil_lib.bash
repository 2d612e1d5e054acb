# Shared by the anvil-parity shell tests (sourced, not a test itself): start a
# devnet on a free port, JSON-RPC calls, exact checks.
# Before sourcing: NAME (the test's name), RESTAKE (the binary).
. "$(dirname "${BASH_SOURCE[0]}")/lib/node.sh"
CHECK_NAME=$NAME
. "$(dirname "${BASH_SOURCE[0]}")/lib/check.sh"
CAST=${CAST:-$(command -v cast || true)}
# The system python when there is one: version-manager shims cost seconds per start on a loaded machine.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
python3() { "$PY" "$@"; }
NODE=
LOG=$(mktemp "/tmp/restake_$NAME.XXXXXX")
stop_node() { NODE_PID=$NODE; node_stop; NODE=; }  # a test that stopped $NODE itself empties it
trap 'stop_node; [ "$FAILS" = 0 ] && rm -f "$LOG"' EXIT
start_node() { # extra devnet flags...: sets NODE, PORT and R (the URL)
  stop_node
  node_start "$LOG" "$RESTAKE" devnet --quiet "$@" || exit 1
  NODE=$NODE_PID PORT=$NODE_PORT R=$NODE_URL
}
# rpc METHOD PARAMS: the result as compact JSON, or "error CODE MESSAGE".
rpc() {
  curl -s -H 'content-type: application/json' \
    -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":${2:-[]}}" "$R" |
    python3 -c 'import json, sys
r = json.load(sys.stdin)
if "error" in r: print("error", r["error"]["code"], r["error"]["message"])
else: print(json.dumps(r["result"], separators=(",", ":"), ensure_ascii=False))'
}
# jget JSON EXPR: a python expression over the parsed value v.
jget() { python3 -c "import json, sys; v = json.loads(sys.argv[1]); print($2)" "$1"; }
finish() {
  if [ "$FAILS" = 0 ]; then echo "$NAME: ok ($PASSES checks)"; exit 0; fi
  echo "$NAME: $FAILS of $((FAILS + PASSES)) checks failed" >&2
  exit 1
}
# Dev accounts of the test mnemonic.
ACC=(0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 0x70997970C51812dc3A010C7d01b50e0d17dc79C8
     0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC 0x90F79bf6EB2c4f870365E785982E1f101E93b906
     0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65 0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc
     0x976EA74026E726554dB657fA54763abd0C3a0aa9 0x14dC79964da2C08b23698B3D3cc7Ca32193d9955
     0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f 0xa0Ee7A142d267C1f36714E4a8F75612F20a79720)
KEY=(0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
     0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d
     0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a
     0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6
     0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a
     0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba
     0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e
     0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356
     0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97
     0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6)
SM=0xd58da4c0A453d6E94B392c9404c96260B977B888
DM=0x86e5731091Fec2486F072c243dbFd26Bbb5ED38E
AM=0xabe61708FE3b1b18B4A9fB88061d715f1bC1757c
TKA=0x7b759530bc34393C7275cd91C848069947097906
STRAT=0xBfab43aF3dA407a51114813d462f25017462e94a
REGISTRAR=0x836F1364fd3746ebD15A005006a34C43F4AE6e43
E18=000000000000000000
# send KEY TO SIG ARGS...: cast send; prints the receipt status (0x1 / 0x0) and gasUsed
send() {
  local key=$1; shift
  "$CAST" send -r "$R" --private-key "$key" "$@" --json 2>&1 |
    python3 -c 'import json, sys
t = sys.stdin.read()
try: r = json.loads(t); print(r["status"], int(r["gasUsed"], 16), int(r["blockNumber"], 16))
except Exception: print("failed", t.strip().splitlines()[-1][:300] if t.strip() else "")'
}
