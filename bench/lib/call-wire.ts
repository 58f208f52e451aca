// The inbound-call cycle as the `well` server sends it to the agent (the documented samples of
// test/fixtures/well-events.json, field for field and in the same order): a customer calls, the agent answers,
// holds, retrieves and hangs up, works after the call, then is ready again. Seven bodies per call, each with a new
// serial; every call has its own id.
import { DEVICE_ID, DOMAIN, eventTime, wireBody } from './wire.js';

/** The customer, an external number: the call is inbound (docs/protocols/well.md, internal numbers). */
export const CUSTOMER = '13800138000';

export const CYCLE = [
  'delivered',
  'established',
  'held',
  'retrieved',
  'connectionCleared',
  'agentWorkingAfterCall',
  'agentReady',
] as const;
export type CycleName = (typeof CYCLE)[number];

/** A call id shaped like the server's (a UUID), unique per call. */
export const callIdOf = (call: number): string => `c7ed6c7b-4f03-4e2e-8e0b-${call.toString(16).padStart(12, '0')}`;

/** The CSTA fields that follow `connectionId`, per event (the agent's own connection each time). */
function partyFields(name: CycleName): Record<string, string> {
  switch (name) {
    case 'delivered':
      return { alertingDevice: DEVICE_ID, callingDevice: CUSTOMER, calledDevice: DEVICE_ID };
    case 'established':
      return { answeringDevice: DEVICE_ID, callingDevice: CUSTOMER, calledDevice: DEVICE_ID };
    case 'held':
      return { holdingDevice: DEVICE_ID };
    case 'retrieved':
      return { retrievingDevice: DEVICE_ID };
    default:
      return { releasingDevice: DEVICE_ID };
  }
}

const LOCAL_STATE: Record<string, string> = {
  delivered: 'Alerting',
  established: 'Connect',
  held: 'Hold',
  retrieved: 'Connect',
  connectionCleared: 'Queued',
};

/** One body of the cycle (JSON text). */
export function cycleBody(name: CycleName, call: number, serial: number, at: number): string {
  if (name === 'agentWorkingAfterCall' || name === 'agentReady') return wireBody(name, serial, at);
  const callId = callIdOf(call);
  return JSON.stringify({
    eventName: name,
    eventSrc: DEVICE_ID,
    eventTime: eventTime(at),
    eventType: 'csta',
    serial,
    namespace: DOMAIN,
    srcDeviceId: DEVICE_ID,
    callId,
    deviceId: DEVICE_ID,
    localState: LOCAL_STATE[name],
    connectionId: `${DEVICE_ID}|${callId}`,
    ...partyFields(name),
  });
}

/**
 * `calls` whole cycles (7 bodies each), serials from `firstSerial`, call ids from `firstCall`, ten events per server
 * second. Built before timing starts, like the agent-mode stream.
 */
export function callStream(calls: number, firstSerial: number, firstCall = 1): string[] {
  const count = calls * CYCLE.length;
  const start = Date.now() - count * 100;
  const bodies = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    bodies[i] = cycleBody(
      CYCLE[i % CYCLE.length]!,
      firstCall + Math.floor(i / CYCLE.length),
      firstSerial + i,
      start + i * 100,
    );
  }
  return bodies;
}
