import { expect } from '@open-wc/testing';
import { Client } from '@stomp/stompjs';
import { WellErrorCode, type WellError } from '../../src/model/well-error.js';
import { rejection } from '../helpers/assert.js';
import { executeServerCommand } from '@web/test-runner-commands';
import type { WellSoftphone } from '../../src/well-softphone.js';
import {
  connectionReached,
  control,
  creds,
  mount,
  requests,
  startSim,
  statusReached,
  stopSim,
  type Sim,
} from './helpers.js';

const BROKER = 'ws://127.0.0.1:15674/ws';

/** Publishes a forged agentReady as `login`; resolves `refused: …` (ERROR or connection closed) or `accepted` (receipt). */
function publishAs(login: string, passcode: string, destination: string): Promise<string> {
  return new Promise((resolve) => {
    const client = new Client({
      brokerURL: BROKER,
      connectHeaders: { login, passcode, host: '/' },
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      reconnectDelay: 0,
      debug: () => {},
      onConnect: () => {
        client.watchForReceipt('forged', () => {
          resolve('accepted');
          void client.deactivate();
        });
        client.publish({
          destination,
          body: JSON.stringify({ eventName: 'agentReady', agentId: '5001@rmq.cc', forged: true }),
          headers: { receipt: 'forged' },
        });
      },
      onStompError: (frame) => resolve(`refused: ${frame.headers['message'] ?? 'ERROR'}`),
      onWebSocketClose: () => resolve('refused: connection closed'),
    });
    client.activate();
  });
}

interface BrokerResult {
  done: boolean;
  ok: boolean;
  output: string;
}

/** Runs `scripts/broker.sh start|stop` through the test runner; waits (in 15 s answers) until it finished. */
async function broker(action: 'start' | 'stop'): Promise<BrokerResult> {
  let result = await executeServerCommand<BrokerResult, undefined>(`broker-${action}`);
  for (let answers = 1; result && !result.done && answers < 8; answers++)
    result = await executeServerCommand<BrokerResult, undefined>('broker-wait');
  if (!result?.done) throw new Error(`the broker did not ${action} within 2 minutes`);
  return result;
}

/**
 * The topology the original wellClient servers used: the CTI publishes to RabbitMQ's amq.topic with
 * routing key event.agent.<category>.<agent>, the browser subscribes through Web-STOMP. The simulator's
 * embedded STOMP endpoint is switched off, so every event here crossed the real broker.
 */
describe('well session through a real RabbitMQ Web-STOMP broker', function () {
  this.timeout(90000);
  let sim: Sim;
  let el: WellSoftphone;

  before(async () => {
    const status = await executeServerCommand<{ up: boolean }, undefined>('broker-status');
    if (!status?.up) {
      const started = await broker('start');
      if (!started?.ok) throw new Error(`cannot start RabbitMQ: ${started?.output}`);
    }
  });

  beforeEach(async () => {
    sim = await startSim({ broker: true, embedded: false, domain: 'rmq.cc' });
    el = await mount(sim, { 'event-url': BROKER, 'reconnect-delay': '500', 'reconnect-attempts': '120' });
  });

  afterEach(async () => {
    el?.remove();
    await stopSim(sim);
    // leave the broker running for the next test even if one stopped it
    const status = await executeServerCommand<{ up: boolean }, undefined>('broker-status');
    if (!status?.up) await broker('start');
  });

  it('logs in, goes ready, not ready and logs out with every event through the broker', async () => {
    await el.login(creds(sim));
    expect(el.statusCode).to.equal(2);
    const subscribe = (await requests(sim)).find((r) => r.method === 'STOMP');
    expect(subscribe, 'the embedded endpoint must not be used').to.equal(undefined);
    await el.ready();
    await statusReached(el, 3);
    await el.notReady('2');
    await statusReached(el, 4);
    await el.logout();
    await statusReached(el, -1);
  });

  it('logs in with a read-only broker user (eventLogin / eventPasscode); a forged publish on its topic is refused', async () => {
    const bodies: unknown[] = [];
    el.addEventListener('well-event', (e) => bodies.push(e.detail.body));
    await el.login({ ...creds(sim), eventLogin: 'agent-5001', eventPasscode: 'agent' });
    expect(el.statusCode).to.equal(2);
    // another agent's user, and guest (what a page gets without credentials), try to push agentReady to 5001
    for (const [login, passcode] of [
      ['agent-5002', 'agent'],
      ['guest', 'guest'],
    ] as const) {
      expect(await publishAs(login, passcode, '/topic/event.agent.agent.5001@rmq_cc')).to.match(/^refused/);
    }
    expect(el.statusCode).to.equal(2);
    await el.ready();
    await statusReached(el, 3);
    expect(bodies.filter((b) => (b as { forged?: boolean }).forged)).to.deep.equal([]);
  });

  it('a wrong event passcode fails the login as a channel error, before any Login request', async () => {
    const error = (await rejection(
      el.login({ ...creds(sim), eventLogin: 'agent-5001', eventPasscode: 'wrong' }),
    )) as WellError;
    expect(error.code).to.equal(WellErrorCode.CHANNEL_ERROR);
    expect((await requests(sim)).some((r) => (r.body as { func?: string })?.func === 'Login')).to.equal(false);
  });

  it('broker stopped mid-session: reconnecting in the UI, then recovered and resynced when it returns', async () => {
    await el.login(creds(sim));
    await el.ready();
    await statusReached(el, 3);

    const reconnecting = connectionReached(el, 'reconnecting');
    const stopped = await broker('stop');
    expect(stopped?.ok, stopped?.output).to.equal(true);
    const down = await executeServerCommand<{ up: boolean }, undefined>('broker-status');
    if (down?.up)
      throw new Error('the broker on :15674 was not started from this checkout (scripts/broker.sh): stop it first');
    await reconnecting;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="banner"]')!.textContent).to.contain('Reconnecting');
    expect(el.matches(':state(reconnecting)')).to.equal(true);
    await expect(el).to.be.accessible();

    // while the broker is down the server moves the agent to not ready; no event can reach us
    await control(sim, 'POST', '/agents/5001', { agentMode: 'NotReady', reason: '1' });
    const before = (await requests(sim)).length;

    const connected = connectionReached(el, 'connected');
    const started = await broker('start');
    expect(started?.ok, started?.output).to.equal(true);
    await connected;
    const resync = (await requests(sim)).slice(before).filter((r) => r.path === '/api/csta/agent/client-state');
    expect(resync).to.have.length.greaterThan(0);
    expect(el.statusCode).to.equal(2);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="banner"]')).to.equal(null);

    // the new subscription works once the simulator's own publisher is back on the broker
    await new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + 20000;
      const poll = async () => {
        const state = await control<{ brokerConnected: boolean }>(sim, 'GET', '/state');
        if (state.brokerConnected) resolve();
        else if (Date.now() > deadline) reject(new Error('the simulator never reconnected to the broker'));
        else requestAnimationFrame(() => void poll());
      };
      void poll();
    });
    await el.ready();
    await statusReached(el, 3);
  });
});

describe('calls through the RabbitMQ Web-STOMP broker', function () {
  this.timeout(30000);
  let sim: Sim;
  const elements: WellSoftphone[] = [];

  before(async () => {
    const status = await executeServerCommand<{ up: boolean }, undefined>('broker-status');
    if (!status?.up) {
      const started = await broker('start');
      if (!started?.ok) throw new Error(`cannot start RabbitMQ: ${started?.output}`);
    }
  });
  beforeEach(async () => {
    sim = await startSim({ broker: true, embedded: false, domain: 'rmqcalls.cc' });
  });
  afterEach(async () => {
    for (const el of elements.splice(0)) el.remove();
    await stopSim(sim);
  });

  async function agent(job: string, extension: string): Promise<WellSoftphone> {
    const el = await mount(sim, { 'event-url': BROKER });
    elements.push(el);
    await el.login(creds(sim, { jobNumber: job, extension, initialMode: 'Ready' }));
    await statusReached(el, 3);
    return el;
  }

  async function inboundTalking(el: WellSoftphone): Promise<string> {
    const { callId } = await control<{ callId: string }>(sim, 'POST', '/calls/inbound', {
      to: '5001',
      userData: { orderId: '7' },
    });
    await statusReached(el, 6);
    await el.answer(callId);
    await statusReached(el, 9);
    return callId;
  }

  /** 5001 talks to a customer and consults 5002, who answers (5001 in 17). */
  async function consulting() {
    const a = await agent('5001', '8001');
    const b = await agent('5002', '8002');
    const callId = await inboundTalking(a);
    await a.phone.consult(callId, '8002');
    await statusReached(b, 6);
    await b.answer();
    await statusReached(a, 17);
    return { a, b, callId, consultId: a.phone.calls.find((c) => c.callId !== callId)!.callId };
  }

  it('inbound: ring, answer, the customer hangs up', async () => {
    const a = await agent('5001', '8001');
    const callId = await inboundTalking(a);
    expect(a.phone.calls[0]!.userData).to.deep.include({ orderId: '7' });
    await control(sim, 'POST', `/calls/${callId}/hangup`, {});
    await statusReached(a, 3);
  });

  it('consult then transfer', async () => {
    const { a, b, callId, consultId } = await consulting();
    await a.phone.completeTransfer(callId, consultId);
    await statusReached(a, 3);
    await control(sim, 'POST', `/calls/${callId}/hangup`, {});
    await statusReached(b, 3);
  });

  it('consult then conference', async () => {
    const { a, b, callId, consultId } = await consulting();
    await a.phone.conference(callId, consultId);
    await statusReached(a, 19);
    await statusReached(b, 19);
    await a.hangUp();
    await statusReached(a, 3);
  });
});
