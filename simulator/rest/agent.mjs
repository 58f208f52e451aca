// @ts-check
import { CtiError } from '../errors.mjs';
import { objectBody } from '../http.mjs';
import { DEFAULT_QUIRKS } from '../quirks.mjs';

/** @typedef {import('../router.mjs').Route} Route */
/** @typedef {import('../router.mjs').RequestContext} RequestContext */

/** Paths the TPI login is known under in the wellClient environments. */
export const TPI_PATHS = Object.freeze([
  '/loginTrusted',
  '/login',
  '/api/security/login',
  '/api/security/loginTrusted',
  '/agent/login',
]);

/**
 * REST routes of the agent session: TPI login, agent state, heartbeat, client-state, prefixes.
 * @param {import('../world.mjs').World} world
 * @param {import('../quirks.mjs').Quirks} [quirks] `clientState` shapes the client-state answer
 * @returns {Route[]}
 */
export function agentRoutes(world, quirks = DEFAULT_QUIRKS) {
  /** @param {RequestContext} ctx */
  const tpiLogin = (ctx) => {
    const form = ctx.body && typeof ctx.body === 'object' ? /** @type {Record<string, string>} */ (ctx.body) : {};
    return { status: 200, body: world.tpiLogin(form) };
  };

  /** @param {RequestContext} ctx */
  const agentState = (ctx) => {
    const body = objectBody(ctx);
    switch (body.func) {
      case 'Login':
        world.login(body);
        return { status: 204 };
      case 'Logout':
        world.logout(body, ctx.session);
        return { status: 204 };
      case 'SetState':
        world.setState(body, ctx.session);
        return { status: 204 };
      default:
        throw new CtiError(400, 'func must be Login, Logout or SetState');
    }
  };

  return [
    ...TPI_PATHS.map((path) => ({ method: 'POST', path, handler: tpiLogin })),
    { method: 'POST', path: '/api/csta/agent/state', auth: true, handler: agentState },
    {
      method: 'POST',
      path: '/api/csta/agent/heartbeat/:agentId',
      auth: true,
      handler: (ctx) => {
        world.heartbeat(ctx.params.agentId);
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      path: '/api/csta/agent/client-state',
      auth: true,
      handler: (ctx) => {
        const session = /** @type {import('../world.mjs').Session} */ (ctx.session);
        switch (quirks.clientState) {
          case '404':
          case '500':
            throw new CtiError(Number(quirks.clientState), 'client-state is not available (clientState quirk)');
          case 'sparse':
            return { status: 200, body: sparseClientState(world.clientState(session)) };
          default:
            return { status: 200, body: world.clientState(session) };
        }
      },
    },
    {
      method: 'GET',
      path: '/api/operation/operation/tenants/:domain/agents/:agentId',
      auth: true,
      handler: (ctx) => ({ status: 200, body: world.prefixes(ctx.params.domain, ctx.params.agentId) }),
    },
  ];
}

/**
 * The `sparse` client-state quirk: only `agentMode` and `reason` of the agent, the active call reduced to
 * `callId` + `state` (and left out when there is none), no ids, plus fields the client does not know.
 * @param {ReturnType<import('../world.mjs').World['clientState']>} full
 */
function sparseClientState(full) {
  const { agent } = full;
  const call = agent.activeCall;
  return {
    agent: {
      agentMode: agent.agentMode,
      ...(agent.reason ? { reason: agent.reason } : {}),
      ...(call ? { activeCall: { callId: call.callId, state: call.state } } : {}),
      skillGroups: [{ id: 1, name: 'default' }],
    },
    serverTime: Date.now(),
    version: 'sim-sparse',
  };
}
