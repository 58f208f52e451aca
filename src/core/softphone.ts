import type { CallRecord } from '../model/call.js';
import type { DialOptions, TransferTargetType, WorkMode } from '../model/command.js';
import { WellError, WellErrorCode } from '../model/well-error.js';
import type { CommandOptions } from './types.js';
import { internalsOf, SoftphoneSession } from './softphone-session.js';
import { specs } from './specs.js';
import { checkedDialTarget, checkedEntries, checkedNumber, checkedTarget } from './validate.js';

export type {
  CommandOptions,
  ConnectionChange,
  ConnectionState,
  SoftphoneEventMap,
  StatusChange,
  StatusContext,
  StatusMatch,
  WhenStatusOptions,
} from './types.js';
export { validateCredentials } from './validate.js';

/** Options of {@link Softphone.blindTransfer} and {@link Softphone.consult}. */
export interface TransferOptions extends CommandOptions {
  /**
   * What the target names: an agent, a skill group (`group@instance`; `NOT_SUPPORTED` without
   * `capabilities.canTransferToSkillGroup`) or a number. Absent, the backend infers it from the target.
   */
  targetType?: TransferTargetType;
}
export type { LoginMode } from '../model/agent.js';

/**
 * The headless softphone: one agent session on one backend. Every command returns a Promise, takes
 * `{ signal, timeout }` and rejects with a {@link WellError}. State comes from server events only.
 * The session half (login, modes, state, events) is {@link SoftphoneSession}; this adds the call commands.
 *
 * ```ts
 * const phone = new Softphone({ vendor: 'well', server: 'https://cti.example.com' });
 * phone.on('status', ({ code }) => console.log('status', code));
 * await phone.login({ jobNumber: '5001', password, domain: 'test.cc', extension: '8001' });
 * await phone.ready();
 * ```
 */
export class Softphone extends SoftphoneSession {
  /**
   * Dials `number` (digits, `*`, `#`, or `main-[W|w]…ext`: `938834600-WW8001` waits 2 s before dialling the
   * extension). Resolves with the new callId once the server accepted the call; the call's progress comes as events
   * (status 8 dialing, then 10 talking when the far end answers).
   * Refuses an empty number, the own extension, and a second dial within 2 s.
   */
  async dial(number: string, options: DialOptions = {}, commandOptions: CommandOptions = {}): Promise<string> {
    const target = checkedDialTarget(number, options.prefix, this.identity?.extension);
    const { runner, dialGuard } = internalsOf(this);
    const stamp = dialGuard(target);
    const result = await runner.run(specs.dial(target, options, stamp), commandOptions);
    if (!result.callId) {
      throw new WellError(WellErrorCode.HTTP_ERROR, 'The server accepted the call but returned no callId', {
        operation: 'dial',
      });
    }
    return result.callId;
  }

  /**
   * Answers the ringing call (or `callId`). Resolves when the server accepted it; talking (9–11) comes with the
   * server's event.
   */
  async answer(callId?: string, options: CommandOptions = {}): Promise<void> {
    const id = this.#callIdFor(callId, (c) => c.state === 'alerting' && !c.isCaller, 'answer');
    await internalsOf(this).runner.run(specs.answer(id), options);
  }

  /**
   * Hangs up (or rejects, while ringing) the active call, or `callId`. Resolves when the server accepted it; the call
   * ends on its clear event.
   */
  async hangUp(callId?: string, options: CommandOptions = {}): Promise<void> {
    const id = this.#callIdFor(callId, (c) => c.state !== 'held', 'hangUp');
    await internalsOf(this).runner.run(specs.hangUp(id), options);
  }

  /** Puts the active call (or `callId`) on hold. Resolves when the server accepted it; status 12 comes with its event. */
  async hold(callId?: string, options: CommandOptions = {}): Promise<void> {
    const id = this.#callIdFor(callId, (c) => c.state === 'connected', 'hold');
    await internalsOf(this).runner.run(specs.hold(id), options);
  }

  /** Retrieves the held call (or `callId`). Resolves when the server accepted it; talking again comes with its event. */
  async retrieve(callId?: string, options: CommandOptions = {}): Promise<void> {
    const id = this.#callIdFor(callId, (c) => c.state === 'held', 'retrieve');
    await internalsOf(this).runner.run(specs.retrieve(id), options);
  }

  /**
   * Transfers `callId` to `target` (a number, an agent or a skill group: `options.targetType`) in one step.
   * Resolves when the server accepted it; the call ends on its events.
   */
  async blindTransfer(callId: string, target: string, options: TransferOptions = {}): Promise<void> {
    const { targetType, ...rest } = options;
    const checked = this.#transferTarget(target, targetType, 'blindTransfer');
    await internalsOf(this).runner.run(specs.blindTransfer(callId, checked, targetType), rest);
  }

  /**
   * Adds `number` to `callId` in one step; `Silent` lets a supervisor listen (whisper/coach).
   * Resolves when the server accepted it; the conference (status 19) comes with the server's event.
   */
  async singleStepConference(
    callId: string,
    number: string,
    participation: 'Active' | 'Silent' = 'Active',
    options: CommandOptions = {},
  ): Promise<void> {
    const target = checkedNumber(number, 'singleStepConference');
    if (participation !== 'Active' && participation !== 'Silent') {
      throw new WellError(WellErrorCode.INVALID_ARGUMENT, 'participation must be "Active" or "Silent"', {
        operation: 'singleStepConference',
      });
    }
    await internalsOf(this).runner.run(specs.singleStepConference(callId, target, participation), options);
  }

  /**
   * Holds `heldCallId` and consults `target` (a number, an agent or a skill group: `options.targetType`). Resolves
   * when the server accepted it, with the consult call's id when the server gives one; consult ringing (16) and
   * consulting (17) come with the server's events.
   */
  async consult(heldCallId: string, target: string, options: TransferOptions = {}): Promise<string | undefined> {
    const { targetType, ...rest } = options;
    const checked = this.#transferTarget(target, targetType, 'consult');
    return (await internalsOf(this).runner.run(specs.consult(heldCallId, checked, targetType), rest)).callId;
  }

  /** Joins the held call and the consult call into a conference. Resolves when accepted; status 19 comes with the event. */
  async conference(heldCallId: string, consultCallId: string, options: CommandOptions = {}): Promise<void> {
    await this.#consultFamily('conference', heldCallId, consultCallId, options);
  }

  /** Ends the consult call and returns to the held call. Resolves when accepted; the calls change on the events. */
  async cancelConsult(heldCallId: string, consultCallId: string, options: CommandOptions = {}): Promise<void> {
    await this.#consultFamily('cancelConsult', heldCallId, consultCallId, options);
  }

  /**
   * Connects the held call's party with the consulted party and leaves (consult transfer).
   * Resolves when the server accepted it; the agent's calls end on the server's events.
   */
  async completeTransfer(heldCallId: string, consultCallId: string, options: CommandOptions = {}): Promise<void> {
    await this.#consultFamily('completeTransfer', heldCallId, consultCallId, options);
  }

  /**
   * Sends DTMF tones (`0`–`9`, `*`, `#`, at most 32) on the active call, or `callId` (IVR menus, extensions). Resolves
   * when the server accepted them; `NOT_SUPPORTED` where the backend cannot (`capabilities.canDtmf`).
   */
  async sendDtmf(digits: string, callId?: string, options: CommandOptions = {}): Promise<void> {
    const tones = typeof digits === 'string' ? digits.trim() : '';
    if (!/^[0-9*#]{1,32}$/.test(tones)) {
      throw new WellError(WellErrorCode.INVALID_ARGUMENT, 'DTMF digits are 0-9, * and # (at most 32)', {
        operation: 'dtmf',
        detail: { reason: tones === '' ? 'empty' : 'format' },
      });
    }
    const id = this.#callIdFor(callId, (c) => c.state === 'connected', 'dtmf');
    await internalsOf(this).runner.run(specs.dtmf(id, tones), options);
  }

  /** Mutes the agent's microphone on the active call (or `callId`); `NOT_SUPPORTED` without `canMute`. */
  async mute(callId?: string, options: CommandOptions = {}): Promise<void> {
    const id = this.#callIdFor(callId, (c) => c.state === 'connected', 'mute');
    await internalsOf(this).runner.run(specs.mute(id, true), options);
  }

  /** Unmutes the agent's microphone on the active call (or `callId`). */
  async unmute(callId?: string, options: CommandOptions = {}): Promise<void> {
    const id = this.#callIdFor(callId, (c) => c.state === 'connected', 'unmute');
    await internalsOf(this).runner.run(specs.mute(id, false), options);
  }

  /**
   * Where the agent's calls ring (Aliyun `ChangeWorkMode`): `ON_SITE` in the browser, `OFF_SITE` on `mobile`,
   * `OFFICE_PHONE` on the desk phone. Allowed while logged in without a call; `NOT_SUPPORTED` without
   * `capabilities.canSetWorkMode`. Resolves when the server accepted it.
   */
  async setWorkMode(workMode: WorkMode, mobile?: string, options: CommandOptions = {}): Promise<void> {
    const fail = (code: WellErrorCode, message: string) =>
      new WellError(code, message, { operation: 'setWorkMode', statusCode: this.view.code });
    if (!['ON_SITE', 'OFF_SITE', 'OFFICE_PHONE'].includes(workMode)) {
      throw fail(WellErrorCode.INVALID_ARGUMENT, 'workMode must be ON_SITE, OFF_SITE or OFFICE_PHONE');
    }
    if (mobile !== undefined && !/^\+?[0-9]{3,20}$/.test(mobile)) {
      throw fail(WellErrorCode.INVALID_ARGUMENT, 'mobile must be a phone number');
    }
    const { runner } = internalsOf(this);
    const spec = specs.setWorkMode(workMode, mobile);
    const refusal = runner.refusal(spec);
    if (refusal) throw refusal;
    const { code } = this.view;
    if (code < 2 || code > 5) {
      throw fail(WellErrorCode.NOT_ALLOWED_IN_STATE, `"setWorkMode" is not allowed in status ${code}`);
    }
    await runner.run(spec, options);
  }

  /** Attaches data to a call (`entries` of key/value strings). Resolves when the server accepted it. */
  async setCallData(
    callId: string,
    entries: readonly { key: string; value: string }[],
    options: CommandOptions = {},
  ): Promise<void> {
    await internalsOf(this).runner.run(specs.setCallData(callId, checkedEntries(entries)), options);
  }

  /** Reads the data attached to a call; resolves with the server's answer. */
  async getCallData(callId: string, options: CommandOptions = {}): Promise<unknown> {
    const { runner } = internalsOf(this);
    const spec = specs.getCallData(callId);
    const refusal = runner.refusal(spec);
    if (refusal) throw refusal;
    if (!(callId in this.view.callMap)) {
      throw new WellError(WellErrorCode.INVALID_ARGUMENT, `No call ${callId}`, { operation: 'getCallData' });
    }
    return (await runner.run(spec, options)).data;
  }

  /** Starts recording the current call. Resolves when accepted; `context.recording` follows the recording event. */
  async startRecording(options: CommandOptions = {}): Promise<void> {
    await internalsOf(this).runner.run(specs.recording('startRecording'), options);
  }

  /** Stops recording the current call. Resolves when accepted; `context.recording` follows the recording event. */
  async stopRecording(options: CommandOptions = {}): Promise<void> {
    await internalsOf(this).runner.run(specs.recording('stopRecording'), options);
  }

  async #consultFamily(
    type: 'conference' | 'cancelConsult' | 'completeTransfer',
    heldCallId: string,
    consultCallId: string,
    options: CommandOptions,
  ): Promise<void> {
    const calls = this.view.callMap;
    if (!(heldCallId in calls) || !(consultCallId in calls) || heldCallId === consultCallId) {
      throw new WellError(WellErrorCode.INVALID_ARGUMENT, 'Name the held call and the consult call', {
        operation: type,
        detail: { heldCallId, consultCallId },
      });
    }
    await internalsOf(this).runner.run(specs.consultFamily(type, heldCallId, consultCallId), options);
  }

  /** A checked transfer target; `NOT_SUPPORTED` for a skill group where the backend cannot transfer to one. */
  #transferTarget(target: string, targetType: TransferTargetType | undefined, operation: string): string {
    const checked = checkedTarget(target, targetType, operation);
    if (targetType === 'skillGroup' && !this.capabilities.canTransferToSkillGroup) {
      throw new WellError(WellErrorCode.NOT_SUPPORTED, 'This backend cannot transfer to a skill group', {
        operation,
        statusCode: this.view.code,
      });
    }
    return checked;
  }

  /** The given callId (which must be a known call) or the call matching `pick`. */
  #callIdFor(callId: string | undefined, pick: (call: CallRecord) => boolean, operation: string): string {
    const view = this.view;
    if (callId !== undefined) {
      if (!(callId in view.callMap)) {
        throw new WellError(WellErrorCode.INVALID_ARGUMENT, `No call ${callId}`, { operation, detail: { callId } });
      }
      return callId;
    }
    const call = view.calls.find(pick);
    if (!call) {
      throw new WellError(WellErrorCode.NOT_ALLOWED_IN_STATE, `No call to ${operation}`, {
        operation,
        statusCode: view.code,
      });
    }
    return call.callId;
  }
}
