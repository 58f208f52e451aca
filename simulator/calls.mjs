// @ts-check
import { randomUUID } from 'node:crypto';
import { CtiError } from './errors.mjs';
import { formatEventTime } from './events.mjs';

/** @typedef {import('./world.mjs').World} World */
/** @typedef {import('./world.mjs').Agent} Agent */
/** @typedef {import('./world.mjs').Session} Session */
/** @typedef {import('./world.mjs').Published} Published */

/**
 * State of one device's connection in a call (CSTA `localState` values).
 * @typedef {'Initiate' | 'Alerting' | 'Connect' | 'Hold'} PartyState
 */

/**
 * @typedef {object} Party
 * @property {string} deviceId `number@domain`
 * @property {string} number the part before `@` (external numbers keep their trunk prefix)
 * @property {'extension' | 'external'} kind an extension of the directory, or a simulated outside number
 * @property {PartyState} state
 * @property {boolean} announced the device has been told about the call (only those get its events)
 * @property {number} joinedAt epoch ms
 * @property {number | null} connectedAt epoch ms of its first Connect
 * @property {boolean} silent added by a Silent single-step conference
 * @property {{recordId: string, fileName: string, on: boolean} | null} recording
 */

/**
 * @typedef {object} CallLogEntry one event as published to one agent
 * @property {number | null} serial
 * @property {string} agentId
 * @property {string | undefined} srcDeviceId
 * @property {string} eventName
 * @property {Record<string, unknown>} event the body
 */

/**
 * @typedef {object} Call
 * @property {string} callId
 * @property {'active' | 'ended'} status
 * @property {string} callType Inbound, Outbound, Internal (or what the inbound scenario says)
 * @property {Map<string, Party>} parties in the order they joined
 * @property {string} callingDevice
 * @property {string} calledDevice
 * @property {Record<string, unknown>} userData `userData.data` of `delivered`
 * @property {boolean} cpa call-progress analysis: a failing far end sends `failed` first
 * @property {Record<string, unknown>} options makeCall's originForDisplay, destForDisplay, contextId
 * @property {number} createdAt epoch ms
 * @property {number | null} endedAt
 * @property {string | null} conferencingDevice set once a conference formed; that device leaving ends it
 * @property {{conferencingDevice: string, addedParty: string} | null} pendingConference single-step conference ringing
 * @property {string | null} heldCallId on a consult call: the call held for it
 * @property {string | null} consultCallId on a held call: its consult call
 * @property {CallLogEntry[]} events every event published about it, in order
 */

/**
 * client-state's `activeCall` (times in the event-time format, which wellClient parses).
 * @typedef {object} ActiveCall
 * @property {string} callId
 * @property {string} ani calling device
 * @property {string} dnis called device
 * @property {'Initiate' | 'Alerting' | 'Connect' | 'Hold'} state the agent's own connection
 * @property {'In' | 'Out'} direction Out when the agent's device placed the call
 * @property {string} ringTime `YYYY.MM.DD HH:mm:ss`, when the agent's device joined the call
 * @property {string} [answerTime] when its connection was first connected
 * @property {string} otherSide the first other party
 */

/**
 * @typedef {object} Target where a dialled number leads
 * @property {'extension' | 'external'} kind
 * @property {string} number
 * @property {string} deviceId
 * @property {number} waitMs `main-WWext` form: the DTMF wait before the extension rings
 */

/**
 * @typedef {object} Failure
 * @property {number} failedCode
 * @property {string} failedMsg
 * @property {string} cause
 */

/** `failedCode` → `failedMsg` and the hang-up cause of the clears that follow (wellClient event docs). */
export const FAILED_CODES = Object.freeze({
  1: ['busy now', 'USER_BUSY'],
  2: ['call reminder', 'NO_USER_RESPONSE'],
  3: ['not reachable', 'NO_ROUTE_DESTINATION'],
  4: ['barring of incomming', 'CALL_REJECTED'],
  5: ['forwarded', 'NORMAL_TEMPORARY_FAILURE'],
  6: ['power off', 'SUBSCRIBER_ABSENT'],
  7: ['out of service', 'DESTINATION_OUT_OF_ORDER'],
  8: ['does not exist', 'UNALLOCATED_NUMBER'],
  9: ['hold on', 'USER_BUSY'],
  10: ['line is busy', 'NORMAL_CIRCUIT_CONGESTION'],
  11: ['not answer', 'NO_ANSWER'],
  14: ['unknown', 'UNKNOWN'],
});

const NORMAL = 'NORMAL_CLEARING';
const ENDED_KEPT = 200;
const NUMBER = /^\+?[0-9*#]+$/;
const MAIN_EXT = /^([0-9]+)-([Ww]*)([0-9]+)$/;

/**
 * @param {number} code
 * @param {{failedMsg?: unknown, cause?: unknown}} [override]
 * @returns {Failure}
 */
export function failure(code, override = {}) {
  const [msg, cause] = FAILED_CODES[/** @type {keyof typeof FAILED_CODES} */ (code)] ?? ['unknown', 'UNKNOWN'];
  return {
    failedCode: code,
    failedMsg: typeof override.failedMsg === 'string' ? override.failedMsg : msg,
    cause: typeof override.cause === 'string' ? override.cause : cause,
  };
}

/** @param {unknown} value makeCall's `cpa` ("1" enables call-progress analysis) */
const cpaOn = (value) => value === true || value === 1 || value === '1' || value === 'true';

/**
 * The calls of one simulator: parties are devices (the directory's extensions and simulated outside
 * numbers); every event goes to each logged-in agent whose device is a party, with its own
 * `srcDeviceId` and `connectionId`, through the world's ordered outbox. State changes at once; the
 * events follow `eventDelayMs` later.
 *
 * Who hears what (docs/protocols/well.md fact 13, the samples in test/fixtures/well-events.json):
 * - `serviceInitiated`, `originated`: the caller only; `delivered`: every device in the call (single-step
 *   transfer: not the transferring one); `established`, `held`, `retrieved`, `transferred`, `conferenced`:
 *   every device in the call.
 * - `connectionCleared` goes to every device still in the call, `releasingDevice` = the one leaving.
 *   When one device is left it is cleared too (it alone hears that), so in a 2-party call the device
 *   that hangs up gets 1 clear and the other 2. When the device that formed a conference leaves, the
 *   others are cleared one by one in the order they joined.
 */
export class CallSwitch {
  /** @type {Map<string, Call>} active calls by callId */
  calls = new Map();
  /** @type {Map<string, Call>} the last ended calls, for `GET /__sim/calls/:callId` */
  #ended = new Map();
  /** @type {Set<NodeJS.Timeout>} */
  #timers = new Set();
  #world;

  /** @param {World} world */
  constructor(world) {
    this.#world = world;
  }

  /** Drops every call silently (no events) and cancels timers. */
  reset() {
    this.stop();
    this.calls.clear();
    this.#ended.clear();
  }

  /** Cancels timers (auto-answer of external numbers, DTMF waits). */
  stop() {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  // Lookups

  /**
   * @param {string} callId
   * @returns {Call} the active call, or 404
   */
  active(callId) {
    const call = this.calls.get(callId);
    if (!call) throw new CtiError(404, `no call ${callId}`);
    return call;
  }

  /**
   * @param {string} callId
   * @returns {Call | undefined} active or recently ended
   */
  find(callId) {
    return this.calls.get(callId) ?? this.#ended.get(callId);
  }

  /** @returns {Call[]} recently ended calls, oldest first */
  ended() {
    return [...this.#ended.values()];
  }

  /**
   * @param {string} deviceId
   * @returns {Call[]} active calls the device is a party of, oldest first
   */
  callsOf(deviceId) {
    return [...this.calls.values()].filter((call) => call.parties.has(deviceId));
  }

  /**
   * The device's current call: the newest one it is not holding, else the newest.
   * @param {string} deviceId
   * @returns {Call | undefined}
   */
  currentCallOf(deviceId) {
    const calls = this.callsOf(deviceId);
    for (let i = calls.length - 1; i >= 0; i--) if (calls[i].parties.get(deviceId)?.state !== 'Hold') return calls[i];
    return calls.at(-1);
  }

  /**
   * client-state's `activeCall` for an agent.
   * @param {Agent | undefined} agent
   * @returns {ActiveCall | null}
   */
  activeCallOf(agent) {
    if (!agent?.loggedIn || !agent.extension) return null;
    const deviceId = this.#world.deviceId(agent.extension);
    const call = this.currentCallOf(deviceId);
    const own = call?.parties.get(deviceId);
    if (!call || !own) return null;
    const other = [...call.parties.values()].find((p) => p !== own);
    return {
      callId: call.callId,
      ani: call.callingDevice,
      dnis: call.calledDevice,
      state: own.state,
      direction: call.callingDevice === deviceId ? 'Out' : 'In',
      ringTime: formatEventTime(new Date(own.joinedAt)),
      ...(own.connectedAt === null ? {} : { answerTime: formatEventTime(new Date(own.connectedAt)) }),
      otherSide: other?.deviceId ?? '',
    };
  }

  /**
   * `number@domain` for a number, an extension or a device id (another domain is kept as is).
   * @param {string} id
   */
  deviceIdOf(id) {
    const local = this.#world.localPart(id);
    return local === null ? id : this.#world.deviceId(local);
  }

  /**
   * Where a dialled string leads: an extension of the directory (`8002`, `8002@domain`, or the
   * `main-[W|w]*ext` form, each W waiting 1 s and each w 0.5 s), else an outside number, kept with its
   * trunk prefix (`913800138000@domain`, as in the real samples).
   * @param {unknown} dialled
   * @returns {Target}
   */
  resolveTarget(dialled) {
    if (typeof dialled !== 'string' || dialled.trim() === '') throw new CtiError(400, 'a number is required');
    const text = dialled.trim();
    const local = this.#world.localPart(text);
    if (local === null) throw new CtiError(400, `${text} is not in domain ${this.#world.domain}`);
    const mainExt = MAIN_EXT.exec(local);
    if (mainExt) {
      const [, main, waits, ext] = mainExt;
      const waitMs = [...waits].reduce((ms, w) => ms + (w === 'W' ? 1000 : 500), 0);
      if (this.#world.extensions.has(ext)) return this.#target('extension', ext, waitMs);
      return this.#target('external', main, 0);
    }
    if (!NUMBER.test(local)) throw new CtiError(400, `cannot dial ${text}`);
    return this.#target(this.#world.extensions.has(local) ? 'extension' : 'external', local, 0);
  }

  /**
   * @param {'extension' | 'external'} kind
   * @param {string} number
   * @param {number} waitMs
   * @returns {Target}
   */
  #target(kind, number, waitMs) {
    return { kind, number, deviceId: this.#world.deviceId(number), waitMs };
  }

  // REST commands

  /**
   * `POST /api/csta/callControl/calls`: the session's agent calls `to` from its own device.
   * @param {Session} session
   * @param {Record<string, unknown>} body `{from, to, originForDisplay?, destForDisplay?, cpa?, contextId?}`
   * @returns {{callId: string}}
   */
  makeCall(session, body) {
    const agent = this.#world.agents.get(session.job);
    if (!agent?.loggedIn || !agent.extension) throw new CtiError(458);
    const own = this.#world.deviceId(agent.extension);
    if (typeof body.from !== 'string' || this.deviceIdOf(body.from) !== own) {
      throw new CtiError(457, `"from" must be your own device ${own}`);
    }
    const target = this.resolveTarget(body.to);
    if (target.deviceId === own) throw new CtiError(400, 'cannot call your own extension');
    if (agent.agentMode === 'Allocated') throw new CtiError(460, 'agent is allocated');
    if (this.callsOf(own).length > 0) throw new CtiError(460, 'already in a call');
    const options = Object.fromEntries(
      ['originForDisplay', 'destForDisplay', 'contextId'].filter((k) => body[k] !== undefined).map((k) => [k, body[k]]),
    );
    const call = this.#newCall({
      callType: target.kind === 'extension' ? 'Internal' : 'Outbound',
      callingDevice: own,
      calledDevice: target.deviceId,
      cpa: cpaOn(body.cpa),
      options,
    });
    this.#originate(call, own);
    this.#dial(call, target);
    return { callId: call.callId };
  }

  /**
   * The call and the party a connection id (`device|callId`, already percent-decoded) names.
   * @param {string} callId
   * @param {string} connectionId
   * @returns {{call: Call, party: Party}}
   */
  connection(callId, connectionId) {
    const call = this.active(callId);
    const pipe = connectionId.indexOf('|');
    if (pipe === -1) throw new CtiError(400, `connection id ${connectionId} is not device|callId`);
    if (connectionId.slice(pipe + 1) !== callId) {
      throw new CtiError(400, `connection id ${connectionId} is not a connection of call ${callId}`);
    }
    const party = call.parties.get(this.deviceIdOf(connectionId.slice(0, pipe)));
    if (!party) throw new CtiError(404, `no connection ${connectionId} in call ${callId}`);
    return { call, party };
  }

  /**
   * Answers a ringing connection (REST answer, control answer, auto-answer).
   * @param {Call} call
   * @param {Party} party
   */
  answer(call, party) {
    if (party.state !== 'Alerting') throw new CtiError(409, `${party.deviceId} is not ringing (${party.state})`);
    const now = Date.now();
    party.state = 'Connect';
    party.connectedAt = now;
    for (const other of call.parties.values()) {
      if (other.state === 'Initiate') {
        other.state = 'Connect';
        other.connectedAt = now;
      }
    }
    const pending = call.pendingConference;
    const ends =
      pending?.addedParty === party.deviceId
        ? { callingDevice: pending.conferencingDevice, calledDevice: party.deviceId }
        : { callingDevice: call.callingDevice, calledDevice: call.calledDevice };
    this.#emit(call, 'established', {
      deviceId: party.deviceId,
      localState: 'Connect',
      fields: { answeringDevice: party.deviceId, ...ends },
    });
    if (pending?.addedParty === party.deviceId) {
      call.pendingConference = null;
      call.conferencingDevice = pending.conferencingDevice;
      // The real single-step sample: primaryOldCall "0", secondaryOldCall = newCall = callId.
      this.#emit(call, 'conferenced', {
        deviceId: party.deviceId,
        localState: 'Connect',
        fields: {
          primaryOldCall: '0',
          secondaryOldCall: call.callId,
          conferencingDevice: pending.conferencingDevice,
          addedParty: party.deviceId,
          newCall: call.callId,
        },
      });
    }
  }

  /**
   * Hangs a connection up (DELETE): a ringing one rejects (CALL_REJECTED), any other leaves normally.
   * @param {Call} call
   * @param {Party} party
   * @param {string} [cause]
   */
  hangUp(call, party, cause) {
    this.#leave(call, party, cause ?? (party.state === 'Alerting' ? 'CALL_REJECTED' : NORMAL));
  }

  /**
   * @param {Call} call
   * @param {Party} party
   */
  hold(call, party) {
    if (party.state !== 'Connect') throw new CtiError(409, `${party.deviceId} is not connected (${party.state})`);
    party.state = 'Hold';
    this.#emit(call, 'held', {
      deviceId: party.deviceId,
      localState: 'Hold',
      fields: { holdingDevice: party.deviceId },
    });
  }

  /**
   * @param {Call} call
   * @param {Party} party
   */
  retrieve(call, party) {
    if (party.state !== 'Hold') throw new CtiError(409, `${party.deviceId} is not holding (${party.state})`);
    party.state = 'Connect';
    this.#emit(call, 'retrieved', {
      deviceId: party.deviceId,
      localState: 'Connect',
      fields: { retrievingDevice: party.deviceId },
    });
  }

  /**
   * Single-step (blind) transfer: the target rings in the same call (delivered to everyone but the
   * transferring device), everyone hears `transferred` (SINGLESTEPTRANSFER, the callId is kept), the
   * transferring device is cleared.
   * @param {Call} call
   * @param {Party} party the transferring connection
   * @param {unknown} transferTo
   */
  singleStepTransfer(call, party, transferTo) {
    if (party.state !== 'Connect' && party.state !== 'Hold') {
      throw new CtiError(409, `${party.deviceId} is not in the call (${party.state})`);
    }
    const target = this.#reachable(call, transferTo);
    this.#afterWait(target.waitMs, () => {
      if (call.status !== 'active' || call.parties.get(party.deviceId) !== party) return;
      const added = this.#addParty(call, target, 'Alerting');
      this.#replaceEnd(call, party.deviceId, added.deviceId);
      this.#deliver(call, added, {
        recipients: [...call.parties.values()].filter((p) => p !== party && (p.announced || p === added)),
        fields: { lastRedirectionDevice: party.deviceId },
        callCause: 'SINGLESTEPTRANSFER',
      });
      this.#emit(call, 'transferred', {
        deviceId: added.deviceId,
        localState: added.state,
        fields: {
          cause: 'SINGLESTEPTRANSFER',
          primaryOldCall: call.callId,
          secondaryOldCall: call.callId,
          transferringDevice: party.deviceId,
          transferredToDevice: added.deviceId,
          newCall: call.callId,
        },
      });
      if (call.conferencingDevice === party.deviceId) call.conferencingDevice = null;
      this.#leave(call, party, NORMAL);
      this.#ring(call, added);
    });
  }

  /**
   * Single-step conference: the participant rings in the same call (delivered to everyone); when it
   * answers everyone hears `established` then `conferenced`.
   * @param {Call} call
   * @param {Party} party the conferencing connection
   * @param {unknown} participant
   * @param {unknown} participationType `Active` (default) or `Silent`
   */
  singleStepConference(call, party, participant, participationType = 'Active') {
    if (participationType !== 'Active' && participationType !== 'Silent') {
      throw new CtiError(400, 'participationType must be Active or Silent');
    }
    if (party.state !== 'Connect') throw new CtiError(409, `${party.deviceId} is not connected (${party.state})`);
    if (call.pendingConference) throw new CtiError(409, 'a conference participant is already ringing');
    const target = this.#reachable(call, participant);
    this.#afterWait(target.waitMs, () => {
      if (call.status !== 'active' || call.parties.get(party.deviceId) !== party || call.pendingConference) return;
      const added = this.#addParty(call, target, 'Alerting');
      added.silent = participationType === 'Silent';
      call.pendingConference = { conferencingDevice: party.deviceId, addedParty: added.deviceId };
      this.#deliver(call, added, { callingDevice: party.deviceId, calledDevice: added.deviceId });
      this.#ring(call, added);
    });
  }

  /**
   * Consultation: holds the call (if connected) and places a second call from the same device.
   * @param {Call} call the call to hold
   * @param {Party} party
   * @param {unknown} participant
   * @returns {Call} the consult call
   */
  consult(call, party, participant) {
    if (party.state !== 'Connect' && party.state !== 'Hold') {
      throw new CtiError(409, `${party.deviceId} is not in the call (${party.state})`);
    }
    if (call.consultCallId && this.calls.has(call.consultCallId)) {
      throw new CtiError(409, `already consulting in ${call.consultCallId}`);
    }
    const target = this.resolveTarget(participant);
    if (call.parties.has(target.deviceId)) throw new CtiError(400, `${target.deviceId} is already in the call`);
    if (party.state === 'Connect') this.hold(call, party);
    const consultCall = this.#newCall({
      callType: target.kind === 'extension' ? 'Internal' : 'Outbound',
      callingDevice: party.deviceId,
      calledDevice: target.deviceId,
      userData: this.#customData(call),
    });
    consultCall.heldCallId = call.callId;
    call.consultCallId = consultCall.callId;
    this.#originate(consultCall, party.deviceId);
    this.#dial(consultCall, target);
    return consultCall;
  }

  /**
   * The consult call a consult-family request names, checked against the held call.
   * @param {Call} held
   * @param {Party} party
   * @param {unknown} consultCallId
   * @returns {{consultCall: Call, own: Party, others: Party[]}}
   */
  #consultOf(held, party, consultCallId) {
    if (typeof consultCallId !== 'string' || consultCallId === '') throw new CtiError(400, 'consultCallId is required');
    const consultCall = this.active(consultCallId);
    if (consultCall.heldCallId !== held.callId) {
      throw new CtiError(409, `${consultCallId} is not a consultation of ${held.callId}`);
    }
    const own = consultCall.parties.get(party.deviceId);
    if (!own) throw new CtiError(409, `${party.deviceId} is not in ${consultCallId}`);
    const others = [...consultCall.parties.values()].filter((p) => p !== own);
    return { consultCall, own, others };
  }

  /**
   * Ends the consult call and retrieves the held one.
   * @param {Call} held
   * @param {Party} party
   * @param {unknown} consultCallId
   */
  cancelConsult(held, party, consultCallId) {
    const { consultCall, own } = this.#consultOf(held, party, consultCallId);
    this.#leave(consultCall, own, NORMAL);
    if (party.state === 'Hold' && held.parties.get(party.deviceId) === party) this.retrieve(held, party);
  }

  /**
   * Consult transfer: the consulted device joins the held call, which keeps its callId; it hears
   * `transferred` with secondaryOldCall = the consult call, newCall = the held call. The transferring
   * device is cleared from both calls.
   * @param {Call} held
   * @param {Party} party
   * @param {unknown} consultCallId
   */
  transfer(held, party, consultCallId) {
    const { consultCall, own, others } = this.#consultOf(held, party, consultCallId);
    const target = others[0];
    if (!target) throw new CtiError(409, 'nobody to transfer to');
    for (const p of others) {
      if (held.parties.has(p.deviceId)) throw new CtiError(409, `${p.deviceId} is already in ${held.callId}`);
    }
    for (const p of others) {
      consultCall.parties.delete(p.deviceId);
      held.parties.set(p.deviceId, p);
    }
    this.#replaceEnd(held, party.deviceId, target.deviceId);
    held.consultCallId = null;
    consultCall.heldCallId = null;
    this.#emit(held, 'transferred', {
      deviceId: target.deviceId,
      localState: target.state,
      fields: {
        cause: 'TRANSFER',
        primaryOldCall: held.callId,
        secondaryOldCall: consultCall.callId,
        transferringDevice: party.deviceId,
        transferredToDevice: target.deviceId,
        newCall: held.callId,
      },
    });
    if (held.conferencingDevice === party.deviceId) held.conferencingDevice = null;
    this.#leave(held, party, NORMAL);
    this.#leave(consultCall, own, NORMAL);
  }

  /**
   * Consult conference: the consulted device joins the held call (callId kept: primaryOldCall = the held
   * call, secondaryOldCall = the consult call, newCall = the held call), the conferencing device is
   * connected again, everyone hears `conferenced`. The consult call ends without clears.
   * @param {Call} held
   * @param {Party} party
   * @param {unknown} consultCallId
   */
  conference(held, party, consultCallId) {
    const { consultCall, others } = this.#consultOf(held, party, consultCallId);
    const added = others[0];
    if (!added) throw new CtiError(409, 'nobody to conference');
    for (const p of others) {
      if (p.state !== 'Connect') throw new CtiError(409, `${p.deviceId} has not answered (${p.state})`);
      if (held.parties.has(p.deviceId)) throw new CtiError(409, `${p.deviceId} is already in ${held.callId}`);
    }
    for (const p of others) {
      consultCall.parties.delete(p.deviceId);
      held.parties.set(p.deviceId, p);
    }
    consultCall.parties.clear();
    held.consultCallId = null;
    consultCall.heldCallId = null;
    if (party.state === 'Hold') party.state = 'Connect';
    held.conferencingDevice = party.deviceId;
    this.#emit(held, 'conferenced', {
      deviceId: added.deviceId,
      localState: 'Connect',
      fields: {
        primaryOldCall: held.callId,
        secondaryOldCall: consultCall.callId,
        conferencingDevice: party.deviceId,
        addedParty: added.deviceId,
        newCall: held.callId,
      },
    });
    this.#end(consultCall);
  }

  /**
   * `POST .../user-data {entries}`: `[{key, value}]` (or a plain object) merged into `userData.data`.
   * @param {string} callId
   * @param {unknown} entries
   */
  setUserData(callId, entries) {
    const call = this.active(callId);
    if (Array.isArray(entries)) {
      for (const entry of entries) {
        if (!entry || typeof entry !== 'object' || typeof entry.key !== 'string' || entry.key === '') {
          throw new CtiError(400, 'entries must be [{key, value}]');
        }
      }
      for (const { key, value } of entries) call.userData[key] = value;
    } else if (entries && typeof entries === 'object') {
      Object.assign(call.userData, entries);
    } else {
      throw new CtiError(400, 'entries must be [{key, value}]');
    }
  }

  /**
   * @param {string} callId
   * @returns {Record<string, unknown>} the call's `userData.data`
   */
  userDataOf(callId) {
    return { ...this.active(callId).userData };
  }

  /**
   * `POST /recording/Start|Stop?extension=<device>`: `recordStarted` / `recordStopped` to that device's
   * agent, about the device's current call. Recording is on by default, so Stop works without Start.
   * @param {'Start' | 'Stop'} action
   * @param {string | null} extension
   */
  recording(action, extension) {
    if (!extension) throw new CtiError(400, 'extension is required');
    const deviceId = this.deviceIdOf(extension);
    const call = this.currentCallOf(deviceId);
    const party = call?.parties.get(deviceId);
    if (!call || !party) throw new CtiError(409, `${deviceId} has no call`);
    const now = new Date();
    const newRecording = () => ({
      recordId: randomUUID(),
      fileName: this.#recordingFile(deviceId, call.callId, now),
      on: true,
    });
    party.recording ??= newRecording();
    if (action === 'Start') {
      if (!party.recording.on) party.recording = newRecording();
      const { recordId, fileName } = party.recording;
      this.#emit(call, 'recordStarted', {
        recipients: [party],
        plain: { recordId, callId: call.callId, deviceId, fileName, isSuccess: true },
      });
    } else {
      party.recording.on = false;
      // As the real sample: no callId, no fileName.
      this.#emit(call, 'recordStopped', {
        recipients: [party],
        plain: { recordId: party.recording.recordId, isSuccess: true },
      });
    }
  }

  /**
   * @param {string} deviceId
   * @param {string} callId
   * @param {Date} at
   */
  #recordingFile(deviceId, callId, at) {
    const stamp = formatEventTime(at).replace(/[. :]/g, '');
    const day = stamp.slice(4, 8);
    return `/mnt/volumes/recordings//${this.#world.domain}/${stamp.slice(0, 4)}/${day}/${deviceId}/${stamp}_${callId}.wav`;
  }

  // Scenarios (control API)

  /**
   * A customer calls in: `delivered` to the agent's device (alerting), the customer connected.
   * @param {{to?: unknown, from?: unknown, callType?: unknown, userData?: unknown}} request
   * @returns {{callId: string}}
   */
  inbound({ to, from = '13800138000', callType = 'Inbound', userData = {} }) {
    if (typeof to !== 'string' && typeof to !== 'number')
      throw new CtiError(400, '"to" (agent or extension) is required');
    const local = this.#world.localPart(String(to));
    if (local === null) throw new CtiError(400, `${to} is not in domain ${this.#world.domain}`);
    let ext = local;
    if (!this.#world.extensions.has(local)) {
      const agent = this.#world.agents.get(local);
      if (!agent) throw new CtiError(404, `no agent or extension ${local}`);
      if (!agent.loggedIn || !agent.extension) throw new CtiError(409, `agent ${local} is not logged in`);
      ext = agent.extension;
    }
    const extension = /** @type {import('./world.mjs').Extension} */ (this.#world.extensions.get(ext));
    if (!extension.registered) throw new CtiError(409, `extension ${ext} is not registered`);
    if (this.callsOf(extension.deviceId).length > 0) throw new CtiError(409, `${extension.deviceId} is busy`);
    if (typeof from !== 'string' && typeof from !== 'number') throw new CtiError(400, '"from" must be a number');
    const caller = this.resolveTarget(String(from));
    if (caller.kind === 'extension') throw new CtiError(400, '"from" must be an outside number');
    if (typeof callType !== 'string') throw new CtiError(400, '"callType" must be a string');
    if (!userData || typeof userData !== 'object' || Array.isArray(userData)) {
      throw new CtiError(400, '"userData" must be an object');
    }
    const call = this.#newCall({
      callType,
      callingDevice: caller.deviceId,
      calledDevice: extension.deviceId,
      userData: /** @type {Record<string, unknown>} */ (userData),
    });
    const customer = this.#addParty(call, caller, 'Connect');
    customer.connectedAt = customer.joinedAt;
    customer.announced = true;
    const agentParty = this.#addParty(call, this.#target('extension', ext, 0), 'Alerting');
    this.#deliver(call, agentParty);
    return { callId: call.callId };
  }

  /**
   * The party a control request names: a device id, a number (an outside number also without its trunk
   * prefix), or an agent's job number; without one, the only party `fallback` accepts (409 when none does,
   * 400 when several do).
   * @param {Call} call
   * @param {unknown} name
   * @param {(p: Party) => boolean} fallback
   * @param {string} what
   * @returns {Party}
   */
  partyOf(call, name, fallback, what) {
    const parties = [...call.parties.values()];
    if (name === undefined || name === null || name === '') {
      const candidates = parties.filter(fallback);
      if (candidates.length === 0) throw new CtiError(409, `no party to ${what} by default: name one with "party"`);
      if (candidates.length > 1) throw new CtiError(400, `several parties could ${what}: name one with "party"`);
      return candidates[0];
    }
    const text = String(name);
    const local = this.#world.localPart(text);
    const agentExt = local === null ? undefined : this.#world.agents.get(local)?.extension;
    const found = parties.filter(
      (p) =>
        p.deviceId === text ||
        p.number === local ||
        (agentExt && p.number === agentExt) ||
        (p.kind === 'external' && local !== null && p.number.endsWith(local) && p.number.length - local.length <= 2),
    );
    if (found.length !== 1) throw new CtiError(404, `no party ${text} in call ${call.callId}`);
    return found[0];
  }

  /**
   * A ringing party gives up: `failed` first when the call has call-progress analysis, then the clears.
   * @param {Call} call
   * @param {Party} party
   * @param {Failure} reason
   */
  fail(call, party, reason) {
    if (party.state !== 'Alerting') throw new CtiError(409, `${party.deviceId} is not ringing (${party.state})`);
    this.#fail(call, party, reason);
  }

  // Internals

  /**
   * @param {{callType: string, callingDevice: string, calledDevice: string, cpa?: boolean,
   *   options?: Record<string, unknown>, userData?: Record<string, unknown>}} init
   * @returns {Call}
   */
  #newCall({ callType, callingDevice, calledDevice, cpa = false, options = {}, userData = {} }) {
    const callId = randomUUID();
    /** @type {Call} */
    const call = {
      callId,
      status: 'active',
      callType,
      parties: new Map(),
      callingDevice,
      calledDevice,
      userData: { ...userData, originalANI: callingDevice, originalDNIS: calledDevice, originalCallId: callId },
      cpa,
      options,
      createdAt: Date.now(),
      endedAt: null,
      conferencingDevice: null,
      pendingConference: null,
      heldCallId: null,
      consultCallId: null,
      events: [],
    };
    this.calls.set(callId, call);
    return call;
  }

  /**
   * User data worth carrying to a consult call (not the original* keys).
   * @param {Call} call
   */
  #customData(call) {
    const own = ['originalANI', 'originalDNIS', 'originalCallId'];
    return Object.fromEntries(Object.entries(call.userData).filter(([key]) => !own.includes(key)));
  }

  /**
   * @param {Call} call
   * @param {Target} target
   * @param {PartyState} state
   * @returns {Party}
   */
  #addParty(call, target, state) {
    /** @type {Party} */
    const party = {
      deviceId: target.deviceId,
      number: target.number,
      kind: target.kind,
      state,
      announced: false,
      joinedAt: Date.now(),
      connectedAt: null,
      silent: false,
      recording: null,
    };
    call.parties.set(party.deviceId, party);
    return party;
  }

  /**
   * The caller's side of a new call: `serviceInitiated` and `originated`.
   * @param {Call} call
   * @param {string} deviceId
   */
  #originate(call, deviceId) {
    const local = /** @type {string} */ (this.#world.localPart(deviceId));
    const caller = this.#addParty(call, this.#target('extension', local, 0), 'Initiate');
    caller.announced = true;
    this.#emit(call, 'serviceInitiated', {
      deviceId,
      localState: 'Initiate',
      fields: { cause: 'NORMAL', initiatedDevice: deviceId },
    });
    this.#emit(call, 'originated', {
      deviceId,
      localState: 'Initiate',
      fields: { cause: 'NEWCALL', callingDevice: call.callingDevice, calledDevice: call.calledDevice },
    });
  }

  /**
   * The far end of a new call (after the DTMF wait of the `main-Wext` form): rings, or fails at once
   * when it is an unregistered or busy extension.
   * @param {Call} call
   * @param {Target} target
   */
  #dial(call, target) {
    this.#afterWait(target.waitMs, () => {
      if (call.status !== 'active') return;
      const refusal = this.#refusal(target);
      if (refusal) {
        this.#fail(call, this.#addParty(call, target, 'Alerting'), refusal);
        return;
      }
      const party = this.#addParty(call, target, 'Alerting');
      this.#deliver(call, party);
      this.#ring(call, party);
    });
  }

  /**
   * Why an extension cannot ring now (unregistered, busy), if it cannot.
   * @param {Target} target
   * @returns {Failure | null}
   */
  #refusal(target) {
    if (target.kind !== 'extension') return null;
    const extension = this.#world.extensions.get(target.number);
    if (extension && !extension.registered) return failure(3, { cause: 'USER_NOT_REGISTERED' });
    if (this.callsOf(target.deviceId).length > 0) return failure(1);
    return null;
  }

  /**
   * A target for single-step transfer / conference: resolvable, not in the call, able to ring (else 409).
   * @param {Call} call
   * @param {unknown} dialled
   * @returns {Target}
   */
  #reachable(call, dialled) {
    const target = this.resolveTarget(dialled);
    if (call.parties.has(target.deviceId)) throw new CtiError(400, `${target.deviceId} is already in the call`);
    const refusal = this.#refusal(target);
    if (refusal) throw new CtiError(409, `${target.deviceId} cannot take the call (${refusal.cause})`);
    return target;
  }

  /**
   * `delivered` about a ringing party, to every announced party and itself (or `recipients`).
   * @param {Call} call
   * @param {Party} party
   * @param {{recipients?: Party[], fields?: Record<string, unknown>, callCause?: string,
   *   callingDevice?: string, calledDevice?: string}} [options]
   */
  #deliver(call, party, options = {}) {
    party.announced = true;
    const {
      recipients,
      fields = {},
      callCause = 'NEWCALL',
      callingDevice = call.callingDevice,
      calledDevice = call.calledDevice,
    } = options;
    this.#emit(call, 'delivered', {
      recipients,
      deviceId: party.deviceId,
      localState: 'Alerting',
      fields: {
        alertingDevice: party.deviceId,
        callingDevice,
        calledDevice,
        ...fields,
        userData: { data: { ...call.userData } },
        callCause,
        callType: call.callType,
      },
    });
  }

  /**
   * A ringing outside number does what `externalAnswer` says after `externalAnswerDelayMs`.
   * @param {Call} call
   * @param {Party} party
   */
  #ring(call, party) {
    const { externalAnswer, externalAnswerDelayMs } = this.#world.config;
    if (party.kind !== 'external' || externalAnswer === 'manual') return;
    this.#later(externalAnswerDelayMs, () => {
      // A consult target may have been transferred into the held call meanwhile.
      const current = call.parties.get(party.deviceId) === party ? call : this.#callHolding(party);
      if (current?.status !== 'active' || party.state !== 'Alerting') return;
      if (externalAnswer === 'answer') this.answer(current, party);
      else this.#fail(current, party, failure(externalAnswer === 'busy' ? 1 : 11));
    });
  }

  /**
   * @param {Party} party
   * @returns {Call | undefined} the active call this very party is in
   */
  #callHolding(party) {
    for (const call of this.calls.values()) if (call.parties.get(party.deviceId) === party) return call;
    return undefined;
  }

  /**
   * @param {Call} call
   * @param {Party} party
   * @param {Failure} reason
   */
  #fail(call, party, reason) {
    if (call.cpa) {
      this.#emit(call, 'failed', {
        recipients: [...call.parties.values()].filter((p) => p.announced && p !== party),
        deviceId: party.deviceId,
        localState: 'Fail',
        fields: {
          cause: 'Failed',
          calledDevice: party.deviceId,
          failedCode: String(reason.failedCode),
          failedMsg: reason.failedMsg,
        },
      });
    }
    this.#leave(call, party, reason.cause);
  }

  /**
   * A device leaves the call: everyone still in it (itself included) hears the clear. A lone survivor
   * is cleared too, and so is everyone when the device that formed a conference leaves.
   * @param {Call} call
   * @param {Party} party
   * @param {string} cause
   */
  #leave(call, party, cause) {
    const hangupDevice = party.deviceId;
    /** @param {Party} leaving */
    const clear = (leaving) => {
      this.#emit(call, 'connectionCleared', {
        deviceId: leaving.deviceId,
        localState: 'Idle',
        fields: { cause, releasingDevice: leaving.deviceId, hangupDevice },
      });
      call.parties.delete(leaving.deviceId);
    };
    const hostLeft = call.conferencingDevice === party.deviceId;
    call.pendingConference = null;
    clear(party);
    const left = [party];
    if (call.parties.size <= 1 || hostLeft) {
      for (const other of [...call.parties.values()]) {
        clear(other);
        left.push(other);
      }
      this.#end(call);
    } else if (call.parties.size === 2) {
      call.conferencingDevice = null;
    }
    for (const p of left) this.#afterLeaving(p);
  }

  /**
   * After-call work for an agent whose device has no call left (config `afterCall: 'acw'`).
   * @param {Party} party
   */
  #afterLeaving(party) {
    if (party.kind !== 'extension' || this.#world.config.afterCall !== 'acw') return;
    if (this.callsOf(party.deviceId).length > 0) return;
    const agent = this.#world.holderOf(party.number);
    if (agent) this.#world.startAfterCallWork(agent);
  }

  /** @param {Call} call */
  #end(call) {
    call.status = 'ended';
    call.endedAt = Date.now();
    this.calls.delete(call.callId);
    this.#ended.set(call.callId, call);
    if (this.#ended.size > ENDED_KEPT) this.#ended.delete(/** @type {string} */ (this.#ended.keys().next().value));
    const held = call.heldCallId ? this.calls.get(call.heldCallId) : undefined;
    if (held?.consultCallId === call.callId) held.consultCallId = null;
    const consultCall = call.consultCallId ? this.calls.get(call.consultCallId) : undefined;
    if (consultCall?.heldCallId === call.callId) consultCall.heldCallId = null;
  }

  /**
   * After a transfer the target takes the transferring device's place as calling or called device.
   * @param {Call} call
   * @param {string} from
   * @param {string} to
   */
  #replaceEnd(call, from, to) {
    if (call.callingDevice === from) call.callingDevice = to;
    if (call.calledDevice === from) call.calledDevice = to;
  }

  /**
   * Publishes one event about a call to each recipient party's logged-in agent (default: every
   * announced party), with that agent's `srcDeviceId` and `connectionId`.
   * @param {Call} call
   * @param {string} eventName
   * @param {{recipients?: Party[], deviceId?: string, localState?: string, fields?: Record<string, unknown>,
   *   plain?: Record<string, unknown>}} spec `plain`: exactly these fields (recording events)
   */
  #emit(call, eventName, { recipients, deviceId, localState, fields = {}, plain }) {
    const to = recipients ?? [...call.parties.values()].filter((p) => p.announced);
    for (const party of to) {
      if (party.kind !== 'extension') continue;
      const agent = this.#world.holderOf(party.number);
      if (!agent) continue;
      const src = party.deviceId;
      const body = plain ?? {
        callId: call.callId,
        deviceId,
        localState,
        connectionId: `${src}|${call.callId}`,
        ...fields,
      };
      void this.#world.queueEvent(
        { eventName, agentId: agent.agentId, deviceId: src, fields: body },
        {
          onPublished: (published) =>
            call.events.push({
              serial: published.serial,
              agentId: agent.agentId,
              srcDeviceId: src,
              eventName,
              event: JSON.parse(published.body),
            }),
        },
      );
    }
  }

  /**
   * Runs `task` now, or after the DTMF wait.
   * @param {number} waitMs
   * @param {() => void} task
   */
  #afterWait(waitMs, task) {
    if (waitMs > 0) this.#later(waitMs, task);
    else task();
  }

  /**
   * @param {number} ms
   * @param {() => void} task
   */
  #later(ms, task) {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      task();
    }, ms);
    timer.unref();
    this.#timers.add(timer);
  }
}
