// Shared by the client suites: the devnet preset's accounts and contract
// addresses (genesis/devnet.json), the ABI fragments they call, and exact
// checks that name what differed.
export const ACC = [
  '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', '0x90F79bf6EB2c4f870365E785982E1f101E93b906',
  '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65', '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
  '0x976EA74026E726554dB657fA54763abd0C3a0aa9', '0x14dC79964da2C08b23698B3D3cc7Ca32193d9955',
  '0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f', '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720',
];
export const KEY = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
  '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba',
  '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e',
  '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356',
  '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97',
  '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6',
];
export const SM = '0xd58da4c0A453d6E94B392c9404c96260B977B888';
export const DM = '0x86e5731091Fec2486F072c243dbFd26Bbb5ED38E';
export const TKA = '0x7b759530bc34393C7275cd91C848069947097906';
export const STRAT = '0xBfab43aF3dA407a51114813d462f25017462e94a';
export const ZERO = '0x0000000000000000000000000000000000000000';
export const ZERO32 = '0x' + '00'.repeat(32);
export const E18 = 10n ** 18n;
export const GWEI = 10n ** 9n;
export const CHAIN_ID = 31337;

export const ERC20_ABI = [
  'function approve(address spender, uint256 amount) returns (bool)',
  'function balanceOf(address owner) view returns (uint256)',
  'function transfer(address to, uint256 amount) returns (bool)',
  'event Transfer(address indexed from, address indexed to, uint256 value)',
];
export const SM_ABI = [
  'function depositIntoStrategy(address strategy, address token, uint256 amount) returns (uint256)',
  'function stakerDepositShares(address staker, address strategy) view returns (uint256)',
  'event Deposit(address staker, address strategy, uint256 shares)',
];
export const DM_ABI = [
  'function registerAsOperator(address initDelegationApprover, uint32 allocationDelay, string metadataURI)',
  'function delegateTo(address operator, (bytes signature, uint256 expiry) approverSignatureAndExpiry, bytes32 approverSalt)',
  'function delegatedTo(address staker) view returns (address)',
  'function queueWithdrawals((address[] strategies, uint256[] depositShares, address withdrawer)[] params) returns (bytes32[])',
  'function getQueuedWithdrawals(address staker) view returns ((address staker, address delegatedTo, address withdrawer, uint256 nonce, uint32 startBlock, address[] strategies, uint256[] scaledShares)[] withdrawals, uint256[][] shares)',
  'event StakerDelegated(address indexed staker, address indexed operator)',
];

// eq(what, got, want): exact equality (bigints, strings, numbers, JSON-able values).
export function eq(what, got, want) {
  const show = (v) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() + 'n' : x));
  if (show(got) !== show(want)) throw new Error(`${what}: expected ${show(want)}, got ${show(got)}`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Waits until cond() holds (or the deadline passes), for events that arrive asynchronously.
export async function until(cond, ms = 10000) {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await sleep(20);
}

// Runs the named steps in order; a failing step prints its name and message and the run exits 1.
export async function run(suite, steps) {
  let failed = 0;
  for (const [name, fn] of steps) {
    try {
      await fn();
      console.log(`${suite}: ok ${name}`);
    } catch (e) {
      failed++;
      console.error(`${suite}: FAIL ${name}: ${e && e.message ? e.message : e}`);
    }
  }
  console.log(failed ? `${suite}: ${failed} of ${steps.length} steps failed` : `${suite}: ok (${steps.length} steps)`);
  return failed;
}
