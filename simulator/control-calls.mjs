// @ts-check
import { CtiError } from './errors.mjs';
import { objectBody } from './http.mjs';
import { failure } from './calls.mjs';

/** @typedef {import('./router.mjs').Route} Route */
/** @typedef {import('./calls.mjs').Call} Call */
/** @typedef {import('./calls.mjs').Party} Party */

/**
 * @param {import('./world.mjs').World} world
 * @param {Call} call
 */
export function callView(world, call) {
  return {
    callId: call.callId,
    status: call.status,
    callType: call.callType,
    callingDevice: call.callingDevice,
    calledDevice: call.calledDevice,
    parties: [...call.parties.values()].map((p) => ({
      deviceId: p.deviceId,
      kind: p.kind,
      state: p.state,
      agent: p.kind === 'extension' ? (world.holderOf(p.number)?.agentId ?? null) : null,
      silent: p.silent,
      recording: p.recording ? { recordId: p.recording.recordId, on: p.recording.on } : null,
      joinedAt: p.joinedAt,
      connectedAt: p.connectedAt,
    })),
    conferencingDevice: call.conferencingDevice,
    heldCallId: call.heldCallId,
    consultCallId: call.consultCallId,
    userData: call.userData,
    cpa: call.cpa,
    options: call.options,
    createdAt: call.createdAt,
    endedAt: call.endedAt,
  };
}

/** @param {Party} p */
const alerting = (p) => p.state === 'Alerting';
/** @param {Party} p */
const external = (p) => p.kind === 'external';

/**
 * Call scenarios of the `/__sim` control API: a customer calls in, simulated parties answer, hang up,
 * are busy, do not answer, fail, hold; the call list and each call's event log.
 * @param {import('./world.mjs').World} world
 * @returns {Route[]}
 */
export function callControlRoutes(world) {
  const calls = world.calls;

  /**
   * `POST /__sim/calls/:callId/<action>`: the action on the named party; answers the call afterwards.
   * @param {string} action
   * @param {(p: Party) => boolean} fallback which party is meant when none is named
   * @param {(call: Call, party: Party, body: Record<string, any>) => void} act
   * @returns {Route}
   */
  const partyAction = (action, fallback, act) => ({
    method: 'POST',
    path: `/__sim/calls/:callId/${action}`,
    handler: (ctx) => {
      const body = objectBody(ctx);
      const call = calls.active(ctx.params.callId);
      act(call, calls.partyOf(call, body.party, fallback, action), body);
      return { body: callView(world, call) };
    },
  });

  return [
    {
      method: 'GET',
      path: '/__sim/calls',
      handler: (ctx) => {
        const active = [...calls.calls.values()];
        const list = ctx.query.get('ended') ? [...calls.ended(), ...active] : active;
        return { body: list.map((call) => callView(world, call)) };
      },
    },
    {
      method: 'DELETE',
      path: '/__sim/calls',
      handler: () => {
        const dropped = calls.calls.size;
        calls.reset();
        return { body: { dropped } };
      },
    },
    {
      method: 'POST',
      path: '/__sim/calls/inbound',
      handler: (ctx) => ({ body: calls.inbound(objectBody(ctx)) }),
    },
    {
      method: 'GET',
      path: '/__sim/calls/:callId',
      handler: (ctx) => {
        const call = calls.find(ctx.params.callId);
        if (!call) throw new CtiError(404, `no call ${ctx.params.callId}`);
        return { body: { ...callView(world, call), events: call.events } };
      },
    },
    partyAction('answer', alerting, (call, party) => calls.answer(call, party)),
    partyAction('hangup', external, (call, party, body) =>
      calls.hangUp(call, party, typeof body.cause === 'string' ? body.cause : undefined),
    ),
    partyAction('busy', alerting, (call, party) => calls.fail(call, party, failure(1))),
    partyAction('no-answer', alerting, (call, party) => calls.fail(call, party, failure(11))),
    partyAction('fail', alerting, (call, party, body) => {
      const code = body.failedCode === undefined ? 14 : Number(body.failedCode);
      if (!Number.isInteger(code) || code < 1) throw new CtiError(400, 'failedCode must be a positive integer');
      calls.fail(call, party, failure(code, body));
    }),
    partyAction('hold', external, (call, party) => calls.hold(call, party)),
    partyAction('retrieve', external, (call, party) => calls.retrieve(call, party)),
  ];
}
