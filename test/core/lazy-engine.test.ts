// The session engine (statechart, command runner, vendor bridge…) is a lazy chunk: until it is loaded the softphone
// reads logged out. What a host reads must not change when it arrives, listeners registered before must fire after,
// and a chunk that cannot be loaded is a typed error.
import { expect } from '@open-wc/testing';
import { createActor } from 'xstate';
import { Softphone, type StatusChange } from '../../src/core/softphone.js';
import { engineChunk } from '../../src/core/softphone-session.js';
import { machineInputOf } from '../../src/core/logged-out.js';
import type { SoftphoneConfig } from '../../src/core/config.js';
import { deriveStatusCode, selectView, type SoftphoneView } from '../../src/machine/selectors.js';
import { softphoneMachine } from '../../src/machine/softphone.machine.js';
import type { CommandEvent } from '../../src/machine/types.js';
import { Operation } from '../../src/model/status.js';
import { WellError, WellErrorCode } from '../../src/model/well-error.js';
import { credentials, fakePhone } from '../helpers/fake-vendor.js';
import { rejection } from '../helpers/assert.js';

/** Every command event the public API sends (core/specs.ts), for `accepts`. */
const COMMAND_EVENTS = [
  { type: 'agent.login', request: {} },
  { type: 'agent.reattach', request: {} },
  { type: 'agent.logout' },
  { type: 'agent.ready' },
  { type: 'agent.notReady', reason: '1' },
  { type: 'agent.outboundOnly' },
  { type: 'call.dial', number: '1001' },
  ...[
    'answer',
    'hangUp',
    'hold',
    'retrieve',
    'blindTransfer',
    'singleStepConference',
    'consult',
    'conference',
    'cancelConsult',
    'completeTransfer',
    'setCallData',
    'dtmf',
    'mute',
    'unmute',
  ].map((name) => ({ type: `call.${name}`, callId: 'c1' })),
  { type: 'recording.start' },
  { type: 'recording.stop' },
] as unknown as CommandEvent[];

/** What a host reads of a view, as plain data. */
function readView(view: SoftphoneView) {
  const { allowed, accepts, ...rest } = Object.fromEntries(
    Object.getOwnPropertyNames(Object.getPrototypeOf(view))
      .filter((key) => key !== 'constructor')
      .map((key) => [key, (view as unknown as Record<string, unknown>)[key]]),
  );
  void allowed;
  void accepts;
  return {
    ...rest,
    callMap: { ...(rest.callMap as object) },
    allowed: Object.values(Operation).filter((op) => view.allowed(op)),
    accepts: COMMAND_EVENTS.filter((event) => view.accepts(event)).map((event) => event.type),
  };
}

const CONFIGS: SoftphoneConfig[] = [
  { vendor: 'well', server: 'https://cti.example.com' },
  { vendor: 'well', server: 'https://cti.example.com', reconnectAttempts: 3, afterCallSeconds: 15 },
  { vendor: 'xswitch', server: 'https://pbx.example.com' },
  { vendor: 'aliyun', server: 'https://ccc.example.com' },
];

describe('Softphone: the lazy session engine', () => {
  afterEach(() => {
    engineChunk.load = () => import('../../src/core/session-engine.js');
  });

  for (const config of CONFIGS) {
    it(`reads exactly the statechart's initial state before the engine is loaded (${config.vendor})`, () => {
      engineChunk.load = () => Promise.reject(new Error('not loaded in this test'));
      const phone = new Softphone(config);
      const initial = createActor(softphoneMachine, { input: machineInputOf(config) }).getSnapshot();
      expect(readView(phone.view)).to.deep.equal(readView(selectView(initial)));
      expect(phone.view.allowed(Operation.login)).to.equal(true);
      expect(phone.can(Operation.ready)).to.equal(false);
      expect(deriveStatusCode(phone.getSnapshot())).to.equal(-1);
      expect(phone.connectionState).to.equal('disconnected');
      expect(phone.capabilities).to.equal(machineInputOf(config).capabilities);
      const { since, ...context } = phone.statusContext();
      expect(since).to.be.a('number');
      expect(context).to.deep.equal({
        vendor: config.vendor,
        agentState: 'loggedOut',
        reason: '',
        allocated: false,
        pendingMode: false,
        connection: 'disconnected',
        calls: 0,
        muted: false,
        recording: false,
      });
    });
  }

  it('a configuration change before the engine is loaded shows in the view (vendor, settings)', () => {
    engineChunk.load = () => Promise.reject(new Error('not loaded in this test'));
    const phone = new Softphone({ vendor: 'well', server: 'https://cti.example.com' });
    phone.configure({ vendor: 'xswitch', reconnectAttempts: 4 });
    const config = phone.config;
    const initial = createActor(softphoneMachine, { input: machineInputOf(config) }).getSnapshot();
    expect(readView(phone.view)).to.deep.equal(readView(selectView(initial)));
    expect(phone.view.maxReconnectAttempts).to.equal(4);
  });

  it('listeners registered before the engine is loaded get its events, in order', async () => {
    let loads = 0;
    engineChunk.load = () => {
      loads += 1;
      return import('../../src/core/session-engine.js');
    };
    const { phone } = fakePhone();
    const statuses: StatusChange[] = [];
    const snapshots: number[] = [];
    phone.on('status', (change) => statuses.push(change));
    phone.on('snapshot', (snapshot) => snapshots.push(deriveStatusCode(snapshot)));
    expect(loads).to.equal(0);
    await phone.login(credentials());
    expect(loads).to.equal(1);
    expect(statuses.map((s) => [s.lastCode, s.code])).to.deep.equal([
      [-1, 0],
      [0, 2],
    ]);
    expect(snapshots[0]).to.equal(-1);
    expect(snapshots.at(-1)).to.equal(2);
    phone.stop();
  });

  it('a chunk that cannot be loaded: the command rejects with NETWORK_ERROR, an error event, and the next one retries', async () => {
    engineChunk.load = () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    const { phone, backend } = fakePhone();
    const errors: WellError[] = [];
    phone.on('error', (error) => errors.push(error));
    phone.start(); // a failed background load is reported once, never thrown
    await new Promise<void>((resolve) => phone.on('error', () => resolve()));
    const error = await rejection(phone.login(credentials()));
    expect(error).to.be.instanceOf(WellError);
    expect(error).to.include({ code: WellErrorCode.NETWORK_ERROR, operation: 'login' });
    expect(errors.map((e) => e.code)).to.deep.equal([WellErrorCode.NETWORK_ERROR, WellErrorCode.NETWORK_ERROR]);
    expect(phone.getStatusCode()).to.equal(-1);
    engineChunk.load = () => import('../../src/core/session-engine.js');
    await phone.login(credentials());
    expect(phone.getStatusCode()).to.equal(2);
    expect(backend.commands[0]).to.deep.equal({ type: 'login', initialMode: 'NotReady' });
    phone.stop();
  });
});
