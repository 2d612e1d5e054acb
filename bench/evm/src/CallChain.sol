// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Deep call chain: down(n) calls itself through a full external CALL until
// n is 0, then every frame adds one on the way back.
contract CallChain {
    function down(uint256 n) external returns (uint256) {
        if (n == 0) return 0;
        return CallChain(address(this)).down(n - 1) + 1;
    }
}
