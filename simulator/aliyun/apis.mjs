// The OpenAPIs of the simulated proxy (docs/protocols/aliyun.md fact 6): each takes the call center and the request
// parameters and returns `Data`, or throws a CccError.
import { CccError, OUTBOUND_NUMBERS, SKILL_GROUPS } from './ccc.mjs';

const IDLE = ['READY', 'BREAK', 'WORKING'];
const TALK = ['TALKING'];
const WORK_MODES = ['ON_SITE', 'OFF_SITE', 'OFFICE_PHONE'];

const truthy = (v) => v === true || v === 'true';

/** @type {Record<string, (cc: import('./ccc.mjs').CallCenter, p: Record<string, any>) => unknown>} */
export const APIS = {
  GetLoginDetails(cc, p) {
    const u = cc.user(p);
    return {
      UserId: u.userId,
      DisplayName: u.displayName,
      Extension: u.extension,
      WorkMode: u.workMode,
      SipServerUrl: 'sh-sip-ccc.aliyuncs.com:443',
      Signature2: 'simulated-signature',
      UserKey2: 'simulated-user-key',
      AgentServerUrl: 'sh-wss-ccc.aliyuncs.com',
      DeviceId: '',
      DeviceState: 'UNREGISTERED',
    };
  },
  ListSkillLevelsOfUser(cc, p) {
    const u = cc.user(p);
    const List = SKILL_GROUPS.map((g, i) => ({
      SkillGroupId: `${g}@${cc.instanceId}`,
      SkillGroupName: g,
      SkillLevel: 5 - i,
      UserId: u.userId,
    }));
    return { List, TotalCount: List.length, PageNumber: 1, PageSize: 100 };
  },
  ListSkillGroups(cc) {
    const List = SKILL_GROUPS.map((g) => ({ SkillGroupId: `${g}@${cc.instanceId}`, SkillGroupName: g }));
    return { List, TotalCount: List.length };
  },
  ListOutboundNumbersOfUser(cc, p) {
    cc.user(p);
    const List = OUTBOUND_NUMBERS.map((Number) => ({ Number, Usage: 'Bidirection' }));
    return { List, TotalCount: List.length };
  },
  SignInGroup(cc, p) {
    const u = cc.user(p);
    if (!p.DeviceId)
      throw new CccError('Parameter.Blank', 400, 'The parameter DeviceId must not be blank.', ['DeviceId']);
    let groups;
    try {
      groups = JSON.parse(String(p.SignedSkillGroupIdList ?? ''));
    } catch {
      groups = undefined;
    }
    if (!Array.isArray(groups)) {
      throw new CccError('Parameter.Invalid', 400, 'SignedSkillGroupIdList must be a JSON array.', [
        'SignedSkillGroupIdList',
      ]);
    }
    const known = SKILL_GROUPS.map((g) => `${g}@${cc.instanceId}`);
    const unknown = groups.find((g) => !known.includes(g));
    if (unknown !== undefined) {
      throw new CccError('Parameter.Invalid', 400, `The skill group ${unknown} does not exist.`, [String(unknown)]);
    }
    cc.expect(u, ['OFFLINE', ...IDLE]);
    u.groups = truthy(p.Additivity) ? [...new Set([...u.groups, ...groups])] : groups;
    u.deviceId = String(p.DeviceId);
    if (u.state === 'OFFLINE') cc.setState(u, 'BREAK', 'Warm-up');
    return cc.userContext(u);
  },
  SignOutGroup(cc, p) {
    const u = cc.user(p);
    cc.expect(u, IDLE);
    cc.setState(u, 'OFFLINE');
    u.groups = [];
    u.outboundScenario = false;
    return cc.userContext(u);
  },
  TakeBreak(cc, p) {
    const u = cc.user(p);
    if (!p.Code) throw new CccError('Parameter.Blank', 400, 'The parameter Code must not be blank.', ['Code']);
    cc.expect(u, IDLE);
    cc.setState(u, 'BREAK', String(p.Code));
    return cc.userContext(u);
  },
  ReadyForService(cc, p) {
    const u = cc.user(p);
    cc.expect(u, IDLE);
    u.outboundScenario = truthy(p.OutboundScenario);
    cc.setState(u, 'READY');
    return cc.userContext(u);
  },
  ResetAgentState(cc, p) {
    const u = cc.user(p);
    cc.setState(u, 'READY');
    return cc.userContext(u);
  },
  ChangeWorkMode(cc, p) {
    const u = cc.user(p);
    if (!WORK_MODES.includes(p.WorkMode)) {
      throw new CccError('Parameter.Enumeration', 400, `WorkMode must be one of ${WORK_MODES.join(', ')}.`, [
        String(p.WorkMode),
      ]);
    }
    cc.expect(u, ['OFFLINE', ...IDLE]);
    u.workMode = p.WorkMode;
    if (p.Mobile) u.mobile = String(p.Mobile);
    return cc.userContext(u);
  },
  PollUserStatus(cc, p) {
    const u = cc.user(p);
    u.heartbeat = Date.now();
    return { ContextId: 1, ...cc.contexts(u), ChatContexts: [] };
  },
  MakeCall(cc, p) {
    const u = cc.user(p);
    if (!p.Callee) throw new CccError('Parameter.Blank', 400, 'The parameter Callee must not be blank.', ['Callee']);
    if (['RINGING', 'DIALING', 'TALKING'].includes(u.state)) {
      throw new CccError('UserBusy', 400, 'The user is busy.', [u.userId]);
    }
    cc.expect(u, IDLE);
    const callee = String(p.Callee);
    const agent = cc.byExtensionOrId(callee);
    if (agent && agent !== u && agent.state !== 'READY') {
      throw new CccError('UserBusy', 400, `The user ${agent.userId} is busy.`, [agent.userId]);
    }
    if (!agent && p.Caller && !OUTBOUND_NUMBERS.includes(String(p.Caller))) {
      throw new CccError('Parameter.Invalid', 400, `The caller ${p.Caller} is not an outbound number of the user.`, [
        String(p.Caller),
      ]);
    }
    const job = cc.newJob(agent ? 'INTERNAL' : 'OUTBOUND');
    cc.addChannel(job, { kind: 'user', from: u.extension, to: callee, user: u, state: 'ANSWERED' });
    u.jobId = job.jobId;
    cc.setState(u, 'DIALING');
    u.jobId = job.jobId;
    if (agent) cc.ring(job, agent, u.extension);
    else {
      const from = String(p.Caller ?? OUTBOUND_NUMBERS[0]);
      const leg = cc.addChannel(job, { kind: 'customer', from, to: callee, state: 'RINGING' });
      cc.farEnd(job, leg);
    }
    return { ContextId: 1, ...cc.contexts(u, job) };
  },
  AnswerCall(cc, p) {
    const u = cc.user(p);
    const job = cc.job(u, p);
    cc.expect(u, ['RINGING']);
    const own = cc.ownChannel(job, u);
    own.state = 'ANSWERED';
    own.timestamp = Date.now();
    cc.setState(u, 'TALKING');
    u.jobId = job.jobId;
    // the agent who rang this one (internal call, consultation) is talking now
    for (const c of job.channels) {
      const other = c.userId && c.userId !== u.userId ? cc.users.get(c.userId) : undefined;
      if (other && other.jobId === job.jobId && other.state === 'DIALING') cc.setState(other, 'TALKING');
      if (other) other.jobId = job.jobId;
    }
    return cc.contexts(u, job);
  },
  ReleaseCall(cc, p) {
    const u = cc.user(p);
    const job = cc.job(u, p);
    cc.expect(u, ['RINGING', 'DIALING', 'TALKING']);
    const own = cc.ownChannel(job, u);
    if (p.ChannelId && p.ChannelId !== own?.channelId) {
      cc.release(cc.channel(job, p.ChannelId), u.extension, '200 - Normal');
      return cc.contexts(u, job);
    }
    const was = u.state;
    cc.hangUpAll(job, u.extension);
    if (was === 'RINGING') cc.setState(u, 'BREAK', 'RejectCall');
    else if (was === 'DIALING') cc.setState(u, 'READY');
    else cc.afterCall(u);
    return cc.contexts(u, job);
  },
  HoldCall(cc, p) {
    const u = cc.user(p);
    const job = cc.job(u, p);
    cc.expect(u, TALK);
    const channel = cc.channel(job, p.ChannelId);
    cc.expectChannel(channel, ['ANSWERED']);
    channel.flags.add('HOLD');
    return cc.contexts(u, job);
  },
  RetrieveCall(cc, p) {
    const u = cc.user(p);
    const job = cc.job(u, p);
    cc.expect(u, TALK);
    const channel = cc.channel(job, p.ChannelId);
    if (!channel.flags.has('HOLD')) cc.expectChannel(channel, ['HOLD']);
    channel.flags.delete('HOLD');
    return cc.contexts(u, job);
  },
  SendDtmfSignaling(cc, p) {
    const u = cc.user(p);
    const job = cc.job(u, p);
    cc.expect(u, ['DIALING', 'TALKING']);
    cc.channel(job, p.ChannelId);
    if (!/^[0-9*#]+$/.test(String(p.Dtmf ?? ''))) {
      throw new CccError('Parameter.Invalid', 400, 'Dtmf may contain 0-9, * and #.', [String(p.Dtmf)]);
    }
    job.dtmf += String(p.Dtmf);
    return cc.contexts(u, job);
  },
  MuteCall(cc, p) {
    const u = cc.user(p);
    const job = cc.job(u, p);
    cc.expect(u, TALK);
    cc.ownChannel(job, u).flags.add('MUTED');
    return cc.contexts(u, job);
  },
  UnmuteCall(cc, p) {
    const u = cc.user(p);
    const job = cc.job(u, p);
    cc.expect(u, TALK);
    cc.ownChannel(job, u).flags.delete('MUTED');
    return cc.contexts(u, job);
  },
  BlindTransfer(cc, p) {
    const u = cc.user(p);
    const job = cc.job(u, p);
    cc.expect(u, TALK);
    const target = cc.transferTarget(p, ['AGENT', 'SKILL_GROUP', 'IVR', 'EXTERNAL_NUMBER']);
    cc.release(cc.ownChannel(job, u), u.extension, '200 - Transferred');
    if (target.agent) cc.ring(job, target.agent, u.extension);
    else if (target.number)
      cc.farEnd(job, cc.addChannel(job, { kind: 'customer', from: u.extension, to: target.number, state: 'RINGING' }));
    cc.afterCall(u);
    return { ContextId: 1, ...cc.contexts(u, job) };
  },
  InitiateAttendedTransfer(cc, p) {
    const u = cc.user(p);
    const job = cc.job(u, p);
    cc.expect(u, TALK);
    const own = cc.ownChannel(job, u);
    const live = job.channels.filter((c) => c !== own && c.state !== 'RELEASED');
    if (live.length !== 1) cc.expectChannel(live[1] ?? own, ['NONE']);
    const target = cc.transferTarget(p, ['AGENT', 'SKILL_GROUP', 'EXTERNAL']);
    live[0].flags.add('HOLD');
    if (target.agent) {
      cc.ring(job, target.agent, u.extension);
      target.agent.consultOf = job.jobId;
    } else {
      cc.farEnd(job, cc.addChannel(job, { kind: 'customer', from: u.extension, to: target.number, state: 'RINGING' }));
    }
    return { ContextId: 1, ...cc.contexts(u, job) };
  },
  CancelAttendedTransfer(cc, p) {
    const u = cc.user(p);
    const job = cc.job(u, p);
    const third = cc.consultLeg(job, u);
    cc.release(third, u.extension, '200 - Cancelled');
    const consultee = third.userId ? cc.users.get(third.userId) : undefined;
    if (consultee) cc.afterCall(consultee);
    for (const c of job.channels) c.flags.delete('HOLD');
    return cc.contexts(u, job);
  },
  CompleteAttendedTransfer(cc, p) {
    const u = cc.user(p);
    const job = cc.job(u, p);
    const third = cc.consultLeg(job, u);
    cc.expectChannel(third, ['ANSWERED']);
    for (const c of job.channels) c.flags.delete('HOLD');
    cc.release(cc.ownChannel(job, u), u.extension, '200 - Transferred');
    cc.afterCall(u);
    return cc.contexts(u, job);
  },
};
