// @ts-check
//
// THE SIMULATOR'S ASSUMPTION about XSwitch `vcc.*` events.
//
// No public source documents what a `vcc` event carries (docs/protocols/xswitch.md fact 11 marks it
// [I]nferred). Everything the simulator publishes about agents and calls is built in this file and
// nowhere else, so when a live XSwitch disagrees, this is the one place to change. The field names
// reuse the REST `GET /api/cc/agent_state` vocabulary (`agent_id`, `group_id`, `queue_id`, `extn`,
// `state`, `callstate`, `agent_uuid`) plus mod_callcenter's status words (`Out`, `Available`,
// `On Break`).
//
// The event object (the `params` of the `verto.event` request; the Verto layer adds `eventSerno`
// and `subscribedChannel`):
//
//   { eventChannel: 'vcc.default.1001',
//     eventType: 'vcc',
//     data: { action: 'agent-state' | 'call-state',
//             agent_id: '1001', group_id: 'default', queue_id: '100000', extn: '1001',
//             agent_uuid: '…',
//             state: 'LOGIN' | 'LOGOUT' | 'READY' | 'BUSY',   // LOGIN only in the first ccLogin event
//             status: 'Out' | 'Available' | 'On Break',
//             reason: '',                                   // the ccGoBreak reason while On Break
//             callstate: 'IDLE' | 'RINGING' | 'TALKING' | 'HOLD',
//             timestamp: 1700000000000,                     // epoch ms
//             // call-state only:
//             call_uuid, direction: 'inbound' | 'outbound', caller, callee,
//             leg: 'agent' | 'dest',                        // which leg changed (outbound: agent rings first)
//             cause?: 'NORMAL_CLEARING' | 'USER_BUSY' | 'NO_ANSWER' | 'CALL_REJECTED' | 'ORIGINATOR_CANCEL' | …,
//             hangup_by?: 'agent' | 'remote' } }          // on IDLE

/** @typedef {'LOGIN' | 'LOGOUT' | 'READY' | 'BUSY'} VccState */
/** @typedef {'Out' | 'Available' | 'On Break'} VccStatus */
/** @typedef {'IDLE' | 'RINGING' | 'TALKING' | 'HOLD'} VccCallState */

/**
 * What an event needs to know about an agent.
 * @typedef {object} VccAgent
 * @property {string} id job number
 * @property {string} group
 * @property {string} queue
 * @property {string} extn
 * @property {string} uuid agent_uuid
 * @property {Exclude<VccState, 'LOGIN'>} state
 * @property {VccStatus} status
 * @property {string} reason
 * @property {VccCallState} callstate
 */

/**
 * What a call-state event needs to know about a call.
 * @typedef {object} VccCall
 * @property {string} uuid
 * @property {'inbound' | 'outbound'} direction
 * @property {string} caller
 * @property {string} callee
 */

/** Root channel: everything (supervisor only). */
export const VCC_ROOT = 'vcc';

/**
 * @param {string} group
 * @returns {string} `vcc.<group>`
 */
export function groupChannel(group) {
  return `${VCC_ROOT}.${group}`;
}

/**
 * @param {string} group
 * @param {string} job
 * @returns {string} `vcc.<group>.<job>`, where every event about that agent is published
 */
export function agentChannel(group, job) {
  return `${VCC_ROOT}.${group}.${job}`;
}

/**
 * The agent fields common to every event, and the rows of REST `agent_state`.
 * @param {VccAgent} agent
 */
export function agentFields(agent) {
  return {
    agent_id: agent.id,
    group_id: agent.group,
    queue_id: agent.queue,
    extn: agent.extn,
    agent_uuid: agent.uuid,
    state: /** @type {VccState} */ (agent.state),
    status: agent.status,
    reason: agent.reason,
    callstate: agent.callstate,
  };
}

/**
 * The call part of a REST `agent_state` row [I]: the documented row has `callstate` only; the simulator adds the
 * call's id and parties under the names its call-state events use, so that a client can reconcile its calls after
 * an outage. `{}` when the agent has no call.
 * @param {VccCall | null} call
 */
export function agentCallFields(call) {
  if (!call) return {};
  return { call_uuid: call.uuid, direction: call.direction, caller: call.caller, callee: call.callee };
}

/**
 * An agent changed state (ccLogin, ccLogout, ccGoReady, ccGoBreak, or a control-API preset).
 * @param {VccAgent} agent after the change
 * @param {{state?: VccState}} [override] `state: 'LOGIN'` for the first event of a ccLogin
 */
export function agentStateEvent(agent, override = {}) {
  return {
    eventChannel: agentChannel(agent.group, agent.id),
    eventType: 'vcc',
    data: { action: 'agent-state', ...agentFields(agent), ...override, timestamp: Date.now() },
  };
}

/**
 * A call of the agent changed (`agent.callstate` is already the new call state).
 * @param {VccAgent} agent
 * @param {VccCall} call
 * @param {{leg: 'agent' | 'dest', cause?: string, hangup_by?: 'agent' | 'remote'}} change
 */
export function callStateEvent(agent, call, change) {
  return {
    eventChannel: agentChannel(agent.group, agent.id),
    eventType: 'vcc',
    data: {
      action: 'call-state',
      ...agentFields(agent),
      call_uuid: call.uuid,
      direction: call.direction,
      caller: call.caller,
      callee: call.callee,
      ...change,
      timestamp: Date.now(),
    },
  };
}
