// @ts-check
import { CtiError } from '../errors.mjs';
import { objectBody } from '../http.mjs';

/** @typedef {import('../router.mjs').Route} Route */
/** @typedef {import('../router.mjs').RequestContext} RequestContext */
/** @typedef {import('../calls.mjs').Call} Call */
/** @typedef {import('../calls.mjs').Party} Party */

/** Base path of the call-control REST API. */
export const CALL_CONTROL = '/api/csta/callControl';

/**
 * REST routes of call control (docs/protocols/well.md, fact 12). Every route needs the `sessionId` header.
 * Connection ids are `device%7CcallId` (the router decodes them; a raw `|` works too).
 * Success: makeCall 200 `{callId}`, user-data GET 200 with the data, everything else 204.
 * @param {import('../world.mjs').World} world
 * @returns {Route[]}
 */
export function callRoutes(world) {
  const calls = world.calls;
  const connection = `${CALL_CONTROL}/calls/:callId/connections/:connectionId`;

  /**
   * A POST on a connection: the handler gets the call, the party and the JSON body.
   * @param {string} suffix
   * @param {(call: Call, party: Party, body: Record<string, any>) => void} act
   * @returns {Route}
   */
  const onConnection = (suffix, act) => ({
    method: 'POST',
    path: `${connection}/${suffix}`,
    auth: true,
    handler: (ctx) => {
      const { call, party } = calls.connection(ctx.params.callId, ctx.params.connectionId);
      act(call, party, objectBody(ctx));
      return { status: 204 };
    },
  });

  /** @param {RequestContext} ctx */
  const getUserData = (ctx) => ({ status: 200, body: calls.userDataOf(ctx.params.callId) });

  /** @param {'Start' | 'Stop'} action */
  const recording = (action) => ({
    method: 'POST',
    path: `${CALL_CONTROL}/recording/${action}`,
    auth: true,
    handler: (/** @type {RequestContext} */ ctx) => {
      calls.recording(action, ctx.query.get('extension'));
      return { status: 204 };
    },
  });

  return [
    {
      method: 'POST',
      path: `${CALL_CONTROL}/calls`,
      auth: true,
      handler: (ctx) => ({
        status: 200,
        body: calls.makeCall(/** @type {import('../world.mjs').Session} */ (ctx.session), objectBody(ctx)),
      }),
    },
    onConnection('answer', (call, party) => calls.answer(call, party)),
    {
      method: 'DELETE',
      path: connection,
      auth: true,
      handler: (ctx) => {
        const { call, party } = calls.connection(ctx.params.callId, ctx.params.connectionId);
        calls.hangUp(call, party);
        return { status: 204 };
      },
    },
    onConnection('hold', (call, party) => calls.hold(call, party)),
    onConnection('retrieve', (call, party) => calls.retrieve(call, party)),
    onConnection('singleStepTransfer', (call, party, body) => calls.singleStepTransfer(call, party, body.transferTo)),
    onConnection('singleStepConference', (call, party, body) =>
      calls.singleStepConference(call, party, body.conferenceParticipant, body.participationType ?? 'Active'),
    ),
    onConnection('consult', (call, party, body) => {
      calls.consult(call, party, body.consultationParticipant);
    }),
    onConnection('conference', (call, party, body) => calls.conference(call, party, body.consultCallId)),
    onConnection('cancelConsult', (call, party, body) => calls.cancelConsult(call, party, body.consultCallId)),
    onConnection('transfer', (call, party, body) => calls.transfer(call, party, body.consultCallId)),
    {
      method: 'POST',
      path: `${CALL_CONTROL}/calls/:callId/user-data`,
      auth: true,
      handler: (ctx) => {
        const body = objectBody(ctx);
        if (!('entries' in body)) throw new CtiError(400, '"entries" is required');
        calls.setUserData(ctx.params.callId, body.entries);
        return { status: 204 };
      },
    },
    { method: 'GET', path: `${CALL_CONTROL}/calls/:callId/user-data/`, auth: true, handler: getUserData },
    { method: 'GET', path: `${CALL_CONTROL}/calls/:callId/user-data`, auth: true, handler: getUserData },
    recording('Start'),
    recording('Stop'),
  ];
}
