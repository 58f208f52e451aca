// @ts-check
import { setTimeout as delay } from 'node:timers/promises';
import { CtiError, errorBody } from './errors.mjs';

/** @typedef {import('./router.mjs').Router} Router */
/** @typedef {import('./router.mjs').RouteResult} RouteResult */
/** @typedef {import('node:http').IncomingMessage} IncomingMessage */
/** @typedef {import('node:http').ServerResponse} ServerResponse */

const MAX_BODY = 1024 * 1024;
const CONTROL_PREFIX = '/__sim';

/**
 * Parses an `application/x-www-form-urlencoded` body the way a servlet container does (`+` is a space,
 * percent-escapes are decoded), so a value sent unencoded with `&`, `+` or `%` arrives changed, as on a real server.
 * @param {string} raw
 * @returns {Record<string, string>}
 */
export function parseForm(raw) {
  /** @type {Map<string, string>} */
  const fields = new Map();
  for (const [key, value] of new URLSearchParams(raw)) if (!fields.has(key)) fields.set(key, value);
  return Object.fromEntries(fields);
}

/**
 * @param {string} raw
 * @param {string} contentType
 * @returns {unknown}
 */
function parseBody(raw, contentType) {
  if (raw === '') return null;
  if (/json/i.test(contentType) || /^\s*[[{]/.test(raw)) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType) || raw.includes('=')) return parseForm(raw);
  return raw;
}

/**
 * @param {IncomingMessage} req
 * @returns {Promise<string>}
 */
async function readBody(req) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw new CtiError(413, 'body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 */
function setCors(req, res) {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
  res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type, sessionId, X-XTRA-AUTH-ID');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
  res.setHeader('Access-Control-Max-Age', '600');
}

/**
 * @param {ServerResponse} res
 * @param {RouteResult} result
 */
function send(res, { status, body }) {
  if (res.destroyed || res.headersSent) return;
  if (body === undefined || body === null) {
    res.writeHead(status ?? 204);
    res.end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status ?? 200, {
    'Content-Type': 'application/json;charset=UTF-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * @param {unknown} error
 * @returns {RouteResult & {status: number}}
 */
function errorResult(error) {
  if (error instanceof CtiError) return { status: error.status, body: error.toJSON() };
  return { status: 500, body: { status: 500, message: error instanceof Error ? error.message : String(error) } };
}

/**
 * Creates the HTTP request listener: CORS on everything, the request log and fault injection for
 * every non-control request, then routing (404/405 JSON for unknown routes, 426 for routes that
 * need a session and have none).
 * @param {object} deps
 * @param {Router} deps.router
 * @param {import('./world.mjs').World} deps.world
 * @param {import('./request-log.mjs').RequestLog} deps.requests
 * @param {import('./faults.mjs').FaultTable} deps.faults
 * @param {AbortSignal} deps.signal aborts delayed answers when the simulator stops
 * @param {(line: string) => void} deps.log
 * @returns {(req: IncomingMessage, res: ServerResponse) => void}
 */
export function createRequestListener({ router, world, requests, faults, signal, log }) {
  /**
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  async function handle(req, res) {
    setCors(req, res);
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'OPTIONS') {
      res.writeHead(204);
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const rawBody = await readBody(req);
    const body = parseBody(rawBody, req.headers['content-type'] ?? '');
    const sessionId = req.headers.sessionid;
    const sessionValue = Array.isArray(sessionId) ? sessionId[0] : sessionId;
    const isControl = path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
    const entry = isControl
      ? undefined
      : requests.add({
          method,
          path,
          query: Object.fromEntries(url.searchParams),
          headers: {
            sessionId: sessionValue === undefined ? 'absent' : 'present',
            sessionIdValue: sessionValue,
            contentType: req.headers['content-type'],
            origin: req.headers.origin,
          },
          body,
          rawBody,
        });
    const func = body && typeof body === 'object' ? /** @type {Record<string, unknown>} */ (body).func : undefined;
    const fault = isControl ? undefined : faults.take({ method, path, func });
    if (fault && entry) entry.fault = true;
    if (fault?.delayMs) await delay(fault.delayMs, undefined, { signal });
    if (fault?.status === 0) {
      log(`${method} ${path} → (never answered: injected fault)`);
      return;
    }

    /** @type {RouteResult} */
    let result;
    if (fault && fault.status !== undefined) {
      result = {
        status: fault.status,
        body: fault.body ?? (fault.status >= 400 ? errorBody(fault.status) : undefined),
      };
    } else {
      result = await route(req, method, path, url, body, rawBody, sessionValue);
    }
    const status = result.status ?? (result.body === undefined || result.body === null ? 204 : 200);
    if (entry) entry.status = status;
    if (!isControl) log(`${method} ${path} → ${status}`);
    send(res, { status, body: result.body });
  }

  /**
   * @param {IncomingMessage} req
   * @param {string} method
   * @param {string} path
   * @param {URL} url
   * @param {unknown} body
   * @param {string} rawBody
   * @param {string | undefined} sessionId
   * @returns {Promise<RouteResult>}
   */
  async function route(req, method, path, url, body, rawBody, sessionId) {
    try {
      const match = router.match(method, path);
      if (!match.route) {
        if (match.allowed.length > 0) throw new CtiError(405, `use ${match.allowed.join(' or ')}`);
        throw new CtiError(404, `no route for ${method} ${path}`);
      }
      const session = match.route.auth ? world.session(sessionId) : undefined;
      if (match.route.auth && !session) throw new CtiError(426);
      const ctx = {
        method,
        path,
        params: match.params,
        query: url.searchParams,
        headers: req.headers,
        body,
        rawBody,
        session,
      };
      return (await match.route.handler(ctx)) ?? { status: 204 };
    } catch (error) {
      return errorResult(error);
    }
  }

  return (req, res) => {
    handle(req, res).catch((error) => {
      if (signal.aborted) return;
      send(res, errorResult(error));
    });
  };
}

/**
 * The request body as an object, or a 400.
 * @param {import('./router.mjs').RequestContext} ctx
 * @returns {Record<string, any>}
 */
export function objectBody(ctx) {
  if (ctx.body === null) return {};
  if (typeof ctx.body !== 'object' || Array.isArray(ctx.body)) throw new CtiError(400, 'body must be a JSON object');
  return /** @type {Record<string, any>} */ (ctx.body);
}
