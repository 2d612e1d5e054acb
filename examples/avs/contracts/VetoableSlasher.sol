// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import "./ICore.sol";

/// The operator sets' slasher. A slash is not immediate: the owner queues a
/// request, the vetoer may veto it for `vetoWindow` blocks, and after that
/// anyone may fulfil it, which calls AllocationManager.slashOperator as the
/// set's slasher. A request stores only the hash of its parameters; fulfil
/// takes them again and checks the hash, so what is executed is exactly what
/// was open to veto.
contract VetoableSlasher {
    enum State {
        None,
        Queued,
        Vetoed,
        Fulfilled
    }

    struct Request {
        bytes32 paramsHash;
        uint64 vetoDeadline; // last block in which a veto is accepted
        State state;
        uint256 slashId; // the core's slash id once fulfilled
    }

    IAllocationManager public immutable allocationManager;
    address public immutable avs;
    uint64 public immutable vetoWindow;
    address public owner;
    address public vetoer;
    uint256 public requestCount;
    mapping(uint256 => Request) public requests;

    event SlashQueued(uint256 indexed requestId, address indexed operator, uint32 operatorSetId, uint64 vetoDeadline);
    event SlashVetoed(uint256 indexed requestId);
    event SlashFulfilled(uint256 indexed requestId, uint256 slashId, uint256[] shares);

    error NotOwner(address caller);
    error NotVetoer(address caller);
    error NotQueued(uint256 requestId, State state);
    error VetoWindowClosed(uint256 requestId, uint64 vetoDeadline);
    error VetoWindowOpen(uint256 requestId, uint64 vetoDeadline);
    error ParamsMismatch(uint256 requestId);

    constructor(IAllocationManager allocationManager_, address avs_, address vetoer_, uint64 vetoWindow_) {
        allocationManager = allocationManager_;
        avs = avs_;
        vetoer = vetoer_;
        vetoWindow = vetoWindow_;
        owner = msg.sender;
    }

    function hashParams(SlashingParams calldata params) public pure returns (bytes32) {
        return keccak256(abi.encode(params));
    }

    function queueSlash(SlashingParams calldata params) external returns (uint256 requestId) {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        requestId = ++requestCount;
        uint64 deadline = uint64(block.number) + vetoWindow;
        requests[requestId] = Request(hashParams(params), deadline, State.Queued, 0);
        emit SlashQueued(requestId, params.operator, params.operatorSetId, deadline);
    }

    function veto(uint256 requestId) external {
        if (msg.sender != vetoer) revert NotVetoer(msg.sender);
        Request storage r = _queued(requestId);
        if (block.number > r.vetoDeadline) revert VetoWindowClosed(requestId, r.vetoDeadline);
        r.state = State.Vetoed;
        emit SlashVetoed(requestId);
    }

    function fulfil(uint256 requestId, SlashingParams calldata params)
        external
        returns (uint256 slashId, uint256[] memory shares)
    {
        Request storage r = _queued(requestId);
        if (block.number <= r.vetoDeadline) revert VetoWindowOpen(requestId, r.vetoDeadline);
        if (hashParams(params) != r.paramsHash) revert ParamsMismatch(requestId);
        r.state = State.Fulfilled;
        (slashId, shares) = allocationManager.slashOperator(avs, params);
        r.slashId = slashId;
        emit SlashFulfilled(requestId, slashId, shares);
    }

    function _queued(uint256 requestId) private view returns (Request storage r) {
        r = requests[requestId];
        if (r.state != State.Queued) revert NotQueued(requestId, r.state);
    }
}
