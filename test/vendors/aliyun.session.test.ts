import { expect } from '@open-wc/testing';
import type { AudioLayer, SipRegistration } from '../../src/model/audio.js';
import type { Command } from '../../src/model/command.js';
import { WellErrorCode } from '../../src/model/well-error.js';
import { apiCallOf } from '../../src/vendors/aliyun/aliyun.commands.js';
import type { ReportedCall } from '../../src/vendors/aliyun/aliyun.codec.js';
import { createAliyunVendorWith } from '../../src/vendors/aliyun/aliyun.vendor.js';
import type { VendorLogEntry, VendorSink } from '../../src/vendors/vendor.js';
import { rejection } from '../helpers/assert.js';

const SIGNATURE = 'sig-Zq81-secret';
const USER_KEY = 'key-77Hx-secret';
const DETAILS = {
  UserId: 'agent1@ccc-test',
  Extension: '80001001',
  WorkMode: 'ON_SITE',
  SipServerUrl: 'wss://sip.example.com',
  Signature2: SIGNATURE,
  UserKey2: USER_KEY,
};
const user = (state: string, extra: Record<string, unknown> = {}) => ({
  UserContext: { UserId: 'agent1@ccc-test', Extension: '80001001', UserState: state, ...extra },
});
const credentials = { jobNumber: 'agent1', domain: 'ccc-test', extension: '0' };
const signal = () => new AbortController().signal;
/** Timers that never fire: these tests drive every request themselves. */
const stillClock = { setTimeout: () => 0, clearTimeout: () => {} };

/** An adapter over an in-memory proxy, with its log lines, errors and API calls. */
function setup(answers: Record<string, () => unknown>, audio?: AudioLayer) {
  const logs: VendorLogEntry[] = [];
  const calls: string[] = [];
  const sink: VendorSink = {
    event: () => {},
    raw: () => {},
    channelLost: () => {},
    error: () => {},
    log: (entry) => logs.push(entry),
  };
  const transport = (api: string) => {
    calls.push(api);
    const answer = answers[api];
    return answer ? { Code: 'OK', Data: answer(), RequestId: 'r' } : { Code: 'NotExists.UserId', Message: api };
  };
  const vendor = createAliyunVendorWith(stillClock)(
    {
      endpoints: { apiUrl: 'http://proxy.test', loginUrl: 'http://proxy.test', eventUrl: 'ws://proxy.test' },
      requestTimeoutMs: 1000,
      heartbeatMs: 0,
      aliyun: { instanceId: 'ccc-test', transport, skillGroups: ['sales@ccc-test'] },
      ...(audio ? { audio } : {}),
    },
    sink,
  );
  return { vendor, logs, calls };
}

/** A host audio layer that records what it is handed. */
function recordingLayer(fail?: Error) {
  const seen: (SipRegistration | 'unregister')[] = [];
  const layer: AudioLayer = {
    register: async (registration) => {
      seen.push(registration);
      if (fail) throw fail;
    },
    unregister: () => seen.push('unregister'),
  };
  return { layer, seen };
}

const secretFree = (value: unknown) => {
  const text = JSON.stringify(value, (_k, v: unknown) => (v instanceof Error ? { ...v, message: v.message } : v));
  expect(text).not.to.contain(SIGNATURE);
  expect(text).not.to.contain(USER_KEY);
};

describe('aliyun transfer targets (TransfereeType)', () => {
  const job: ReportedCall = {
    callId: 'job-1',
    jobId: 'job-1',
    state: 'connected',
    direction: 'inbound',
    isCaller: false,
    party: '139',
    callType: 'Inbound',
    channelId: 'ch:customer:c',
  };
  const params = (command: Command) => apiCallOf(command, () => job, '057100').params;

  it('maps the target type to AGENT / SKILL_GROUP / EXTERNAL_NUMBER (blind) and EXTERNAL (attended)', () => {
    const blind = (number: string, targetType?: 'agent' | 'skillGroup' | 'number') =>
      params({ type: 'blindTransfer', callId: 'job-1', number, ...(targetType ? { targetType } : {}) });
    const consult = (number: string, targetType?: 'agent' | 'skillGroup' | 'number') =>
      params({ type: 'consult', heldCallId: 'job-1', number, ...(targetType ? { targetType } : {}) });
    expect(blind('sales@ccc-test', 'skillGroup')).to.deep.equal({
      JobId: 'job-1',
      Transferee: 'sales@ccc-test',
      TransfereeType: 'SKILL_GROUP',
    });
    expect(consult('sales@ccc-test', 'skillGroup')).to.include({ TransfereeType: 'SKILL_GROUP' });
    expect(blind('1001', 'agent')).to.deep.include({ TransfereeType: 'AGENT' }).and.not.have.property('Transferor');
    expect(blind('80001002', 'number')).to.include({ TransfereeType: 'EXTERNAL_NUMBER', Transferor: '057100' });
    expect(consult('138', 'number')).to.include({ TransfereeType: 'EXTERNAL', Transferor: '057100' });
    // without a type the vendor infers: 8 digits are an agent, anything else a number
    expect(blind('80001002')).to.include({ TransfereeType: 'AGENT' });
    expect(consult('13800000000')).to.include({ TransfereeType: 'EXTERNAL' });
  });
});

describe('aliyun audio seam (ON_SITE)', () => {
  it('hands the SIP registration to the audio layer after GetLoginDetails and unregisters at logout', async () => {
    const { layer, seen } = recordingLayer();
    const t = setup(
      {
        GetLoginDetails: () => DETAILS,
        SignInGroup: () => user('READY').UserContext,
        SignOutGroup: () => user('OFFLINE').UserContext,
      },
      layer,
    );
    await t.vendor.authenticate(credentials, signal());
    expect(seen).to.deep.equal([
      {
        server: 'wss://sip.example.com',
        extension: '80001001',
        secrets: { Signature2: SIGNATURE, UserKey2: USER_KEY },
      },
    ]);
    await t.vendor.execute({ type: 'login', initialMode: 'Ready' }, signal());
    expect(seen).to.have.length(1);
    await t.vendor.execute({ type: 'logout' }, signal());
    expect(seen.at(-1)).to.equal('unregister');
    t.vendor.dispose();
    expect(seen.filter((s) => s === 'unregister')).to.have.length(1);
    secretFree(t.logs);
  });

  it('ON_SITE without an audio layer: one warning without the secrets, and the login goes on', async () => {
    const t = setup({ GetLoginDetails: () => DETAILS });
    const identity = await t.vendor.authenticate(credentials, signal());
    expect(identity.agentId).to.equal('agent1@ccc-test');
    const warnings = t.logs.filter((l) => l.level === 'warn');
    expect(warnings).to.have.length(1);
    expect(warnings[0]!.message).to.contain('ON_SITE');
    secretFree(t.logs);
  });

  it('a layer that fails (naming the secrets) is logged without them; OFFICE_PHONE needs no layer', async () => {
    const { layer } = recordingLayer(new Error(`bad signature ${SIGNATURE} for ${USER_KEY}`));
    const t = setup({ GetLoginDetails: () => DETAILS }, layer);
    await t.vendor.authenticate(credentials, signal());
    expect(t.logs.filter((l) => l.level === 'warn')).to.have.length(1);
    secretFree(t.logs);
    const desk = recordingLayer();
    const d = setup({ GetLoginDetails: () => ({ ...DETAILS, WorkMode: 'OFFICE_PHONE' }) }, desk.layer);
    await d.vendor.authenticate(credentials, signal());
    expect(desk.seen).to.deep.equal([]);
    expect(d.logs).to.deep.equal([]);
  });

  it('no error of a refused login carries the secrets', async () => {
    const t = setup(
      { GetLoginDetails: () => DETAILS, SignInGroup: () => user('OFFLINE').UserContext },
      recordingLayer().layer,
    );
    await t.vendor.authenticate(credentials, signal());
    const error = await rejection(t.vendor.execute({ type: 'login', initialMode: 'Ready' }, signal()));
    expect(error.code).to.equal(WellErrorCode.LOGIN_FAILED);
    secretFree(error);
    secretFree(error.toJSON());
  });
});

describe('aliyun reattach after a reload', () => {
  const kept = { jobNumber: 'agent1', domain: 'ccc-test', extension: '80001001', sessionId: 'CCC-dev-1' };

  it('keeps the agent and its device id (no secret) once signed in', async () => {
    const t = setup({ GetLoginDetails: () => DETAILS, SignInGroup: () => user('READY').UserContext });
    await t.vendor.authenticate(credentials, signal());
    expect(t.vendor.keptSession?.()).to.equal(undefined);
    await t.vendor.execute({ type: 'login', initialMode: 'Ready' }, signal());
    const session = t.vendor.keptSession?.();
    expect(session).to.deep.include({ jobNumber: 'agent1', domain: 'ccc-test', extension: '80001001' });
    expect(session?.sessionId).to.match(/^CCC-well-softphone-/);
    secretFree(session);
  });

  it('one PollUserStatus: signed in → attached; OFFLINE or no user state → SESSION_EXPIRED', async () => {
    const t = setup({ PollUserStatus: () => user('BREAK', { BreakCode: 'lunch' }) });
    const identity = await t.vendor.attach!(kept, signal());
    expect(identity).to.deep.include({ agentId: 'agent1@ccc-test', extension: '80001001' });
    expect(t.calls).to.deep.equal(['PollUserStatus']);
    expect(t.vendor.keptSession?.()).to.deep.equal(kept);
    const gone = [{ PollUserStatus: () => user('OFFLINE') }, { PollUserStatus: () => ({}) }];
    for (const answers of gone) {
      const error = await rejection(setup(answers).vendor.attach!(kept, signal()));
      expect(error.code).to.equal(WellErrorCode.SESSION_EXPIRED);
      expect(error.detail?.['reason']).to.equal('sessionExpired');
    }
  });

  it('an ON_SITE agent with an audio layer registers again (GetLoginDetails); without a layer nothing more', async () => {
    const { layer, seen } = recordingLayer();
    const answers = { PollUserStatus: () => user('READY', { WorkMode: 'ON_SITE' }), GetLoginDetails: () => DETAILS };
    const t = setup(answers, layer);
    await t.vendor.attach!(kept, signal());
    expect(t.calls).to.deep.equal(['PollUserStatus', 'GetLoginDetails']);
    expect(seen).to.have.length(1);
    const bare = setup(answers);
    await bare.vendor.attach!(kept, signal());
    expect(bare.calls).to.deep.equal(['PollUserStatus']);
  });
});
