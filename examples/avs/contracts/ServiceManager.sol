// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import "./ICore.sol";

/// The AVS itself: its address is the `avs` of every operator set. The core
/// accepts calls for an AVS from the AVS's own address, so this contract
/// publishes the metadata, names the registrar and creates the sets by
/// calling the AllocationManager directly; it may also appoint an account to
/// act for it through the PermissionController.
contract ServiceManager {
    IAllocationManager public immutable allocationManager;
    IPermissionController public immutable permissionController;
    address public owner;

    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    error NotOwner(address caller);
    error ZeroAddress();

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    constructor(IAllocationManager allocationManager_, IPermissionController permissionController_) {
        allocationManager = allocationManager_;
        permissionController = permissionController_;
        owner = msg.sender;
        emit OwnershipTransferred(address(0), msg.sender);
    }

    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert ZeroAddress();
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    /// The core refuses to create sets for an AVS without metadata.
    function updateAVSMetadataURI(string calldata metadataURI) external onlyOwner {
        allocationManager.updateAVSMetadataURI(address(this), metadataURI);
    }

    /// The core asks the registrar `supportsAVS(this)` before accepting it.
    function setAVSRegistrar(address registrar) external onlyOwner {
        allocationManager.setAVSRegistrar(address(this), registrar);
    }

    /// A set whose slashed funds are burned.
    function createOperatorSet(uint32 operatorSetId, address[] calldata strategies, address slasher)
        external
        onlyOwner
    {
        CreateSetParams[] memory params = new CreateSetParams[](1);
        params[0] = CreateSetParams(operatorSetId, strategies, slasher);
        allocationManager.createOperatorSets(address(this), params);
    }

    /// A set whose slashed funds go to `recipient` when they are cleared.
    function createRedistributingOperatorSet(
        uint32 operatorSetId,
        address[] calldata strategies,
        address slasher,
        address recipient
    ) external onlyOwner {
        CreateSetParams[] memory params = new CreateSetParams[](1);
        params[0] = CreateSetParams(operatorSetId, strategies, slasher);
        address[] memory recipients = new address[](1);
        recipients[0] = recipient;
        allocationManager.createRedistributingOperatorSets(address(this), params, recipients);
    }

    /// Lets `appointee` call `selector` on `target` on this AVS's behalf.
    function appoint(address appointee, address target, bytes4 selector) external onlyOwner {
        permissionController.setAppointee(address(this), appointee, target, selector);
    }

    function unappoint(address appointee, address target, bytes4 selector) external onlyOwner {
        permissionController.removeAppointee(address(this), appointee, target, selector);
    }
}
