// The Aliyun Cloud Call Center model behind the simulated proxy (docs/protocols/aliyun.md): agents with the
// UserState machine, jobs with their channels, and every OpenAPI the agent side calls. Errors are CccError with the
// OpenAPI codes of fact 5, thrown on the conditions that cause them.

export const ALIYUN_INSTANCE = 'ccc-test';
export const SKILL_GROUPS = ['sales', 'support'];
export const OUTBOUND_NUMBERS = ['057128230001', '057128230002'];

/** An OpenAPI refusal: `Code`, `HttpStatusCode`, `Message`, `Params`. */
export class CccError extends Error {
  constructor(code, httpStatus, message, params = []) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
    this.params = params;
  }
}

const userState = (user, expected) =>
  new CccError(
    'InvalidOperation.UserState',
    400,
    `The operation is not allowed. User state (${user.state}) does not meet expectations (${expected.join(',')}).`,
    [user.state, expected.join(',')],
  );

const blank = (name) => new CccError('Parameter.Blank', 400, `The parameter ${name} must not be blank.`, [name]);

export class CallCenter {
  constructor({ instanceId = ALIYUN_INSTANCE, config }) {
    this.instanceId = instanceId;
    this.config = config;
    /** @type {Map<string, any>} */
    this.users = new Map();
    /** @type {Map<string, any>} */
    this.jobs = new Map();
    this.nextJob = 1;
    this.timers = new Set();
    this.reset();
  }

  reset() {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.users.clear();
    this.jobs.clear();
    for (let i = 1; i <= 5; i++) {
      const userId = `agent${i}@${this.instanceId}`;
      this.users.set(userId, {
        userId,
        extension: `8000100${i}`,
        displayName: `Agent ${i}`,
        state: 'OFFLINE',
        breakCode: '',
        outboundScenario: false,
        workMode: 'ON_SITE',
        mobile: '',
        deviceId: '',
        groups: [],
        jobId: '',
        heartbeat: 0,
        muted: false,
      });
    }
  }

  stop() {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  later(ms, run) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      run();
    }, ms);
    this.timers.add(t);
    return t;
  }

  user(params) {
    if (!params.InstanceId) throw blank('InstanceId');
    if (params.InstanceId !== this.instanceId) {
      throw new CccError('NotExists.InstanceId', 404, `The instance ${params.InstanceId} does not exist.`, [
        String(params.InstanceId),
      ]);
    }
    const id = params.UserId || `agent1@${this.instanceId}`;
    const user = this.users.get(id);
    if (!user) throw new CccError('NotExists.UserId', 404, `The user ${id} does not exist.`, [String(id)]);
    return user;
  }

  byExtensionOrId(target) {
    for (const u of this.users.values()) if (u.extension === target || u.userId === target) return u;
    return undefined;
  }

  userContext(user) {
    return {
      UserId: user.userId,
      InstanceId: this.instanceId,
      Extension: user.extension,
      DeviceId: user.deviceId,
      WorkMode: user.workMode,
      UserState: user.state,
      BreakCode: user.breakCode,
      OutboundScenario: user.outboundScenario,
      SignedSkillGroupIdList: user.groups,
      JobId: user.jobId,
      Mobile: user.mobile,
      Heartbeat: user.heartbeat,
    };
  }

  callContext(job) {
    if (!job) return null;
    return {
      JobId: job.jobId,
      InstanceId: this.instanceId,
      CallType: job.callType,
      CallVariables: job.callVariables,
      ChannelContexts: job.channels.map((c) => ({
        ChannelId: c.channelId,
        JobId: job.jobId,
        ChannelState: c.state,
        ChannelFlags: this.config().flagsAsString ? [...c.flags].join(',') : [...c.flags],
        UserId: c.userId,
        UserExtension: c.extension,
        Originator: c.originator,
        Destination: c.destination,
        Index: c.index,
        Timestamp: c.timestamp,
        ReleaseInitiator: c.releaseInitiator,
        ReleaseReason: c.releaseReason,
      })),
    };
  }

  /** `{CallContext, UserContext}` of a user (its current job, or the one just ended). */
  contexts(user, job = this.jobs.get(user.jobId)) {
    return { CallContext: this.callContext(job), UserContext: this.userContext(user) };
  }

  view() {
    return {
      instanceId: this.instanceId,
      config: this.config(),
      users: [...this.users.values()].map((u) => this.userContext(u)),
      jobs: [...this.jobs.values()].map((j) => ({ ...this.callContext(j), dtmf: j.dtmf })),
    };
  }

  // --- state changes -------------------------------------------------------------------------------------------

  setState(user, state, breakCode = '') {
    user.state = state;
    user.breakCode = state === 'BREAK' ? breakCode : '';
    if (!['RINGING', 'DIALING', 'TALKING'].includes(state)) {
      user.jobId = '';
      user.muted = false;
    }
  }

  /** After the agent's leg of a talk ends: after-call work (or ready, `afterCall: 'ready'`). */
  afterCall(user) {
    this.setState(user, this.config().afterCall === 'ready' ? 'READY' : 'WORKING');
  }

  newJob(callType, callVariables = '') {
    const jobId = `job-${Date.now().toString(36)}-${this.nextJob++}`;
    const job = { jobId, callType, callVariables, channels: [], dtmf: '' };
    this.jobs.set(jobId, job);
    return job;
  }

  addChannel(job, { kind, from, to, user, state }) {
    const now = Date.now();
    const channel = {
      channelId: `ch:${kind}:${from}->${to}:${now}:${job.jobId}`,
      state,
      flags: new Set(),
      userId: user?.userId ?? '',
      extension: user?.extension ?? '',
      originator: from,
      destination: to,
      index: job.channels.length,
      timestamp: now,
      releaseInitiator: '',
      releaseReason: '',
    };
    job.channels.push(channel);
    return channel;
  }

  release(channel, initiator, reason) {
    if (channel.state === 'RELEASED') return;
    channel.state = 'RELEASED';
    channel.flags.clear();
    channel.releaseInitiator = initiator;
    channel.releaseReason = reason;
    channel.timestamp = Date.now();
  }

  ownChannel(job, user) {
    return job?.channels.find((c) => c.userId === user.userId && c.state !== 'RELEASED');
  }

  /** A job of the user, named by `JobId`. */
  job(user, params) {
    if (!params.JobId) throw blank('JobId');
    const job = this.jobs.get(params.JobId);
    if (!job || !job.channels.some((c) => c.userId === user.userId)) {
      throw new CccError('NotExists.JobId', 404, `The job ${params.JobId} does not exist.`, [String(params.JobId)]);
    }
    return job;
  }

  channel(job, channelId) {
    if (!channelId) throw blank('ChannelId');
    const channel = job.channels.find((c) => c.channelId === channelId);
    if (!channel) {
      throw new CccError('NotExists.ChannelId', 404, `The channel ${channelId} does not exist.`, [String(channelId)]);
    }
    return channel;
  }

  expect(user, states) {
    if (!states.includes(user.state)) throw userState(user, states);
  }

  expectChannel(channel, states) {
    if (!states.includes(channel.state)) {
      throw new CccError(
        'InvalidOperation.ChannelState',
        400,
        `The operation is not allowed. Channel state (${channel.state}) does not meet expectations (${states.join(',')}).`,
        [channel.state, states.join(',')],
      );
    }
  }

  /** Rings `user` on `job` (inbound, transfer or consult target); 30 s unanswered → break `RingingTimeout`. */
  ring(job, user, from) {
    const channel = this.addChannel(job, { kind: 'user', from, to: user.extension, user, state: 'RINGING' });
    user.jobId = job.jobId;
    this.setState(user, 'RINGING');
    user.jobId = job.jobId;
    this.later(this.config().ringTimeoutMs, () => this.ringTimeout(job, user));
    return channel;
  }

  /** Ringing unanswered (30 s by default): the agent goes on break `RingingTimeout`, the call leaves it. */
  ringTimeout(job, user) {
    const channel = this.ownChannel(job, user);
    if (channel?.state !== 'RINGING') return false;
    this.release(channel, 'system', '480 - Ringing timeout');
    this.setState(user, 'BREAK', 'RingingTimeout');
    this.endIfAlone(job);
    return true;
  }

  /** Ends the job when no agent leg is left (the customer goes back to the queue: the simulator drops it). */
  endIfAlone(job) {
    const agents = job.channels.filter((c) => c.userId && c.state !== 'RELEASED');
    if (agents.length > 0) return;
    for (const c of job.channels) this.release(c, 'system', '200 - Normal');
  }

  /** Control API: a customer calls `user` (must be READY, not outbound only). */
  inbound(user, { caller = '13800000000', callVariables = '' } = {}) {
    if (user.state !== 'READY' || user.outboundScenario) throw userState(user, ['READY']);
    const job = this.newJob('INBOUND', callVariables);
    this.addChannel(job, { kind: 'customer', from: caller, to: user.extension, state: 'ANSWERED' });
    this.ring(job, user, caller);
    return job;
  }
  /** The agents of a job other than `except`, with their live legs. */
  otherAgents(job, except) {
    return job.channels
      .filter((c) => c.userId && c.userId !== except?.userId)
      .map((c) => this.users.get(c.userId))
      .filter((u) => u && u.jobId === job.jobId);
  }

  /** The agent `initiator` hangs up: every leg ends, the other agents of the job go to after-call work. */
  hangUpAll(job, initiator) {
    for (const c of job.channels) this.release(c, initiator, '200 - Normal');
    for (const other of this.otherAgents(job, undefined)) {
      if (other.extension === initiator) continue;
      if (other.state === 'TALKING') this.afterCall(other);
      else this.setState(other, 'READY');
    }
  }

  /** The third (consulted) leg of a job, from `user`'s side. */
  consultLeg(job, user) {
    const own = this.ownChannel(job, user);
    const live = job.channels.filter((c) => c !== own && c.state !== 'RELEASED');
    const third = live[1];
    if (!third) {
      throw new CccError('InvalidOperation', 400, 'The operation is not allowed: no attended transfer in progress.');
    }
    return third;
  }

  /** `Transferee` + `TransfereeType` → an agent or an outside number; NotExists / Parameter errors otherwise. */
  transferTarget(p, types) {
    const type = String(p.TransfereeType ?? 'AGENT');
    if (!types.includes(type)) {
      throw new CccError('Parameter.Enumeration', 400, `TransfereeType must be one of ${types.join(', ')}.`, [type]);
    }
    if (!p.Transferee) throw blank('Transferee');
    const target = String(p.Transferee);
    if (type === 'AGENT') {
      const agent = this.byExtensionOrId(target);
      if (!agent) throw new CccError('NotExists.Extension', 404, `The extension ${target} does not exist.`, [target]);
      if (agent.state !== 'READY')
        throw new CccError('UserBusy', 400, `The user ${agent.userId} is busy.`, [agent.userId]);
      return { agent };
    }
    if (type === 'SKILL_GROUP') {
      // a group the instance does not have is refused like SignInGroup refuses it; with no agent of the group
      // READY (signed in to it, inbound) the call is refused as busy: the simulator does not queue it
      if (!SKILL_GROUPS.some((g) => `${g}@${this.instanceId}` === target)) {
        throw new CccError('Parameter.Invalid', 400, `The skill group ${target} does not exist.`, [target]);
      }
      const agent = [...this.users.values()].find(
        (u) => u.groups.includes(target) && u.state === 'READY' && !u.outboundScenario,
      );
      if (!agent) throw new CccError('UserBusy', 400, `No agent of ${target} is free.`, [target]);
      return { agent };
    }
    return { number: target };
  }

  /** What an outside number does when it rings (config `farEnd`, after `farEndDelayMs`). */
  farEnd(job, leg) {
    const { farEnd, farEndDelayMs } = this.config();
    if (farEnd === 'manual') return;
    this.later(farEndDelayMs, () => {
      if (leg.state !== 'RINGING') return;
      if (farEnd === 'answer') this.farEndAnswer(job.jobId);
      else this.farEndFail(job.jobId, farEnd === 'busy' ? '486:USER_BUSY' : '480 - No answer');
    });
  }

  /** The ringing outside leg of a job (the customer, or the consulted number). */
  ringingLeg(jobId) {
    const job = this.jobs.get(jobId);
    if (!job) throw new CccError('NotExists.JobId', 404, `The job ${jobId} does not exist.`, [jobId]);
    const leg = job.channels.find((c) => !c.userId && (c.state === 'RINGING' || c.state === 'EARLY_MEDIA'));
    if (!leg) throw new CccError('InvalidOperation.ChannelState', 409, `No outside leg of ${jobId} is ringing.`);
    return { job, leg };
  }

  /** Control API: the outside number answers. */
  farEndAnswer(jobId) {
    const { job, leg } = this.ringingLeg(jobId);
    leg.state = 'ANSWERED';
    leg.timestamp = Date.now();
    for (const u of this.otherAgents(job, undefined)) if (u.state === 'DIALING') this.setState(u, 'TALKING');
    return job;
  }

  /** Control API: the outside number is busy or does not answer (`reason` is the SIP-style release reason). */
  farEndFail(jobId, reason) {
    const { job, leg } = this.ringingLeg(jobId);
    this.release(leg, leg.destination, reason);
    for (const u of this.otherAgents(job, undefined)) {
      if (u.state !== 'DIALING') continue;
      this.release(this.ownChannel(job, u), 'system', reason);
      this.setState(u, 'READY');
    }
    return job;
  }

  /** Control API: the customer hangs up; every agent of the job goes to after-call work. */
  customerHangUp(jobId) {
    const job = this.jobs.get(jobId);
    if (!job) throw new CccError('NotExists.JobId', 404, `The job ${jobId} does not exist.`, [jobId]);
    const agents = this.otherAgents(job, undefined);
    for (const c of job.channels) this.release(c, 'customer', '200 - Normal');
    for (const u of agents) {
      if (u.state === 'TALKING') this.afterCall(u);
      else if (u.state === 'RINGING') this.setState(u, 'READY');
      else this.setState(u, 'READY');
    }
    return job;
  }
}
