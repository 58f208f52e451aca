import { expect } from '@open-wc/testing';
import type { DomainEvent } from '../../src/model/domain-event.js';
import { WellErrorCode, type WellError } from '../../src/model/well-error.js';
import { AliyunPoller, type PollClock } from '../../src/vendors/aliyun/aliyun.poller.js';
import { formOf, proxyUrl } from '../../src/vendors/aliyun/aliyun.rest.js';
import { createAliyunVendorWith } from '../../src/vendors/aliyun/aliyun.vendor.js';
import type { AliyunSettings, Vendor, VendorSink } from '../../src/vendors/vendor.js';
import { rejection } from '../helpers/assert.js';

/** A simulated clock: timers run only when the test advances it. */
class FakeClock implements PollClock {
  now = 0;
  #timers: { at: number; run: () => void; id: number }[] = [];
  #id = 0;
  setTimeout(run: () => void, ms: number): unknown {
    const id = ++this.#id;
    this.#timers.push({ at: this.now + ms, run, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }
  get pending(): number[] {
    return this.#timers.map((t) => t.at - this.now);
  }
  /** Advances to the next timer and runs it, then lets promises settle. */
  async tick(): Promise<void> {
    this.#timers.sort((a, b) => a.at - b.at);
    const next = this.#timers.shift();
    if (!next) throw new Error('no timer');
    this.now = next.at;
    next.run();
    for (let i = 0; i < 10; i++) await Promise.resolve();
  }
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('aliyun poller (simulated clock)', () => {
  it('polls at the idle cadence and faster while a call is live, one poll at a time', async () => {
    const clock = new FakeClock();
    let live = false;
    let inFlight = 0;
    let most = 0;
    let release: (() => void) | undefined;
    const poller = new AliyunPoller({
      clock,
      periodMs: () => (live ? 1000 : 3000),
      poll: () =>
        new Promise<void>((resolve) => {
          inFlight++;
          most = Math.max(most, inFlight);
          release = () => {
            inFlight--;
            resolve();
          };
        }),
      lost: () => {},
    });
    poller.start();
    expect(clock.pending).to.deep.equal([3000]);
    await clock.tick();
    poller.start(); // a poll is in flight: nothing more is scheduled
    expect(clock.pending).to.deep.equal([]);
    live = true;
    release!();
    await settle();
    expect(clock.pending).to.deep.equal([1000]);
    expect(most).to.equal(1);
    poller.stop();
    expect(clock.pending).to.deep.equal([]);
  });

  it('backs off on errors, resets after a success, and reports the proxy lost after three failures', async () => {
    const clock = new FakeClock();
    const outcomes = [false, true, false, false, false];
    const lost: number[] = [];
    const poller = new AliyunPoller({
      clock,
      periodMs: () => 1000,
      poll: async () => {
        if (!outcomes.shift()) throw new Error('proxy down');
      },
      lost: (_, failures) => lost.push(failures),
    });
    poller.start();
    await clock.tick();
    expect(clock.pending).to.deep.equal([2000]);
    await clock.tick();
    expect(clock.pending).to.deep.equal([1000]);
    await clock.tick();
    await clock.tick();
    expect(clock.pending).to.deep.equal([4000]);
    await clock.tick();
    expect(lost).to.deep.equal([3]);
    expect(poller.running).to.equal(false);
    expect(clock.pending).to.deep.equal([]);
  });
});

describe('aliyun proxy request (docs/protocols/aliyun.md fact 1)', () => {
  it('builds the URL and the form like the workbench SDK', () => {
    const settings: AliyunSettings = {
      region: 'cn-hangzhou',
      ajaxApiParamName: 'api',
      ajaxOtherParams: { tenant: 't1' },
    };
    expect(proxyUrl(settings, 'https://crm.example.com/', 'MakeCall')).to.equal(
      'https://crm.example.com/data/api.json?api=MakeCall&product=CloudCallCenter&version=2020-07-01&region=cn-hangzhou',
    );
    const form = formOf(settings, { JobId: 'j' });
    expect(form.get('tenant')).to.equal('t1');
    expect(JSON.parse(form.get('request')!)).to.deep.equal({ JobId: 'j' });
  });
});

/** An in-memory proxy: answers each API with a function of its params. */
function setup(answers: Record<string, (p: Record<string, unknown>) => unknown>, settings: AliyunSettings = {}) {
  const clock = new FakeClock();
  const events: DomainEvent[] = [];
  const lost: WellError[] = [];
  const resyncs: string[] = [];
  const raws: string[] = [];
  const calls: { api: string; params: Record<string, unknown> }[] = [];
  const sink: VendorSink = {
    event: (e) => events.push(e),
    raw: (r) => raws.push(`${r.name} ${r.decoded}`),
    channelLost: (e) => lost.push(e),
    error: () => {},
    resync: (why) => resyncs.push(why),
    log: () => {},
  };
  const transport = (api: string, params: Record<string, unknown>) => {
    calls.push({ api, params });
    const answer = answers[api];
    if (!answer) return { Code: 'InvalidAction.NotFound', Message: api, RequestId: 'r' };
    const data = answer(params);
    return data instanceof Error ? Promise.reject(data) : { Code: 'OK', Data: data, RequestId: 'r' };
  };
  const vendor: Vendor = createAliyunVendorWith(clock)(
    {
      endpoints: { apiUrl: 'http://proxy.test', loginUrl: 'http://proxy.test', eventUrl: 'ws://proxy.test' },
      requestTimeoutMs: 1000,
      heartbeatMs: 0,
      aliyun: { instanceId: 'ccc-test', transport, skillGroups: ['sales@ccc-test'], ...settings },
    },
    sink,
  );
  return { vendor, clock, events, lost, resyncs, raws, calls };
}

const ctx = (state: string, extra: Record<string, unknown> = {}) => ({
  UserId: 'agent1@ccc-test',
  Extension: '80001001',
  UserState: state,
  ...extra,
});
const credentials = { jobNumber: 'agent1', domain: 'ccc-test', extension: '0', token: 't' };
const signal = () => new AbortController().signal;

describe('aliyun adapter (injected transport)', () => {
  it('logs in with PascalCase params and reports the break code; a poll that contradicts local state wins', async () => {
    let state = ctx('BREAK', { BreakCode: 'Warm-up' });
    const t = setup({
      GetLoginDetails: () => ({ UserId: 'agent1@ccc-test', Extension: '80001001' }),
      SignInGroup: () => state,
      PollUserStatus: () => ({ UserContext: state }),
    });
    const identity = await t.vendor.authenticate(credentials, signal());
    expect(identity).to.deep.include({ agentId: 'agent1@ccc-test', extension: '80001001' });
    await t.vendor.openChannel(signal());
    await t.vendor.execute({ type: 'login', initialMode: 'NotReady' }, signal());
    expect(t.calls.find((c) => c.api === 'SignInGroup')?.params).to.deep.include({
      InstanceId: 'ccc-test',
      UserId: 'agent1@ccc-test',
      SignedSkillGroupIdList: '["sales@ccc-test"]',
    });
    expect(t.events.map((e) => e.type)).to.deep.equal(['agent.loggedOn', 'agent.wentNotReady']);
    state = ctx('READY');
    await t.clock.tick();
    expect(t.events.at(-1)?.type).to.equal('agent.wentReady');
    state = ctx('OFFLINE');
    await t.clock.tick();
    expect(t.events.at(-1)?.type).to.equal('agent.loggedOff');
    expect(t.clock.pending).to.deep.equal([]); // polling stopped with the session
  });

  it('logs on ready or not ready; the mode it lands in (or the call it is in) follows as facts of the answer', async () => {
    const talking = {
      UserContext: ctx('TALKING'),
      CallContext: {
        JobId: 'job-1',
        CallType: 'INBOUND',
        ChannelContexts: [
          { ChannelId: 'ch:customer:c', ChannelState: 'ANSWERED', Originator: '139', Index: 0 },
          { ChannelId: 'ch:user:a', ChannelState: 'ANSWERED', UserId: 'agent1@ccc-test', Index: 1 },
        ],
      },
    };
    const landings: [answer: unknown, events: string[]][] = [
      [ctx('READY'), ['agent.loggedOn Ready']],
      [ctx('BREAK'), ['agent.loggedOn NotReady']],
      [ctx('BREAK', { BreakCode: 'Warm-up' }), ['agent.loggedOn NotReady', 'agent.wentNotReady Warm-up']],
      [ctx('READY', { OutboundScenario: true }), ['agent.loggedOn NotReady', 'agent.wentNotReady 2']],
      [ctx('WORKING'), ['agent.loggedOn NotReady', 'agent.startedAfterCallWork']],
      [talking, ['agent.loggedOn Ready', 'call.delivered', 'call.established']],
    ];
    for (const [answer, expected] of landings) {
      const t = setup({
        GetLoginDetails: () => ({ UserId: 'agent1@ccc-test', Extension: '80001001' }),
        SignInGroup: () => answer,
      });
      await t.vendor.authenticate(credentials, signal());
      await t.vendor.execute({ type: 'login', initialMode: 'NotReady' }, signal());
      const seen = t.events.map((e) =>
        e.type === 'agent.loggedOn'
          ? `${e.type} ${e.mode}`
          : e.type === 'agent.wentNotReady'
            ? `${e.type} ${e.reason}`
            : e.type,
      );
      expect(seen).to.deep.equal(expected);
      // the answer is recorded once, as decoded, when it brings facts after the log-on
      expect(t.raws).to.deep.equal(expected.length > 1 ? ['SignInGroup true'] : []);
    }
  });

  it('hold, DTMF and mute name the job and the right channel', async () => {
    const channels = [
      { ChannelId: 'ch:customer:c', ChannelState: 'ANSWERED', ChannelFlags: '', Originator: '139', Index: 0 },
      { ChannelId: 'ch:user:a', ChannelState: 'ANSWERED', ChannelFlags: '', UserId: 'agent1@ccc-test', Index: 1 },
    ];
    const talking = {
      UserContext: ctx('TALKING'),
      CallContext: { JobId: 'job-9', CallType: 'INBOUND', ChannelContexts: channels },
    };
    const t = setup({
      GetLoginDetails: () => ({ UserId: 'agent1@ccc-test', Extension: '80001001' }),
      SignInGroup: () => ctx('READY'),
      PollUserStatus: () => talking,
      HoldCall: () => talking,
      SendDtmfSignaling: () => talking,
      MuteCall: () => talking,
    });
    await t.vendor.authenticate(credentials, signal());
    await t.vendor.execute({ type: 'login', initialMode: 'Ready' }, signal());
    await t.clock.tick();
    expect(t.events.map((e) => e.type).slice(-2)).to.deep.equal(['call.delivered', 'call.established']);
    await t.vendor.execute({ type: 'hold', callId: 'job-9' }, signal());
    await t.vendor.execute({ type: 'dtmf', callId: 'job-9', digits: '12#' }, signal());
    await t.vendor.execute({ type: 'mute', callId: 'job-9' }, signal());
    expect(t.calls.find((c) => c.api === 'HoldCall')?.params).to.include({
      JobId: 'job-9',
      ChannelId: 'ch:customer:c',
    });
    expect(t.calls.find((c) => c.api === 'SendDtmfSignaling')?.params).to.include({
      ChannelId: 'ch:customer:c',
      Dtmf: '12#',
    });
    expect(t.calls.find((c) => c.api === 'MuteCall')?.params).to.include({ JobId: 'job-9' });
    const unknown = await rejection(t.vendor.execute({ type: 'hold', callId: 'nope' }, signal()));
    expect(unknown.code).to.equal(WellErrorCode.INVALID_ARGUMENT);
    const conference = await rejection(
      t.vendor.execute({ type: 'conference', heldCallId: 'job-9', consultCallId: 'x' }, signal()),
    );
    expect(conference.code).to.equal(WellErrorCode.NOT_SUPPORTED);
  });

  it('a transport that fails three polls in a row loses the channel; an error envelope is typed', async () => {
    const t = setup({
      GetLoginDetails: () => ({ UserId: 'agent1@ccc-test', Extension: '80001001' }),
      SignInGroup: () => ctx('READY'),
      PollUserStatus: () => new Error('network down'),
    });
    await t.vendor.authenticate(credentials, signal());
    await t.vendor.execute({ type: 'login', initialMode: 'Ready' }, signal());
    await t.clock.tick();
    await t.clock.tick();
    await t.clock.tick();
    expect(t.lost.map((e) => e.code)).to.deep.equal([WellErrorCode.CHANNEL_ERROR]);
    const refused = await rejection(t.vendor.execute({ type: 'setMode', mode: 'NotReady', reason: 'x' }, signal()));
    expect(refused).to.deep.include({ code: WellErrorCode.REFUSED, vendorCode: 'InvalidAction.NotFound' });
  });

  it('login fails with LOGIN_FAILED keeping the Aliyun code', async () => {
    const t = setup({});
    const error = await rejection(t.vendor.authenticate(credentials, signal()));
    expect(error.code).to.equal(WellErrorCode.LOGIN_FAILED);
    expect(error.vendorCode).to.equal('InvalidAction.NotFound');
  });
});
