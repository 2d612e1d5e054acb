// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// The few EigenLayer core entry points this AVS uses, declared here so the
// example needs nothing but solc. Signatures match the canonical
// interfaces (IAllocationManager, IAVSRegistrar, IPermissionController,
// IERC20); restake serves them natively at the devnet's genesis addresses.

struct OperatorSet {
    address avs;
    uint32 id;
}

// CreateSetParamsV2: the set's slasher is named at creation.
struct CreateSetParams {
    uint32 operatorSetId;
    address[] strategies;
    address slasher;
}

struct SlashingParams {
    address operator;
    uint32 operatorSetId;
    address[] strategies;
    uint256[] wadsToSlash;
    string description;
}

interface IAllocationManager {
    function updateAVSMetadataURI(address avs, string calldata metadataURI) external;
    function setAVSRegistrar(address avs, address registrar) external;
    function createOperatorSets(address avs, CreateSetParams[] calldata params) external;
    function createRedistributingOperatorSets(
        address avs,
        CreateSetParams[] calldata params,
        address[] calldata redistributionRecipients
    ) external;
    function slashOperator(address avs, SlashingParams calldata params)
        external
        returns (uint256 slashId, uint256[] memory shares);
}

interface IAVSRegistrar {
    function registerOperator(address operator, address avs, uint32[] calldata operatorSetIds, bytes calldata data)
        external;
    function deregisterOperator(address operator, address avs, uint32[] calldata operatorSetIds) external;
    function supportsAVS(address avs) external view returns (bool);
}

interface IPermissionController {
    function setAppointee(address account, address appointee, address target, bytes4 selector) external;
    function removeAppointee(address account, address appointee, address target, bytes4 selector) external;
}

interface IERC20 {
    function balanceOf(address account) external view returns (uint256);
    function transfer(address to, uint256 amount) external returns (bool);
}
