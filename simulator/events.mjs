// @ts-check

/** @typedef {'agent' | 'csta'} EventCategory */
/** @typedef {'Ready' | 'NotReady' | 'WorkNotReady' | 'Allocated' | 'Logout'} AgentMode */

/** Agent event announcing each agent mode. */
export const MODE_EVENTS = Object.freeze({
  Ready: 'agentReady',
  NotReady: 'agentNotReady',
  WorkNotReady: 'agentWorkingAfterCall',
  Allocated: 'agentAllocated',
  Logout: 'agentLoggedOff',
});

/** Agent mode implied by each agent event. */
export const EVENT_MODES = Object.freeze({
  agentLoggedOff: 'Logout',
  agentReady: 'Ready',
  agentNotReady: 'NotReady',
  agentWorkingAfterCall: 'WorkNotReady',
  agentAllocated: 'Allocated',
});

const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');

/**
 * `YYYY.MM.DD HH:mm:ss` in local time, as in every well event.
 * @param {Date} date
 * @returns {string}
 */
export function formatEventTime(date) {
  const day = `${date.getFullYear()}.${pad(date.getMonth() + 1)}.${pad(date.getDate())}`;
  return `${day} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/**
 * Category of an event by name: agent events start with `agent`, everything else is a CSTA call event.
 * @param {string} eventName
 * @returns {EventCategory}
 */
export function categoryOf(eventName) {
  return eventName.startsWith('agent') ? 'agent' : 'csta';
}

/**
 * Routing key an agent's events are published with: `event.agent.<category>.<agentId, '.' → '_'>`.
 * @param {string} agentId `job@domain`
 * @param {EventCategory | string} category
 * @returns {string}
 */
export function routingKey(agentId, category) {
  return `event.agent.${category}.${agentId.replaceAll('.', '_')}`;
}

/**
 * STOMP destination the wellClient subscribes to for one agent (`/topic/event.agent.*.<agent>`).
 * @param {string} agentId
 * @returns {string}
 */
export function agentTopic(agentId) {
  return `/topic/event.agent.*.${agentId.replaceAll('.', '_')}`;
}

/**
 * `component.cti.event.<Name>Event` for an event name.
 * @param {string} eventName
 * @returns {string}
 */
export function javaTypeOf(eventName) {
  return `component.cti.event.${eventName.charAt(0).toUpperCase()}${eventName.slice(1)}Event`;
}

/**
 * @typedef {object} EventSpec
 * @property {string} eventName
 * @property {string} domain
 * @property {string} agentId
 * @property {string} [deviceId] the agent's device; becomes `srcDeviceId` (and `eventSrc` for csta events),
 *   `deviceId` and `devices.Voice`
 * @property {Record<string, unknown>} [fields] extra fields, appended last; they override defaults (in place,
 *   so a call event's `deviceId` — the device that changed — keeps its position; `callId` goes before it)
 */

/**
 * Builds one event object with the field order and envelope of the real server samples.
 * @param {EventSpec & {serial: number, time: Date}} spec
 * @returns {Record<string, unknown>}
 */
export function createEvent({ eventName, domain, agentId, deviceId, fields = {}, serial, time }) {
  const category = categoryOf(eventName);
  const device = deviceId ? `device:${deviceId}` : undefined;
  const topics =
    category === 'agent'
      ? ['CtiRouter_ctirouter-sim', `agent:${agentId}`, eventName, `agent:${domain}`, device, 'agent', 'csta']
      : ['extension', `agent:${agentId}`, eventName, 'CtiWorker_ctiworker-sim', device, 'csta'];
  /** @type {Record<string, unknown>} */
  const event = { eventName };
  // Call events name their source device right after the name, as in every csta sample.
  if (category === 'csta') event.eventSrc = deviceId;
  Object.assign(event, {
    eventTime: formatEventTime(time),
    eventType: category,
    serial,
    params: {
      _amqpTopic: `event.csta.${domain}`,
      agent: agentId,
      subscriptionId: encodeURIComponent(`http://127.0.0.1:58080/event-sink/csta/${domain}`),
    },
    _type: javaTypeOf(eventName),
    topics: topics.filter(Boolean),
    namespace: domain,
    srcDeviceId: deviceId,
  });
  // csta samples: srcDeviceId, callId, deviceId (the device that changed), localState, connectionId, …
  if (category === 'csta' && 'callId' in fields) event.callId = fields.callId;
  event.deviceId = deviceId;
  if (category === 'agent') {
    event.agentId = agentId;
    event.agentMode = EVENT_MODES[/** @type {keyof typeof EVENT_MODES} */ (eventName)];
    event.devices = deviceId ? { Voice: deviceId } : undefined;
    if (eventName === 'agentReady' || eventName === 'agentNotReady') event.reason = '';
  }
  return { ...event, ...fields };
}
