#!/usr/bin/env bash
# Compiles the example AVS with solc from npm (solcjs, standard JSON: the
# command-line mode cannot choose an EVM version) for the Cancun EVM, with the
# optimizer at 200 runs. Writes, per contract, into OUT (default
# examples/avs/build): <Name>.bin (creation code, hex), <Name>.runtime (the
# runtime code it deploys, hex, immutables zeroed) and <Name>.abi (JSON).
# Usage: examples/avs/build.sh [OUT]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:-$here/build}
for tool in solcjs node; do
  command -v "$tool" >/dev/null || { echo "build.sh: $tool not found (npm install -g solc; node 20)" >&2; exit 127; }
done
mkdir -p "$out"
node - "$here/contracts" "$out" "$(command -v solcjs)" <<'JS'
const fs = require("fs"), path = require("path"), { execFileSync } = require("child_process");
const [src, out, solcjs] = process.argv.slice(2);
const sources = {};
for (const f of fs.readdirSync(src).filter((f) => f.endsWith(".sol")).sort())
  sources[f] = { content: fs.readFileSync(path.join(src, f), "utf8") };
const input = {
  language: "Solidity",
  sources,
  settings: {
    evmVersion: "cancun",
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
  },
};
const text = execFileSync(solcjs, ["--standard-json", "--base-path", src], {
  input: JSON.stringify(input), maxBuffer: 64 << 20 }).toString();
// solcjs may print a notice line (no SMT solver) before the JSON.
const res = JSON.parse(text.slice(text.indexOf("\n{") + 1 || 0));
const errors = (res.errors || []).filter((e) => e.severity === "error");
for (const e of res.errors || []) process.stderr.write(e.formattedMessage || e.message);
if (errors.length) process.exit(1);
let n = 0;
for (const file of Object.keys(res.contracts))
  for (const [name, c] of Object.entries(res.contracts[file])) {
    if (!c.evm.bytecode.object) continue; // interfaces
    fs.writeFileSync(path.join(out, name + ".bin"), c.evm.bytecode.object + "\n");
    fs.writeFileSync(path.join(out, name + ".runtime"), c.evm.deployedBytecode.object + "\n");
    fs.writeFileSync(path.join(out, name + ".abi"), JSON.stringify(c.abi) + "\n");
    console.log(`${name}: ${c.evm.bytecode.object.length / 2} bytes of creation code, ${c.evm.deployedBytecode.object.length / 2} of runtime code`);
    n++;
  }
if (n !== 4) { console.error(`build.sh: expected 4 contracts, compiled ${n}`); process.exit(1); }
JS
