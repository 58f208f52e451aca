// @ts-check
import { CtiError } from '../errors.mjs';
import { objectBody } from '../http.mjs';

/** @typedef {import('../router.mjs').Route} Route */
/** @typedef {import('../router.mjs').RequestContext} RequestContext */
/** @typedef {import('./index.mjs').XSwitch} XSwitch */

const PREFIX = '/__sim/xswitch';

/**
 * @param {XSwitch} xs
 */
function stateView(xs) {
  const cc = xs.callcenter;
  return {
    domain: xs.domain,
    path: xs.path,
    queue: xs.directory.queue,
    group: xs.directory.group,
    config: xs.config,
    agents: Object.fromEntries([...cc.agents.values()].map((a) => [a.id, cc.agentView(a)])),
    sockets: xs.verto.view(),
    calls: [...cc.calls.values()].map((c) => cc.callView(c)),
  };
}

/**
 * `{user?, socket?}` of a socket-selecting control request.
 * @param {Record<string, any>} body
 */
function selector(body) {
  /** @type {{user?: string, socket?: number}} */
  const sel = {};
  if (body.user !== undefined) sel.user = String(body.user);
  if (body.socket !== undefined) sel.socket = Number(body.socket);
  return sel;
}

/**
 * The `/__sim/xswitch` control API (JSON in and out; see simulator/README.md "XSwitch (Verto)").
 * @param {XSwitch} xs
 * @returns {Route[]}
 */
export function xswitchControlRoutes(xs) {
  const cc = xs.callcenter;

  /**
   * `POST /__sim/xswitch/calls/:uuid/<action>` → the call's view afterwards.
   * @param {string} action
   * @param {(uuid: string, body: Record<string, any>) => import('./callcenter.mjs').CcCall} act
   * @returns {Route}
   */
  const callStep = (action, act) => ({
    method: 'POST',
    path: `${PREFIX}/calls/:uuid/${action}`,
    handler: (ctx) => ({ body: cc.callView(act(ctx.params.uuid, objectBody(ctx))) }),
  });

  /** @type {Route[]} */
  const routes = [
    {
      method: 'GET',
      path: PREFIX,
      handler: () => ({ body: { routes: routes.map((r) => `${r.method} ${r.path}`) } }),
    },
    { method: 'GET', path: `${PREFIX}/state`, handler: () => ({ body: stateView(xs) }) },
    {
      method: 'GET',
      path: `${PREFIX}/requests`,
      handler: (ctx) => ({ body: xs.verto.requests(Number(ctx.query.get('since') ?? 0)) }),
    },
    {
      method: 'DELETE',
      path: `${PREFIX}/requests`,
      handler: () => {
        xs.verto.clearRequests();
        return { body: { ok: true } };
      },
    },
    {
      method: 'POST',
      path: `${PREFIX}/reset`,
      handler: async () => {
        await xs.reset();
        return { body: { ok: true } };
      },
    },
    { method: 'POST', path: `${PREFIX}/config`, handler: (ctx) => ({ body: xs.configure(objectBody(ctx)) }) },
    {
      method: 'POST',
      path: `${PREFIX}/drop`,
      handler: (ctx) => ({ body: { dropped: xs.verto.drop(selector(objectBody(ctx))) } }),
    },
    {
      method: 'POST',
      path: `${PREFIX}/punt`,
      handler: (ctx) => ({ body: { punted: xs.verto.punt(selector(objectBody(ctx))) } }),
    },
    {
      method: 'POST',
      path: `${PREFIX}/raw`,
      handler: (ctx) => {
        const body = objectBody(ctx);
        if (typeof body.text !== 'string') throw new CtiError(400, '"text" must be a string');
        return { body: { sent: xs.verto.raw(selector(body), body.text) } };
      },
    },
    {
      method: 'POST',
      path: `${PREFIX}/emit`,
      handler: async (ctx) => {
        const { channel, data, event } = objectBody(ctx);
        if (typeof channel !== 'string' || channel === '') throw new CtiError(400, '"channel" must be a string');
        if (event !== undefined && (typeof event !== 'object' || event === null || Array.isArray(event))) {
          throw new CtiError(400, '"event" must be an object');
        }
        const published = event === undefined ? { eventChannel: channel, data } : { ...event, eventChannel: channel };
        const delivered = await xs.publishLater(published);
        if (delivered === null) throw new CtiError(409, 'the simulator was reset before the event was sent');
        return { body: { delivered, event: published } };
      },
    },
    {
      method: 'POST',
      path: `${PREFIX}/agents/:agent`,
      handler: (ctx) => ({ body: cc.agentView(cc.preset(ctx.params.agent, objectBody(ctx))) }),
    },
    { method: 'GET', path: `${PREFIX}/fail`, handler: () => ({ body: cc.faults }) },
    { method: 'POST', path: `${PREFIX}/fail`, handler: (ctx) => ({ body: cc.addFault(objectBody(ctx)) }) },
    {
      method: 'DELETE',
      path: `${PREFIX}/fail`,
      handler: () => {
        cc.faults = [];
        return { body: { ok: true } };
      },
    },
    {
      method: 'POST',
      path: `${PREFIX}/calls/inbound`,
      handler: (ctx) => ({ body: cc.callView(cc.inbound(objectBody(ctx))) }),
    },
    {
      method: 'GET',
      path: `${PREFIX}/calls`,
      handler: (ctx) => ({
        body: [...cc.calls.values(), ...(ctx.query.get('ended') === '1' ? cc.ended : [])].map((c) => cc.callView(c)),
      }),
    },
    {
      method: 'GET',
      path: `${PREFIX}/calls/:uuid`,
      handler: (ctx) => {
        const call = cc.findCall(ctx.params.uuid);
        if (!call) throw new CtiError(404, `no call ${ctx.params.uuid}`);
        return { body: cc.callView(call) };
      },
    },
    callStep('answer', (uuid, body) => cc.answer(uuid, body.leg)),
    callStep('hangup', (uuid, body) => cc.hangup(uuid, body)),
    callStep('busy', (uuid) => cc.busy(uuid)),
    callStep('no-answer', (uuid) => cc.noAnswer(uuid)),
    callStep('hold', (uuid) => cc.hold(uuid, true)),
    callStep('unhold', (uuid) => cc.hold(uuid, false)),
  ];
  return routes;
}

/**
 * The user of an `X-XTRA-AUTH-ID: <token>` header: undefined without the header (no restriction),
 * 401 for an unknown token.
 * @param {XSwitch} xs
 * @param {RequestContext} ctx
 */
function tokenUser(xs, ctx) {
  const header = ctx.headers['x-xtra-auth-id'];
  const token = Array.isArray(header) ? header[0] : header;
  if (token === undefined || token === '') return null;
  const user = xs.directory.userByToken(token);
  if (!user) throw new CtiError(401, 'invalid X-XTRA-AUTH-ID token', { code: 401 });
  return user;
}

/**
 * XSwitch call-center REST twins: `GET /api/cc/agent_state`, `POST /api/cc/ccc/:func`.
 * @param {XSwitch} xs
 * @returns {Route[]}
 */
export function xswitchRestRoutes(xs) {
  return [
    {
      method: 'GET',
      path: '/api/cc/agent_state',
      handler: (ctx) => {
        switch (xs.quirks.agentState) {
          case '404':
            return { status: 404, body: { code: 404, message: 'not found (agentState quirk)' } };
          case '401':
            return { status: 401, body: { code: 401, message: 'unauthorized (agentState quirk)' } };
          case 'text':
            return { status: 200, body: 'OK' }; // sent verbatim: not JSON
        }
        tokenUser(xs, ctx);
        const queue = ctx.query.get('queue');
        if (queue && queue !== xs.directory.queue) {
          return { status: 404, body: { code: 404, message: `queue not found: ${queue}`, data: [] } };
        }
        return { body: { code: 200, message: 'success', data: xs.callcenter.agentStates(ctx.query.get('agent')) } };
      },
    },
    {
      method: 'POST',
      path: '/api/cc/ccc/:func',
      handler: (ctx) => ({ body: xs.callcenter.ccc(ctx.params.func, objectBody(ctx), tokenUser(xs, ctx)) }),
    },
  ];
}
