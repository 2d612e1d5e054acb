// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

// Storage-heavy loop: run(k) reads and rewrites k slots (SLOAD + SSTORE each).
contract StorageLoop {
    uint256[1024] slots;

    function run(uint256 k) external {
        for (uint256 i = 0; i < k; ++i) slots[i] += i + 1;
    }
}
