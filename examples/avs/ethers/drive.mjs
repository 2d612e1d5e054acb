// Drives the example AVS on a fresh `restake devnet` with ethers 6: the same
// life as examples/avs/drive.sh (cast), written as an AVS team's script would
// be: ContractFactory deployments, typed contract calls, decoded events and
// custom errors. Every expected number follows from the protocol's rules;
// any mismatch is printed and the process exits 1.
// Usage: node examples/avs/ethers/drive.mjs [RPC_URL] [BUILD_DIR]
//   (defaults http://127.0.0.1:8545 and examples/avs/build; ethers is taken
//   from the working directory's node_modules, else tests/js/node_modules)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const ethersEntry = require.resolve("ethers", { paths: [process.cwd(), join(here, "../../../tests/js")] });
const ethersModule = await import(pathToFileURL(ethersEntry).href);
const ethers = ethersModule.ethers ?? ethersModule.default.ethers;

const RPC = process.argv[2] ?? "http://127.0.0.1:8545";
const BUILD = process.argv[3] ?? join(here, "../build");

// ---- the devnet genesis (genesis/devnet.json) ------------------------------
const AM = "0xabe61708FE3b1b18B4A9fB88061d715f1bC1757c";
const DM = "0x86e5731091Fec2486F072c243dbFd26Bbb5ED38E";
const SM = "0xd58da4c0A453d6E94B392c9404c96260B977B888";
const PC = "0x19f2B8DC0CfE0641dF4dd9E5dd7fB78C25c49590";
const TKA = "0x7b759530bc34393C7275cd91C848069947097906";
const STRAT = "0xBfab43aF3dA407a51114813d462f25017462e94a";
const TREASURY = "0x000000000000000000000000000000000000dA05"; // holds no genesis tokens
const VETO_WINDOW = 5n;
const E18 = 10n ** 18n;
const WAD = E18;

// The core's entry points, human-readable ABI (the canonical signatures).
const coreAbi = {
  am: [
    "function updateAVSMetadataURI(address avs, string uri)",
    "function registerForOperatorSets(address operator, (address avs, uint32[] operatorSetIds, bytes data) params)",
    "function deregisterFromOperatorSets((address operator, address avs, uint32[] operatorSetIds) params)",
    "function modifyAllocations(address operator, ((address avs, uint32 id) operatorSet, address[] strategies, uint64[] newMagnitudes)[] params)",
    "function getAVSRegistrar(address avs) view returns (address)",
    "function getOperatorSetCount(address avs) view returns (uint256)",
    "function isRedistributingOperatorSet((address avs, uint32 id) set) view returns (bool)",
    "function getRedistributionRecipient((address avs, uint32 id) set) view returns (address)",
    "function getSlasher((address avs, uint32 id) set) view returns (address)",
    "function isMemberOfOperatorSet(address operator, (address avs, uint32 id) set) view returns (bool)",
    "function getMembers((address avs, uint32 id) set) view returns (address[])",
    "function getAllocation(address operator, (address avs, uint32 id) set, address strategy) view returns ((uint64 currentMagnitude, int128 pendingDiff, uint32 effectBlock))",
    "function getEncumberedMagnitude(address operator, address strategy) view returns (uint64)",
    "function getMaxMagnitude(address operator, address strategy) view returns (uint64)",
    "function getAllocatedStake((address avs, uint32 id) set, address[] operators, address[] strategies) view returns (uint256[][])",
    "function getSlashCount((address avs, uint32 id) set) view returns (uint256)",
    "event AVSMetadataURIUpdated(address indexed avs, string metadataURI)",
    "event OperatorSetCreated((address avs, uint32 id) operatorSet)",
    "event OperatorAddedToOperatorSet(address indexed operator, (address avs, uint32 id) operatorSet)",
    "event OperatorSlashed(address operator, (address avs, uint32 id) operatorSet, address[] strategies, uint256[] wadSlashed, string description)",
    "error InvalidPermissions()",
  ],
  dm: [
    "function registerAsOperator(address initDelegationApprover, uint32 allocationDelay, string metadataURI)",
    "function delegateTo(address operator, (bytes signature, uint256 expiry) approverSignatureAndExpiry, bytes32 approverSalt)",
    "function operatorShares(address operator, address strategy) view returns (uint256)",
    "function getWithdrawableShares(address staker, address[] strategies) view returns (uint256[] withdrawableShares, uint256[] depositShares)",
    "function queueWithdrawals((address[] strategies, uint256[] depositShares, address withdrawer)[] params) returns (bytes32[])",
    "function completeQueuedWithdrawal((address staker, address delegatedTo, address withdrawer, uint256 nonce, uint32 startBlock, address[] strategies, uint256[] scaledShares) withdrawal, address[] tokens, bool receiveAsTokens)",
  ],
  sm: [
    "function depositIntoStrategy(address strategy, address token, uint256 amount) returns (uint256)",
    "function stakerDepositShares(address staker, address strategy) view returns (uint256)",
    "function getBurnOrRedistributableShares((address avs, uint32 id) set, uint256 slashId) view returns (address[], uint256[])",
    "function clearBurnOrRedistributableShares((address avs, uint32 id) set, uint256 slashId) returns (uint256[])",
  ],
  pc: ["function canCall(address account, address caller, address target, bytes4 selector) view returns (bool)"],
  erc20: [
    "function approve(address spender, uint256 amount) returns (bool)",
    "function balanceOf(address) view returns (uint256)",
  ],
};

// ---- checks ------------------------------------------------------------------
let passes = 0;
let fails = 0;
const show = (v) => JSON.stringify(v, (_, x) => (typeof x === "bigint" ? x.toString() : x));
function check(name, expected, actual) {
  const e = show(expected);
  const a = show(actual);
  if (e === a) passes++;
  else {
    fails++;
    console.error(`drive.mjs: FAIL ${name}: expected ${e}, got ${a}`);
  }
}
// A plain array out of an ethers Result (nested), for comparison.
const plain = (r) => (Array.isArray(r) ? Array.from(r, plain) : r);

// An ethers error in one line: its short message and the node's own.
const brief = (e) => [e.shortMessage ?? e.message, e.info?.error?.message].filter(Boolean).join(": ");
async function sent(name, txPromise) {
  try {
    const receipt = await (await txPromise).wait();
    check(name, 1, receipt.status);
    return receipt;
  } catch (e) {
    check(name, "success", brief(e));
    return { logs: [], status: 0, blockNumber: 0 };
  }
}
// The transaction must be refused with exactly this revert data.
async function reverts(name, want, txPromiseFn) {
  try {
    await (await txPromiseFn()).wait();
    check(name, want, "no revert");
  } catch (e) {
    check(name, want, e.data ?? e.info?.error?.data ?? brief(e));
  }
}
const count = (receipt, contract, event) =>
  receipt.logs.filter((l) => l.topics[0] === contract.interface.getEvent(event).topicHash).length;

// Anything unexpected (a view that reverts, a node that went away) ends the
// run with one line instead of ethers' full error object.
process.on("uncaughtException", (e) => {
  console.error(`drive.mjs: FAIL after ${passes} checks: ${brief(e)} ${e.data ?? ""}`);
  process.exit(1);
});

// ---- the chain -------------------------------------------------------------
const provider = new ethers.JsonRpcProvider(RPC, undefined, { staticNetwork: true, cacheTimeout: -1 });
provider.pollingInterval = 50;
const phrase = "test test test test test test test test test test test junk";
const account = (i) =>
  ethers.HDNodeWallet.fromPhrase(phrase, undefined, `m/44'/60'/0'/0/${i}`).connect(provider);
const owner = account(0); // deploys and owns the AVS
const staker = account(1);
const operator = account(2);
const outsider = account(3); // an operator not on the allow-list
const vetoer = account(4);
const appointee = account(5); // acts for the AVS by appointment

const mine = (n) => provider.send("anvil_mine", [ethers.toQuantity(n)]);
const block = () => provider.getBlockNumber();
const core = (addr, abi, signer) => new ethers.Contract(addr, abi, signer ?? provider);
const am = core(AM, coreAbi.am);
const dm = core(DM, coreAbi.dm);
const sm = core(SM, coreAbi.sm);
const pc = core(PC, coreAbi.pc);
const tka = core(TKA, coreAbi.erc20);

check("chain-id", 31337n, (await provider.getNetwork()).chainId);
check("fresh-chain", 0, await block());
check("treasury-empty", 0n, await tka.balanceOf(TREASURY));

// ---- deploy: four contract-creating transactions ----------------------------
async function deploy(name, ...args) {
  const abi = JSON.parse(readFileSync(join(BUILD, `${name}.abi`), "utf8"));
  const bin = readFileSync(join(BUILD, `${name}.bin`), "utf8").trim();
  const runtime = readFileSync(join(BUILD, `${name}.runtime`), "utf8").trim();
  const nonce = await provider.getTransactionCount(owner.address);
  const want = ethers.getCreateAddress({ from: owner.address, nonce });
  const factory = new ethers.ContractFactory(abi, "0x" + bin, owner);
  let receipt;
  try {
    receipt = await (await factory.deploy(...args)).deploymentTransaction().wait();
  } catch (e) {
    console.error(`drive.mjs: FAIL deploy-${name}: ${brief(e)}; nothing after it can run`);
    process.exit(1);
  }
  check(`deploy-${name}`, 1, receipt.status);
  check(`${name}-address`, want, receipt.contractAddress);
  check(`${name}-code-size`, runtime.length / 2, ethers.dataLength(await provider.getCode(want)));
  return new ethers.Contract(want, abi, owner);
}
const avs = await deploy("ServiceManager", AM, PC);
const registrar = await deploy("AllowListRegistrar", AM, avs.target);
const slasher = await deploy("VetoableSlasher", AM, avs.target, vetoer.address, VETO_WINDOW);
const vault = await deploy("RedistributionVault", TREASURY);
check("avs-owner", owner.address, await avs.owner());
check("slasher-window", VETO_WINDOW, await slasher.vetoWindow());
const set0 = { avs: avs.target, id: 0 };
const set1 = { avs: avs.target, id: 1 };
const errData = (contract, error, args = []) => contract.interface.encodeErrorResult(error, args);

// ---- the AVS registers with the core (the ServiceManager calls the AllocationManager)
let r = await sent("avs-metadata", avs.updateAVSMetadataURI("https://example.invalid/restake-avs.json"));
check("avs-metadata-event", 1, count(r, am, "AVSMetadataURIUpdated"));
await reverts("not-owner", errData(avs, "NotOwner", [staker.address]), () =>
  avs.connect(staker).setAVSRegistrar(registrar.target));
await sent("avs-registrar", avs.setAVSRegistrar(registrar.target));
check("avs-registrar", registrar.target, await am.getAVSRegistrar(avs.target));
// Set 0 burns what it slashes; set 1 redistributes to the vault. The slasher contract slashes both.
await sent("create-set-0", avs.createOperatorSet(0, [STRAT], slasher.target));
r = await sent("create-set-1", avs.createRedistributingOperatorSet(1, [STRAT], slasher.target, vault.target));
check("set-created-event", 1, count(r, am, "OperatorSetCreated"));
check("set-count", 2n, await am.getOperatorSetCount(avs.target));
check("set0-redistributing", false, await am.isRedistributingOperatorSet(set0));
check("set1-redistributing", true, await am.isRedistributingOperatorSet(set1));
check("set1-recipient", vault.target, await am.getRedistributionRecipient(set1));
check("set0-slasher", slasher.target, await am.getSlasher(set0));
check("set1-slasher", slasher.target, await am.getSlasher(set1));

// ---- the PermissionController: an appointee acts for the AVS ----------------
const updateSel = am.interface.getFunction("updateAVSMetadataURI").selector;
await reverts("appointee-before", errData(am, "InvalidPermissions"), () =>
  am.connect(appointee).updateAVSMetadataURI(avs.target, "https://example.invalid/v2.json"));
await sent("appoint", avs.appoint(appointee.address, AM, updateSel));
check("can-call", true, await pc.canCall(avs.target, appointee.address, AM, updateSel));
await sent("appointee-after", am.connect(appointee).updateAVSMetadataURI(avs.target, "https://example.invalid/v2.json"));

// ---- operators: the allow-listed one joins both sets, the outsider is refused
await sent("register-operator", dm.connect(operator).registerAsOperator(ethers.ZeroAddress, 1, "https://example.invalid/operator"));
await sent("register-outsider", dm.connect(outsider).registerAsOperator(ethers.ZeroAddress, 1, "https://example.invalid/outsider"));
await sent("allow", registrar.setAllowed(operator.address, true));
r = await sent("join", am.connect(operator).registerForOperatorSets(operator.address, { avs: avs.target, operatorSetIds: [0, 1], data: "0xc0ffee" }));
check("joined-event", 1, count(r, registrar, "OperatorJoined"));
const joined = r.logs.map((l) => registrar.interface.parseLog(l)).find((l) => l?.name === "OperatorJoined");
check("joined-args", [operator.address, [0n, 1n], "0xc0ffee"], plain(joined?.args));
check("added-to-set-events", 2, count(r, am, "OperatorAddedToOperatorSet"));
// The AllocationManager adds the operator to both sets, then calls the registrar.
const order = (receipt) => receipt.logs.map((l) => `${l.address}:${l.topics[0]}`);
const id = (contract, event) => `${contract.target}:${contract.interface.getEvent(event).topicHash}`;
check("join-log-order", [id(am, "OperatorAddedToOperatorSet"), id(am, "OperatorAddedToOperatorSet"), id(registrar, "OperatorJoined")], order(r));
check("sets-joined", 2n, await registrar.setsJoined(operator.address));
check("member-0", true, await am.isMemberOfOperatorSet(operator.address, set0));
check("member-1", true, await am.isMemberOfOperatorSet(operator.address, set1));
// The registrar's custom error comes back unchanged through the AllocationManager.
await reverts("outsider-refused", errData(registrar, "OperatorNotAllowed", [outsider.address]), () =>
  am.connect(outsider).registerForOperatorSets(outsider.address, { avs: avs.target, operatorSetIds: [1], data: "0x" }));
check("outsider-not-member", false, await am.isMemberOfOperatorSet(outsider.address, set1));
check("members-1", [operator.address], plain(await am.getMembers(set1)));

// ---- the staker deposits 100 TKA and delegates -------------------------------
// First deposit into an empty strategy: shares = amount * (0 + 1e3) / (0 + 1e3).
await sent("approve", tka.connect(staker).approve(SM, 100n * E18));
await sent("deposit", sm.connect(staker).depositIntoStrategy(STRAT, TKA, 100n * E18));
check("deposit-shares", 100n * E18, await sm.stakerDepositShares(staker.address, STRAT));
await sent("delegate", dm.connect(staker).delegateTo(operator.address, { signature: "0x", expiry: 0 }, ethers.ZeroHash));
check("operator-shares", 100n * E18, await dm.operatorShares(operator.address, STRAT));

// ---- allocate 2e17 of the magnitude to set 0 and 5e17 to set 1 ---------------
// The allocation delay of 1 block (set at registration) makes both effective a block later.
r = await sent("allocate", am.connect(operator).modifyAllocations(operator.address, [
  { operatorSet: set0, strategies: [STRAT], newMagnitudes: [2n * WAD / 10n] },
  { operatorSet: set1, strategies: [STRAT], newMagnitudes: [5n * WAD / 10n] },
]));
check("allocation-pending", [0n, 5n * WAD / 10n, BigInt(r.blockNumber + 1)], plain(await am.getAllocation(operator.address, set1, STRAT)));
await mine(1);
// A slash must land in block 11 or later: the DelegationManager looks
// MIN_WITHDRAWAL_DELAY_BLOCKS + 1 = 11 blocks back in its withdrawal history.
check("old-enough-to-slash", true, (await block()) >= 11);
check("allocation-effective", [5n * WAD / 10n, 0n, 0n], plain(await am.getAllocation(operator.address, set1, STRAT)));
check("encumbered", 7n * WAD / 10n, await am.getEncumberedMagnitude(operator.address, STRAT));
// Allocated stake = operator shares * allocated magnitude / max magnitude.
const stake = async (set) => plain(await am.getAllocatedStake(set, [operator.address], [STRAT]));
check("stake-before", [[[20n * E18]], [[50n * E18]]], [await stake(set0), await stake(set1)]);

// ---- slash request 1: queued, then vetoed -------------------------------------
const params = { operator: operator.address, operatorSetId: 1, strategies: [STRAT], wadsToSlash: [5n * WAD / 10n], description: "double signing" };
r = await sent("queue-1", slasher.queueSlash(params));
const deadline1 = BigInt(r.blockNumber) + VETO_WINDOW;
check("queued-1", [await slasher.hashParams(params), deadline1, 1n, 0n], plain(await slasher.requests(1)));
await reverts("veto-by-owner", errData(slasher, "NotVetoer", [owner.address]), () => slasher.veto(1));
r = await sent("veto-1", slasher.connect(vetoer).veto(1));
check("vetoed-event", 1, count(r, slasher, "SlashVetoed"));
await mine(Number(VETO_WINDOW));
await reverts("fulfil-vetoed", errData(slasher, "NotQueued", [1, 2]), () => slasher.connect(staker).fulfil(1, params));
check("no-slash-yet", 0n, await am.getSlashCount(set1));

// ---- slash request 2: queued, the window passes, anyone fulfils it ------------
r = await sent("queue-2", slasher.queueSlash(params));
const deadline2 = BigInt(r.blockNumber) + VETO_WINDOW;
await reverts("fulfil-early", errData(slasher, "VetoWindowOpen", [2, deadline2]), () => slasher.connect(staker).fulfil(2, params));
await mine(Number(deadline2) - (await block()));
check("at-deadline", Number(deadline2), await block());
// The veto transaction would land in deadline + 1: too late.
await reverts("veto-late", errData(slasher, "VetoWindowClosed", [2, deadline2]), () => slasher.connect(vetoer).veto(2));
await reverts("fulfil-other-params", errData(slasher, "ParamsMismatch", [2]), () =>
  slasher.connect(staker).fulfil(2, { ...params, wadsToSlash: [6n * WAD / 10n] }));
// Slashed magnitude = 5e17 * 0.5 (rounded up) = 2.5e17, so max magnitude
// 1e18 -> 7.5e17 and the operator's 100 shares lose 100 - 100*7.5e17/1e18 = 25.
// A preview as the next block: at the head block (the deadline) the window is still open.
const preview = await slasher.connect(staker).fulfil.staticCall(2, params, { blockTag: "pending" });
check("fulfil-preview", [1n, [25n * E18]], plain(preview));
r = await sent("fulfil-2", slasher.connect(staker).fulfil(2, params));
const fulfilled = r.logs.map((l) => slasher.interface.parseLog(l)).find((l) => l?.name === "SlashFulfilled");
check("fulfilled-event", [2n, 1n, [25n * E18]], plain(fulfilled?.args));
check("operator-slashed-event", 1, count(r, am, "OperatorSlashed"));
const slashed = r.logs.map((l) => am.interface.parseLog(l)).find((l) => l?.name === "OperatorSlashed");
check("operator-slashed-args", [operator.address, [avs.target, 1n], [STRAT], [25n * WAD / 100n], "double signing"], plain(slashed?.args));
// One receipt, emission order: the core's logs, OperatorSlashed last of them, then the slasher's own.
check("fulfil-log-order", [id(am, "OperatorSlashed"), id(slasher, "SlashFulfilled")], order(r).slice(-2));
check("fulfilled-request", [3n, 1n], plain(await slasher.requests(2)).slice(2));
check("slash-count", 1n, await am.getSlashCount(set1));
check("max-magnitude", 75n * WAD / 100n, await am.getMaxMagnitude(operator.address, STRAT));
check("allocation-after", [25n * WAD / 100n, 0n, 0n], plain(await am.getAllocation(operator.address, set1, STRAT)));
check("operator-shares-after", 75n * E18, await dm.operatorShares(operator.address, STRAT));
// Allocated stake = shares * (magnitude / max magnitude), the proportion
// floored to 18 decimals first: 75e18 * 0.266666666666666666 for set 0 (its
// allocation untouched) and 75e18 * 0.333333333333333333 for set 1.
const proportion = (magnitude) => (magnitude * WAD) / (75n * WAD / 100n);
check("stake-proportions", [266666666666666666n, 333333333333333333n], [proportion(2n * WAD / 10n), proportion(25n * WAD / 100n)]);
check("stake-after", [[[20n * E18 - 50n]], [[25n * E18 - 25n]]], [await stake(set0), await stake(set1)]);
check("withdrawable", [[75n * E18], [100n * E18]], plain(await dm.getWithdrawableShares(staker.address, [STRAT])));
check("redistributable", [[STRAT], [25n * E18]], plain(await sm.getBurnOrRedistributableShares(set1, 1)));

// ---- clear the slash to the vault, forward it to the treasury ----------------
// The strategy holds 100 TKA for 100 shares: 25 shares are worth exactly 25 TKA.
await sent("clear", sm.connect(staker).clearBurnOrRedistributableShares(set1, 1));
check("vault-balance", 25n * E18, await tka.balanceOf(vault.target));
check("strategy-balance", 75n * E18, await tka.balanceOf(STRAT));
check("cleared", [[], []], plain(await sm.getBurnOrRedistributableShares(set1, 1)));
r = await sent("forward", vault.connect(staker).forward(TKA));
const fwd = r.logs.map((l) => vault.interface.parseLog(l)).find((l) => l?.name === "Forwarded");
check("forwarded-event", [TKA, TREASURY, 25n * E18], plain(fwd?.args));
check("treasury-balance", 25n * E18, await tka.balanceOf(TREASURY));
check("vault-empty", 0n, await tka.balanceOf(vault.target));
check("forwarded-total", 25n * E18, await vault.forwarded(TKA));
await reverts("forward-nothing", errData(vault, "NothingToForward", [TKA]), () => vault.connect(staker).forward(TKA));

// ---- the operator leaves set 0: the registrar hears of it ---------------------
r = await sent("leave", am.connect(operator).deregisterFromOperatorSets({ operator: operator.address, avs: avs.target, operatorSetIds: [0] }));
check("left-event", 1, count(r, registrar, "OperatorLeft"));
check("sets-joined-after", 1n, await registrar.setsJoined(operator.address));

// ---- the staker withdraws everything: 100 deposit shares are 75 TKA now -------
r = await sent("queue-withdrawal", dm.connect(staker).queueWithdrawals([{ strategies: [STRAT], depositShares: [100n * E18], withdrawer: staker.address }]));
const start = r.blockNumber;
check("operator-shares-queued", 0n, await dm.operatorShares(operator.address, STRAT));
await mine(10);
const withdrawal = { staker: staker.address, delegatedTo: operator.address, withdrawer: staker.address, nonce: 0, startBlock: start, strategies: [STRAT], scaledShares: [100n * E18] };
await sent("complete", dm.connect(staker).completeQueuedWithdrawal(withdrawal, [TKA], true));
check("staker-tokens", 999_975n * E18, await tka.balanceOf(staker.address));
check("staker-shares", [[0n], [0n]], plain(await dm.getWithdrawableShares(staker.address, [STRAT])));
check("strategy-final", 0n, await tka.balanceOf(STRAT));

console.log(`drive.mjs: ${passes} checks passed, ${fails} failed`);
provider.destroy();
process.exit(fails === 0 ? 0 : 1);
