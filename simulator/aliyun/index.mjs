// The Aliyun CCC side of the simulator: the customer's proxy endpoint (docs/protocols/aliyun.md facts 1–6) over the
// call-center model, and its `/__sim/aliyun` control routes (docs/simulator.md "Aliyun CCC").
import { setTimeout as delay } from 'node:timers/promises';
import { CtiError } from '../errors.mjs';
import { objectBody, parseForm } from '../http.mjs';
import { APIS } from './apis.mjs';
import { ALIYUN_INSTANCE, CallCenter, CccError } from './ccc.mjs';
import { conference, join, leave } from './conference.mjs';

export { ALIYUN_INSTANCE, OUTBOUND_NUMBERS, SKILL_GROUPS } from './ccc.mjs';
export { APIS } from './apis.mjs';

/** Default path of the proxy (the workbench SDK's `ajaxPath`). */
export const ALIYUN_PATH = '/data/api.json';
const PREFIX = '/__sim/aliyun';
const FAR_END = ['manual', 'answer', 'busy', 'noAnswer'];

/** Keys with a lower-case first letter, all the way down (`lowerCaseKeys`: a proxy that rewrites them). */
function camel(value) {
  if (Array.isArray(value)) return value.map(camel);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k[0].toLowerCase() + k.slice(1), camel(v)]));
}

export class Aliyun {
  constructor({ instanceId = ALIYUN_INSTANCE, path = ALIYUN_PATH, ringTimeoutMs = 30_000 } = {}) {
    this.path = path;
    this.initialConfig = {
      ringTimeoutMs,
      farEnd: 'manual',
      farEndDelayMs: 1000,
      afterCall: 'acw',
      lowerCaseKeys: false,
      flagsAsString: false,
    };
    this.config = { ...this.initialConfig };
    this.callcenter = new CallCenter({ instanceId, config: () => this.config });
    /** @type {{api: string, params: unknown, query: Record<string, string>, form: Record<string, string>, method: string, headers: Record<string, unknown>, code: string}[]} */
    this.requests = [];
    /** @type {{api?: string, code?: string, httpStatus?: number, message?: string, params?: string[], delayMs?: number, remaining: number}[]} */
    this.faults = [];
    this.routes = [...this.#proxyRoutes(), ...this.#controlRoutes()];
  }

  get instanceId() {
    return this.callcenter.instanceId;
  }

  reset() {
    this.callcenter.reset();
    this.config = { ...this.initialConfig };
    this.requests = [];
    this.faults = [];
  }

  close() {
    this.callcenter.stop();
  }

  configure(patch) {
    const next = { ...this.config };
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'ringTimeoutMs' || key === 'farEndDelayMs') {
        if (typeof value !== 'number' || !(value >= 0)) throw new CtiError(400, `${key} must be a number >= 0`);
      } else if (key === 'farEnd') {
        if (!FAR_END.includes(value)) throw new CtiError(400, `farEnd must be one of ${FAR_END.join(', ')}`);
      } else if (key === 'afterCall') {
        if (value !== 'acw' && value !== 'ready') throw new CtiError(400, 'afterCall must be acw or ready');
      } else if (key === 'lowerCaseKeys' || key === 'flagsAsString') {
        if (typeof value !== 'boolean') throw new CtiError(400, `${key} must be a boolean`);
      } else throw new CtiError(400, `unknown setting ${key}`);
      next[key] = value;
    }
    this.config = next;
    return next;
  }

  /** One proxied OpenAPI call → `{status, body}` with the OpenAPI envelope. */
  async handle(ctx) {
    const query = Object.fromEntries(ctx.query);
    const form =
      ctx.method === 'GET' ? query : typeof ctx.body === 'object' && ctx.body ? ctx.body : parseForm(ctx.rawBody);
    const api = query.action ?? '';
    let params;
    try {
      params = JSON.parse(String(form.request ?? '{}'));
    } catch {
      params = undefined;
    }
    const requestId = `sim-${Date.now().toString(36)}-${this.requests.length + 1}`;
    const entry = { api, params, query, form, method: ctx.method, headers: { ...ctx.headers }, code: '' };
    this.requests.push(entry);
    let envelope;
    let status = 200;
    try {
      if (query.product !== 'CloudCallCenter' || query.version !== '2020-07-01' || !query.region) {
        throw new CccError(
          'Parameter.Invalid',
          400,
          'product, version and region must be CloudCallCenter, 2020-07-01 and a region.',
        );
      }
      if (!params || typeof params !== 'object' || Array.isArray(params)) {
        throw new CccError('Parameter.Invalid', 400, 'The form field "request" must be a JSON object.', ['request']);
      }
      const fault = this.#takeFault(api);
      if (fault?.delayMs) await delay(fault.delayMs);
      if (fault?.code)
        throw new CccError(fault.code, fault.httpStatus ?? 400, fault.message ?? fault.code, fault.params ?? []);
      const run = Object.hasOwn(APIS, api) ? APIS[api] : undefined;
      if (!run) throw new CccError('InvalidAction.NotFound', 404, `Specified api ${api} is not found.`, [api]);
      envelope = {
        Code: 'OK',
        HttpStatusCode: 200,
        Message: 'Success',
        RequestId: requestId,
        Data: run(this.callcenter, params),
      };
    } catch (error) {
      if (!(error instanceof CccError)) throw error;
      status = error.httpStatus;
      envelope = {
        Code: error.code,
        HttpStatusCode: error.httpStatus,
        Message: error.message,
        RequestId: requestId,
        Params: error.params,
      };
    }
    entry.code = envelope.Code;
    return { status, body: this.config.lowerCaseKeys ? camel(envelope) : envelope };
  }

  #takeFault(api) {
    const fault = this.faults.find((f) => f.api === undefined || f.api === api);
    if (!fault) return undefined;
    if (--fault.remaining === 0) this.faults.splice(this.faults.indexOf(fault), 1);
    return fault;
  }

  #proxyRoutes() {
    const handler = (ctx) => this.handle(ctx);
    return [
      { method: 'POST', path: this.path, handler },
      { method: 'GET', path: this.path, handler },
    ];
  }

  #user(body) {
    const cc = this.callcenter;
    const id = String(body.user ?? body.userId ?? body.extension ?? '');
    const user = cc.byExtensionOrId(id) ?? cc.users.get(`${id}@${cc.instanceId}`);
    if (!user) throw new CtiError(404, `no user ${id}`);
    return user;
  }

  #controlRoutes() {
    const cc = this.callcenter;
    const guard = (run) => (ctx) => {
      try {
        return { body: run(ctx) };
      } catch (error) {
        if (error instanceof CccError)
          throw new CtiError(error.httpStatus === 400 ? 409 : error.httpStatus, error.message, { code: error.code });
        throw error;
      }
    };
    const job = (j) => cc.callContext(j);
    return [
      { method: 'GET', path: `${PREFIX}/state`, handler: () => ({ body: cc.view() }) },
      { method: 'GET', path: `${PREFIX}/requests`, handler: () => ({ body: this.requests }) },
      { method: 'POST', path: `${PREFIX}/reset`, handler: () => (this.reset(), { body: { ok: true } }) },
      { method: 'POST', path: `${PREFIX}/config`, handler: (ctx) => ({ body: this.configure(objectBody(ctx)) }) },
      {
        method: 'POST',
        path: `${PREFIX}/fail`,
        handler: (ctx) => {
          const b = objectBody(ctx);
          if (b.code === undefined && b.delayMs === undefined) throw new CtiError(400, 'give "code" and/or "delayMs"');
          const times = b.times ?? 1;
          if (!Number.isInteger(times) || times === 0) throw new CtiError(400, '"times" must be a non-zero integer');
          const fault = { ...b, remaining: times };
          this.faults.push(fault);
          return { body: fault };
        },
      },
      {
        method: 'POST',
        path: `${PREFIX}/inbound`,
        handler: guard((ctx) => {
          const b = objectBody(ctx);
          return job(cc.inbound(this.#user(b), { caller: b.caller, callVariables: b.callVariables }));
        }),
      },
      {
        method: 'POST',
        path: `${PREFIX}/users/:user/state`,
        handler: guard((ctx) => {
          const b = objectBody(ctx);
          const user = this.#user({ user: ctx.params.user });
          if (!['OFFLINE', 'READY', 'BREAK', 'WORKING'].includes(b.state)) throw new CtiError(400, 'bad state');
          cc.setState(user, b.state, b.breakCode ?? '');
          if (b.outboundScenario !== undefined) user.outboundScenario = b.outboundScenario === true;
          return cc.userContext(user);
        }),
      },
      {
        method: 'POST',
        path: `${PREFIX}/calls/:job/ring-timeout`,
        handler: guard((ctx) => {
          const j = cc.jobs.get(ctx.params.job);
          const expired = j ? [...cc.users.values()].filter((u) => cc.ringTimeout(j, u)).length : 0;
          if (!expired) throw new CtiError(409, `nothing of ${ctx.params.job} is ringing`);
          return job(j);
        }),
      },
      {
        method: 'POST',
        path: `${PREFIX}/calls/:job/answer`,
        handler: guard((ctx) => job(cc.farEndAnswer(ctx.params.job))),
      },
      {
        method: 'POST',
        path: `${PREFIX}/calls/:job/busy`,
        handler: guard((ctx) => job(cc.farEndFail(ctx.params.job, '486:USER_BUSY'))),
      },
      {
        method: 'POST',
        path: `${PREFIX}/calls/:job/noanswer`,
        handler: guard((ctx) => job(cc.farEndFail(ctx.params.job, '480 - No answer'))),
      },
      {
        method: 'POST',
        path: `${PREFIX}/calls/:job/hangup`,
        handler: guard((ctx) => job(cc.customerHangUp(ctx.params.job))),
      },
      {
        method: 'POST',
        path: `${PREFIX}/calls/:job/conference`,
        handler: guard((ctx) => job(conference(cc, ctx.params.job, objectBody(ctx).number))),
      },
      {
        method: 'POST',
        path: `${PREFIX}/calls/:job/join`,
        handler: guard((ctx) => job(join(cc, ctx.params.job, objectBody(ctx).number))),
      },
      {
        method: 'POST',
        path: `${PREFIX}/calls/:job/leave`,
        handler: guard((ctx) => job(leave(cc, ctx.params.job, objectBody(ctx).number))),
      },
    ];
  }
}
