// @ts-check
import { CtiError } from './errors.mjs';
import { objectBody } from './http.mjs';
import { routingKey } from './events.mjs';
import { callControlRoutes } from './control-calls.mjs';

/** @typedef {import('./router.mjs').Route} Route */
/** @typedef {import('./world.mjs').World} World */

/**
 * @typedef {object} SimulatorParts
 * @property {World} world
 * @property {import('./request-log.mjs').RequestLog} requests
 * @property {import('./faults.mjs').FaultTable} faults
 * @property {import('./stomp-server.mjs').StompServer} [channel] embedded event channel
 * @property {import('./broker-publisher.mjs').BrokerPublisher} [broker]
 * @property {import('./xswitch/index.mjs').XSwitch} [xswitch] the XSwitch (Verto) side; its routes are mounted here
 */

/**
 * @param {World} world
 * @param {import('./world.mjs').Agent} agent
 */
function agentView(world, agent) {
  return {
    agentId: agent.agentId,
    name: agent.name,
    loggedIn: agent.loggedIn,
    extension: agent.extension,
    deviceId: agent.extension ? world.deviceId(agent.extension) : null,
    agentMode: agent.agentMode,
    reason: agent.reason,
    heartbeats: agent.heartbeats,
    lastHeartbeatAt: agent.lastHeartbeatAt,
    disabled: agent.disabled,
    prefixes: agent.prefixes,
  };
}

/**
 * @param {SimulatorParts} parts
 */
function stateView({ world, channel, broker }) {
  return {
    agents: Object.fromEntries([...world.agents.values()].map((a) => [a.job, agentView(world, a)])),
    extensions: Object.fromEntries(
      [...world.extensions.values()].map((e) => [
        e.ext,
        { registered: e.registered, agent: world.holderOf(e.ext)?.job ?? null },
      ]),
    ),
    sessions: world.sessions.size,
    channels: channel?.channelCount ?? 0,
    subscriptions: channel?.destinations ?? [],
    brokerConnected: world.brokerConnected,
    brokerDropped: world.brokerDropped,
    config: { ...world.config, embedded: Boolean(channel), brokerUrl: broker?.url ?? null },
  };
}

/**
 * @param {World} world
 * @param {unknown} agent
 * @returns {string}
 */
function jobOf(world, agent) {
  const job = world.localPart(typeof agent === 'number' ? String(agent) : agent);
  if (job === null) throw new CtiError(400, '"agent" must be a job number or job@domain');
  return job;
}

/** Largest body `POST /__sim/frame` builds: 64 MB. */
const MAX_FRAME_PAD = 64 * 1024 * 1024;
/** The largest flood one `POST /__sim/flood` sends. */
const MAX_FLOOD = 1_000_000;
/** How often a paced flood hands its due events to the outbox, ms. */
const FLOOD_TICK_MS = 10;

/** The seven events of one inbound call in a `calls` flood (csta, then the agent's after-call work and ready). */
const CALL_CYCLE = ['delivered', 'established', 'held', 'retrieved', 'connectionCleared'];

/**
 * Event `index` of a `calls` flood: an inbound call rings, is answered, held, retrieved and hung up by the agent, who
 * then works after the call and goes ready (seven events a call, one call id each).
 * @param {string} device the agent's device
 * @param {string} prefix call id prefix of this flood
 * @param {number} index
 */
function callFloodEvent(device, prefix, index) {
  const step = index % 7;
  if (step === 5) return { eventName: 'agentWorkingAfterCall' };
  if (step === 6) return { eventName: 'agentReady' };
  const callId = `${prefix}-${Math.floor(index / 7)}`;
  const customer = '13800138000';
  const eventName = /** @type {string} */ (CALL_CYCLE[step]);
  /** @type {Record<string, string>} */
  const parties =
    step === 0
      ? { alertingDevice: device, callingDevice: customer, calledDevice: device }
      : step === 1
        ? { answeringDevice: device, callingDevice: customer, calledDevice: device }
        : step === 2
          ? { holdingDevice: device }
          : step === 3
            ? { retrievingDevice: device }
            : { releasingDevice: device };
  return { eventName, eventType: 'csta', callId, connectionId: `${device}|${callId}`, ...parties };
}

/**
 * Publishes `count` events with consecutive serials, at `rate` events/s (0: as fast as the outbox sends them, 1 000
 * per task), then records the agent as Ready without publishing anything, so a resync after the flood agrees with
 * its last event. `kind` `modes` (default): `agentNotReady` (reason 1) / `agentReady` alternately, the last one
 * `agentReady`; `calls`: whole inbound calls of seven events (`count` a multiple of 7, callFloodEvent).
 * @param {World} world
 * @param {string} job
 * @param {number} count
 * @param {number} rate
 * @param {'modes' | 'calls'} kind
 */
async function flood(world, job, count, rate, kind) {
  const started = Date.now();
  const extension = world.agents.get(job)?.extension;
  const device = extension ? world.deviceId(extension) : '';
  const prefix = `flood-${started.toString(36)}`;
  /** @type {Promise<import('./world.mjs').Published | null> | undefined} */
  let last;
  let sent = 0;
  while (sent < count) {
    const due = rate > 0 ? Math.min(count, Math.floor(((Date.now() - started) * rate) / 1000) + 1) : sent + 1000;
    for (; sent < Math.min(due, count); sent++) {
      const event =
        kind === 'calls'
          ? callFloodEvent(device, prefix, sent)
          : (count - 1 - sent) % 2 === 0
            ? { eventName: 'agentReady' }
            : { eventName: 'agentNotReady', reason: '1' };
      last = world.inject({ agent: job, event });
    }
    await new Promise((resolve) => setTimeout(resolve, rate > 0 ? FLOOD_TICK_MS : 0));
  }
  const published = await last;
  if (!published) throw new CtiError(409, 'the simulator was reset during the flood');
  world.presetAgent(job, { agentMode: 'Ready' });
  return { sent, lastSerial: published.serial, ms: Date.now() - started };
}

/**
 * A JSON object text grown to `size` characters with a leading `"padding"` field (unchanged when already that long).
 * @param {string} body
 * @param {number} size
 */
function padBody(body, size) {
  const trimmed = body.trim();
  if (!trimmed.startsWith('{')) throw new CtiError(400, '"padTo" needs a JSON object "body"');
  const rest = trimmed.slice(1).trim();
  const head = `{"padding":"`;
  const tail = `"${rest === '}' ? '' : ','}${rest}`;
  return `${head}${'x'.repeat(Math.max(0, size - head.length - tail.length))}${tail}`;
}

/**
 * The `/__sim` control API (JSON in and out; see simulator/README.md).
 * @param {SimulatorParts} parts
 * @returns {Route[]}
 */
export function controlRoutes(parts) {
  const { world, requests, faults, channel, xswitch } = parts;

  /** @type {Route[]} */
  const routes = [
    {
      method: 'GET',
      path: '/__sim',
      handler: () => ({ body: { routes: routes.map((r) => `${r.method} ${r.path}`) } }),
    },
    { method: 'GET', path: '/__sim/state', handler: () => ({ body: stateView(parts) }) },
    {
      method: 'GET',
      path: '/__sim/requests',
      handler: (ctx) => ({ body: requests.list(Number(ctx.query.get('since') ?? 0)) }),
    },
    {
      method: 'DELETE',
      path: '/__sim/requests',
      handler: () => {
        requests.clear();
        return { body: { ok: true } };
      },
    },
    {
      method: 'POST',
      path: '/__sim/reset',
      handler: async () => {
        world.reset();
        faults.clear();
        requests.clear();
        await Promise.all([channel?.closeAll(1000, 'simulator reset'), xswitch?.reset()]);
        return { body: { ok: true } };
      },
    },
    {
      method: 'POST',
      path: '/__sim/agents/:job',
      handler: (ctx) => {
        const patch = objectBody(ctx);
        if (patch.extension !== undefined) patch.extension = world.localPart(String(patch.extension)) ?? '';
        if (patch.prefixes !== undefined && !Array.isArray(patch.prefixes)) {
          throw new CtiError(400, '"prefixes" must be an array');
        }
        const agent = world.presetAgent(jobOf(world, ctx.params.job), patch);
        return { body: agentView(world, agent) };
      },
    },
    {
      method: 'POST',
      path: '/__sim/agents/:job/logout',
      handler: (ctx) => {
        world.forceLogout(jobOf(world, ctx.params.job));
        return { body: { ok: true } };
      },
    },
    {
      method: 'POST',
      path: '/__sim/extensions/:ext',
      handler: (ctx) => {
        const ext = world.localPart(ctx.params.ext) ?? '';
        const { registered } = world.presetExtension(ext, objectBody(ctx));
        return { body: { registered, agent: world.holderOf(ext)?.job ?? null } };
      },
    },
    {
      method: 'POST',
      path: '/__sim/config',
      handler: (ctx) => ({ body: world.configure(objectBody(ctx)) }),
    },
    {
      method: 'DELETE',
      path: '/__sim/sessions',
      handler: (ctx) => {
        const agent = ctx.query.get('agent');
        return { body: { expired: world.expireSessions(agent ? jobOf(world, agent) : undefined) } };
      },
    },
    { method: 'GET', path: '/__sim/fail', handler: () => ({ body: faults.list() }) },
    { method: 'POST', path: '/__sim/fail', handler: (ctx) => ({ body: faults.add(objectBody(ctx)) }) },
    {
      method: 'DELETE',
      path: '/__sim/fail',
      handler: () => {
        faults.clear();
        return { body: { ok: true } };
      },
    },
    {
      method: 'POST',
      path: '/__sim/emit',
      handler: async (ctx) => {
        const request = objectBody(ctx);
        const published = await world.inject({ ...request, agent: jobOf(world, request.agent) });
        if (!published) throw new CtiError(409, 'the simulator was reset before the event was sent');
        return { body: { serial: published.serial, routingKey: published.routingKey, body: published.body } };
      },
    },
    {
      method: 'POST',
      path: '/__sim/frame',
      handler: (ctx) => {
        if (!channel) throw new CtiError(409, 'raw frames need the embedded event channel');
        const { agent, body = '{}', padTo, contentLength } = objectBody(ctx);
        if (typeof body !== 'string') throw new CtiError(400, '"body" must be a string');
        if (padTo !== undefined && !(Number.isInteger(padTo) && padTo >= 0 && padTo <= MAX_FRAME_PAD)) {
          throw new CtiError(400, `"padTo" must be an integer from 0 to ${MAX_FRAME_PAD}`);
        }
        if (contentLength !== undefined && typeof contentLength !== 'number' && typeof contentLength !== 'string') {
          throw new CtiError(400, '"contentLength" must be a number, a string or "auto"');
        }
        const text = padTo === undefined ? body : padBody(body, padTo);
        const length = contentLength === 'auto' ? Buffer.byteLength(text) : contentLength;
        const key = routingKey(world.agentId(jobOf(world, agent)), 'agent');
        return { body: { sent: channel.sendRawMessage(key, text, length), bytes: Buffer.byteLength(text) } };
      },
    },
    {
      method: 'POST',
      path: '/__sim/flood',
      handler: async (ctx) => {
        const { agent, count, rate = 0, kind = 'modes' } = objectBody(ctx);
        if (!(Number.isInteger(count) && count >= 1 && count <= MAX_FLOOD)) {
          throw new CtiError(400, `"count" must be an integer from 1 to ${MAX_FLOOD}`);
        }
        if (!(typeof rate === 'number' && rate >= 0)) throw new CtiError(400, '"rate" must be a number ≥ 0');
        if (kind !== 'modes' && kind !== 'calls') throw new CtiError(400, '"kind" must be "modes" or "calls"');
        if (kind === 'calls' && count % 7 !== 0) throw new CtiError(400, '"count" of a calls flood: a multiple of 7');
        const job = jobOf(world, agent);
        if (!world.agents.get(job)?.loggedIn) throw new CtiError(409, `agent ${job} is not logged in`);
        return { body: await flood(world, job, count, rate, kind) };
      },
    },
    {
      method: 'POST',
      path: '/__sim/drop',
      handler: (ctx) => {
        const { agent } = objectBody(ctx);
        const keys =
          agent === undefined
            ? undefined
            : ['agent', 'csta'].map((category) => routingKey(world.agentId(jobOf(world, agent)), category));
        return { body: { dropped: channel?.drop(keys) ?? 0 } };
      },
    },
    ...callControlRoutes(world),
    ...(xswitch?.controlRoutes ?? []),
  ];
  return routes;
}
