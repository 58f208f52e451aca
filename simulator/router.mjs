// @ts-check

/**
 * @typedef {object} RequestContext
 * @property {string} method
 * @property {string} path URL path as sent
 * @property {Record<string, string>} params decoded `:name` path segments
 * @property {URLSearchParams} query
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {unknown} body parsed JSON or form body, null when empty, the text when unparseable
 * @property {string} rawBody
 * @property {import('./world.mjs').Session} [session] the live session (routes with `auth`)
 */

/**
 * @typedef {object} RouteResult
 * @property {number} [status] default 200, or 204 without body
 * @property {unknown} [body] sent as JSON
 */

/**
 * @typedef {object} Route
 * @property {string} method
 * @property {string} path pattern such as `/api/csta/agent/heartbeat/:agentId`
 * @property {boolean} [auth] requires a live `sessionId` header (else 426)
 * @property {(ctx: RequestContext) => RouteResult | undefined | Promise<RouteResult | undefined>} handler
 */

/**
 * @param {string} segment
 * @returns {string}
 */
function decode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Matches method + path against `:param` patterns. */
export class Router {
  /** @type {{route: Route, segments: string[]}[]} */
  #routes = [];

  /**
   * @param {Route[]} routes
   */
  constructor(routes = []) {
    for (const route of routes) this.add(route);
  }

  /** @param {Route} route */
  add(route) {
    this.#routes.push({ route, segments: route.path.split('/') });
  }

  /**
   * @param {string} method
   * @param {string} path
   * @returns {{route: Route, params: Record<string, string>} | {route: undefined, allowed: string[]}}
   */
  match(method, path) {
    const parts = path.split('/');
    /** @type {string[]} */
    const allowed = [];
    for (const { route, segments } of this.#routes) {
      if (segments.length !== parts.length) continue;
      /** @type {Record<string, string>} */
      const params = {};
      const ok = segments.every((s, i) => {
        if (s.startsWith(':')) {
          params[s.slice(1)] = decode(parts[i]);
          return parts[i] !== '';
        }
        return s === parts[i];
      });
      if (!ok) continue;
      if (route.method === method) return { route, params };
      allowed.push(route.method);
    }
    return { route: undefined, allowed };
  }
}
