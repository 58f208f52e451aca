// Conferences in the simulated call center (docs/protocols/aliyun.md fact 9 and docs/simulator.md "Aliyun CCC"): CCC
// has no agent-side conference API, so the control API turns an agent's live call into one (CallType CONFERENCE,
// the consulted leg joined or an outside number added), adds a leg to it, or drops one.
import { CccError } from './ccc.mjs';

const live = (c) => c.state !== 'RELEASED';

function talkingJob(cc, jobId) {
  const job = cc.jobs.get(jobId);
  if (!job) throw new CccError('NotExists.JobId', 404, `The job ${jobId} does not exist.`, [jobId]);
  const agent = cc.otherAgents(job, undefined).find((u) => u.state === 'TALKING');
  if (!agent) throw new CccError('InvalidOperation', 400, `No agent is talking on ${jobId}.`, [jobId]);
  return { job, agent };
}

/** An outside leg dialled from the call by `agent`, answered at once. */
function addLeg(cc, job, agent, number) {
  const leg = cc.addChannel(job, { kind: 'customer', from: agent.extension, to: number, state: 'ANSWERED' });
  return leg;
}

/**
 * The agent's call becomes a conference: a consulted leg (ringing or answered) joins, else `number` is added; every
 * hold ends and the consulted agent, if any, talks.
 */
export function conference(cc, jobId, number = '13900000001') {
  const { job, agent } = talkingJob(cc, jobId);
  const own = cc.ownChannel(job, agent);
  const others = job.channels.filter((c) => c !== own && live(c));
  const third = others[1];
  if (third) {
    third.state = 'ANSWERED';
    const consultee = third.userId ? cc.users.get(third.userId) : undefined;
    if (consultee) cc.setState(consultee, 'TALKING');
    if (consultee) consultee.jobId = job.jobId;
  } else addLeg(cc, job, agent, String(number));
  for (const c of job.channels) c.flags.delete('HOLD');
  job.callType = 'CONFERENCE';
  return job;
}

/** A party joins a conference. */
export function join(cc, jobId, number) {
  const { job, agent } = talkingJob(cc, jobId);
  if (job.callType !== 'CONFERENCE') throw new CccError('InvalidOperation', 400, `${jobId} is not a conference.`);
  if (!number) throw new CccError('Parameter.Blank', 400, 'The parameter number must not be blank.', ['number']);
  addLeg(cc, job, agent, String(number));
  return job;
}

/** The leg of `number` (an outside number or an agent's extension) leaves; the last party leaving ends the call. */
export function leave(cc, jobId, number) {
  const { job } = talkingJob(cc, jobId);
  const leg = job.channels.find(
    (c) => live(c) && (c.extension === number || (!c.userId && (c.destination === number || c.originator === number))),
  );
  if (!leg) throw new CccError('NotExists.ChannelId', 404, `No leg of ${number} in ${jobId}.`, [String(number)]);
  cc.release(leg, String(number), '200 - Normal');
  const gone = leg.userId ? cc.users.get(leg.userId) : undefined;
  if (gone) cc.afterCall(gone);
  if (job.channels.filter(live).length < 2) cc.customerHangUp(jobId);
  return job;
}
