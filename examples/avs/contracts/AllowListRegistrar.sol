// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import "./ICore.sol";

/// The AVS's registrar: the AllocationManager calls it on every registration
/// and deregistration, and a revert here refuses the operator. Only operators
/// the owner has allowed may join.
contract AllowListRegistrar is IAVSRegistrar {
    address public immutable allocationManager;
    address public immutable avs;
    address public owner;
    mapping(address => bool) public allowed;
    /// How many of the AVS's sets each operator is in, as this registrar saw it.
    mapping(address => uint256) public setsJoined;

    event AllowListUpdated(address indexed operator, bool allowed);
    event OperatorJoined(address indexed operator, uint32[] operatorSetIds, bytes data);
    event OperatorLeft(address indexed operator, uint32[] operatorSetIds);

    error NotOwner(address caller);
    error NotAllocationManager(address caller);
    error WrongAVS(address avs);
    error OperatorNotAllowed(address operator);

    constructor(address allocationManager_, address avs_) {
        allocationManager = allocationManager_;
        avs = avs_;
        owner = msg.sender;
    }

    modifier onlyAllocationManager(address avs_) {
        if (msg.sender != allocationManager) revert NotAllocationManager(msg.sender);
        if (avs_ != avs) revert WrongAVS(avs_);
        _;
    }

    function setAllowed(address operator, bool isAllowed) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        allowed[operator] = isAllowed;
        emit AllowListUpdated(operator, isAllowed);
    }

    function supportsAVS(address avs_) external view returns (bool) {
        return avs_ == avs;
    }

    function registerOperator(address operator, address avs_, uint32[] calldata operatorSetIds, bytes calldata data)
        external
        onlyAllocationManager(avs_)
    {
        if (!allowed[operator]) revert OperatorNotAllowed(operator);
        setsJoined[operator] += operatorSetIds.length;
        emit OperatorJoined(operator, operatorSetIds, data);
    }

    /// Deregistration is never refused: an operator may always leave.
    function deregisterOperator(address operator, address avs_, uint32[] calldata operatorSetIds)
        external
        onlyAllocationManager(avs_)
    {
        setsJoined[operator] -= operatorSetIds.length;
        emit OperatorLeft(operator, operatorSetIds);
    }
}
