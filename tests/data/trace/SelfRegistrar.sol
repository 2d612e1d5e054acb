// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

interface IAllocationManager {
    function setAVSRegistrar(address avs, address registrar) external;
}

/// An AVS that is its own registrar: register() asks the AllocationManager
/// to make it so, and the AllocationManager calls back supportsAVS.
contract SelfRegistrar {
    bool public supported;

    function setSupported(bool s) external {
        supported = s;
    }

    function supportsAVS(address) external view returns (bool) {
        return supported;
    }

    function register(address am) external {
        IAllocationManager(am).setAVSRegistrar(address(this), address(this));
    }
}
