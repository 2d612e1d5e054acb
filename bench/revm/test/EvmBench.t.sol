// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// The cheatcodes this harness uses (no forge-std: nothing to download).
interface Vm {
    function etch(address target, bytes calldata code) external;
    function store(address target, bytes32 slot, bytes32 value) external;
    function envBytes(string calldata name) external view returns (bytes memory);
    function envUint(string calldata name) external view returns (uint256);
    function envOr(string calldata name, address dflt) external view returns (address);
    function envOr(string calldata name, string calldata delim, bytes32[] calldata dflt)
        external view returns (bytes32[] memory);
}

// Times one program in revm: test_program calls it BENCH_N times with
// BENCH_INPUT as calldata; test_empty makes the same calls to code that
// stops at once. The difference over BENCH_N is the program's time per call,
// net of the loop and the call itself.
contract EvmBench {
    Vm constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    address constant TARGET = 0xBE7C43a580000000000000000000000000000001;
    address constant EMPTY = 0xBe7C43A580000000000000000000000000000002;

    bytes input;
    uint256 n;

    function setUp() public {
        vm.etch(TARGET, vm.envBytes("BENCH_CODE"));
        vm.etch(EMPTY, hex"00");
        // BENCH_STORAGE: slot,value,slot,value,... for the program's pre-state.
        bytes32[] memory none = new bytes32[](0);
        bytes32[] memory kv = vm.envOr("BENCH_STORAGE", ",", none);
        require(kv.length % 2 == 0, "BENCH_STORAGE needs slot,value pairs");
        for (uint256 i = 0; i < kv.length; i += 2) vm.store(TARGET, kv[i], kv[i + 1]);
        // A program whose pre-state names its caller (an ERC-20 balance) is
        // called from this contract, which must be that caller.
        require(vm.envOr("BENCH_SENDER", address(this)) == address(this), "BENCH_SENDER is not the harness");
        input = vm.envBytes("BENCH_INPUT");
        n = vm.envUint("BENCH_N");
    }

    function run(address to) internal {
        bytes memory data = input;
        uint256 count = n;
        for (uint256 i = 0; i < count; ++i) {
            bool ok;
            assembly {
                ok := call(gas(), to, 0, add(data, 32), mload(data), 0, 0)
            }
            require(ok, "program failed");
        }
    }

    function test_program() public {
        run(TARGET);
    }

    function test_empty() public {
        run(EMPTY);
    }
}
