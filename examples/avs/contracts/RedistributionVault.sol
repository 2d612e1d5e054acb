// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import "./ICore.sol";

/// The redistribution recipient of the AVS's redistributing set. When the
/// StrategyManager clears a slash, the strategy transfers the slashed tokens
/// here; `forward` then sends everything the vault holds of a token to the
/// treasury and keeps a running total per token.
contract RedistributionVault {
    address public immutable treasury;
    mapping(address => uint256) public forwarded;

    event Forwarded(address indexed token, address indexed treasury, uint256 amount);

    error NothingToForward(address token);
    error TransferFailed(address token);

    constructor(address treasury_) {
        treasury = treasury_;
    }

    /// Anyone may call it: the tokens can only go to the treasury.
    function forward(IERC20 token) external returns (uint256 amount) {
        amount = token.balanceOf(address(this));
        if (amount == 0) revert NothingToForward(address(token));
        forwarded[address(token)] += amount;
        if (!token.transfer(treasury, amount)) revert TransferFailed(address(token));
        emit Forwarded(address(token), treasury, amount);
    }
}
