// @ts-check
import { CtiError } from '../errors.mjs';
import { objectBody } from '../http.mjs';

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
 * @returns {Route[]}
 */
export function agentRoutes(world) {
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
      handler: (ctx) => ({
        status: 200,
        body: world.clientState(/** @type {import('../world.mjs').Session} */ (ctx.session)),
      }),
    },
    {
      method: 'GET',
      path: '/api/operation/operation/tenants/:domain/agents/:agentId',
      auth: true,
      handler: (ctx) => ({ status: 200, body: world.prefixes(ctx.params.domain, ctx.params.agentId) }),
    },
  ];
}
