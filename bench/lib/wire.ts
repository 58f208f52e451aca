// Well wire bodies for the benchmarks: the JSON text of STOMP MESSAGE bodies as the `well` server sends them
// (the documented samples of test/fixtures/well-events.json, field for field and in the same order). Two
// streams: agentReady / agentNotReady alternating, and the inbound-call cycle (bench/lib/call-wire.ts).

export const DOMAIN = 'test.cc';
export const JOB_NUMBER = '5001';
export const EXTENSION = '8001';
export const AGENT_ID = `${JOB_NUMBER}@${DOMAIN}`;
export const DEVICE_ID = `${EXTENSION}@${DOMAIN}`;

export type WireName = 'agentLoggedOn' | 'agentLoggedOff' | 'agentReady' | 'agentNotReady' | 'agentWorkingAfterCall';

export interface WireOptions {
  /**
   * Also send the transport-only fields `params`, `_type` and `topics` that a real server adds and the codec
   * deletes (the documented samples have them). Off by default: the targets figures use the agent fields only.
   */
  transport?: boolean;
}

const pad = (n: number): string => String(n).padStart(2, '0');
/** `YYYY.MM.DD HH:mm:ss`, the server's local time. */
export function eventTime(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}.${pad(d.getMonth() + 1)}.${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const MODE: Record<WireName, string> = {
  agentLoggedOn: 'NotReady',
  agentLoggedOff: 'Logout',
  agentReady: 'Ready',
  agentNotReady: 'NotReady',
  agentWorkingAfterCall: 'WorkNotReady',
};
const TYPE: Record<WireName, string> = {
  agentLoggedOn: 'AgentLoggedOnEvent',
  agentLoggedOff: 'AgentLoggedOffEvent',
  agentReady: 'AgentReadyEvent',
  agentNotReady: 'AgentNotReadyEvent',
  agentWorkingAfterCall: 'AgentWorkingAfterCallEvent',
};

/** One wire body (JSON text). */
export function wireBody(name: WireName, serial: number, at: number, options: WireOptions = {}): string {
  const event: Record<string, unknown> = {
    eventName: name,
    eventTime: eventTime(at),
    eventType: 'agent',
    serial,
  };
  if (options.transport) {
    event['params'] = {
      _amqpTopic: `event.csta.${DOMAIN}`,
      agent: AGENT_ID,
      subscriptionId: `http%3A%2F%2F127.0.0.1%3A58080%2Fevent-sink%2Fcsta%2F${DOMAIN}`,
    };
    event['_type'] = `component.cti.event.${TYPE[name]}`;
    event['topics'] = [
      'CtiRouter_ctirouter-bench',
      `agent:${AGENT_ID}`,
      name,
      `agent:${DOMAIN}`,
      `device:${DEVICE_ID}`,
      'agent',
      'csta',
    ];
  }
  event['namespace'] = DOMAIN;
  event['srcDeviceId'] = DEVICE_ID;
  event['deviceId'] = DEVICE_ID;
  event['agentId'] = AGENT_ID;
  event['agentMode'] = MODE[name];
  event['devices'] = { Voice: DEVICE_ID };
  return JSON.stringify(event);
}

/** The i-th body of the alternating stream: even → agentReady, odd → agentNotReady. */
export const streamName = (i: number): WireName => (i % 2 === 0 ? 'agentReady' : 'agentNotReady');

/** The status code the element shows after the i-th body of the stream (3 ready, 2 not ready). */
export const streamCode = (i: number): number => (i % 2 === 0 ? 3 : 2);

/**
 * `count` bodies of the alternating stream, serials from `firstSerial`, ten events per server second.
 * Built before timing starts: the wire hands the client strings, so building them is not client work.
 */
export function wireStream(count: number, firstSerial: number, options: WireOptions = {}): string[] {
  const start = Date.now() - count * 100;
  const bodies = new Array<string>(count);
  for (let i = 0; i < count; i++) bodies[i] = wireBody(streamName(i), firstSerial + i, start + i * 100, options);
  return bodies;
}
