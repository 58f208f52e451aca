import type { LoginReason } from '../model/login-reason.js';
import type { SessionEndReason, VendorRefusalReason, WellErrorCode } from '../model/well-error.js';

/** Languages the element speaks. */
export type Lang = 'zh-CN' | 'en';

export type ConnectionLabel = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

/** Every text the element shows. Adding a key without translating it fails type-checking. */
export interface Translation {
  lang: Lang;
  title: string;
  /** Labels of the status codes -1..30. */
  status: Record<number, string>;
  statusCode: (code: number) => string;
  timeInState: string;
  connection: Record<ConnectionLabel, string>;
  reconnecting: (attempt: number, max: number) => string;
  connectionFailed: string;
  fields: {
    jobNumber: string;
    password: string;
    domain: string;
    extension: string;
    initialMode: string;
    loginMode: string;
  };
  fieldErrors: { jobNumber: string; password: string; domain: string; extension: string };
  loginModes: { force: string; ask: string; stop: string };
  initialModes: { Ready: string; NotReady: string };
  actions: {
    login: string;
    logout: string;
    cancel: string;
    ready: string;
    readyNow: string;
    notReady: string;
    forceLogin: string;
    declineLogin: string;
    reconnect: string;
    dismiss: string;
  };
  reasonLabel: string;
  /** Default not-ready reasons (value → label); `2` is manual outbound (status 4). */
  reasons: Record<string, string>;
  loggingIn: string;
  pending: string;
  conflictTitle: string;
  conflict: (status: number, deviceId?: string) => string;
  loginReasons: Record<LoginReason, (p: { status: number; deviceId?: string; agent?: string }) => string>;
  errors: Record<WellErrorCode, string>;
  /** Why the session ended without the agent asking (`SESSION_ENDED`'s `detail.reason`). */
  sessionEnded: Record<SessionEndReason, string>;
  /** A backend's refusal by its `detail.reason` (the `aliyun` vendor's error kinds, docs/protocols/aliyun.md). */
  vendorRefusals: Record<VendorRefusalReason, string>;
  loginFailedPrefix: string;
  afterCallCountdown: (seconds: number) => string;
  calls: {
    dialpad: string;
    target: string;
    /** The transfer target's kind (shown where the backend can transfer to a skill group). */
    targetKind: string;
    targetNumber: string;
    targetSkillGroup: string;
    consult: string;
    blindTransfer: string;
    addParty: string;
    consultGroup: string;
    completeTransfer: string;
    conferenceAll: string;
    cancelConsult: string;
    callData: string;
    number: string;
    prefix: string;
    noPrefix: string;
    dial: string;
    answer: string;
    reject: string;
    hangUp: string;
    hold: string;
    retrieve: string;
    incoming: (party: string) => string;
    direction: { inbound: string; outbound: string; internal: string };
    state: { initiated: string; alerting: string; connected: string; held: string };
    conference: string;
    numberErrors: { empty: string; format: string; ownExtension: string; tooSoon: string; prefix: string };
    region: string;
  };
  loggedInAs: (agent: string, extension: string) => string;
  /** Status label with the active not-ready reason ("Not ready · Meeting"). */
  statusWithReason: (status: string, reason: string) => string;
  /** Why the server refused a request (`REFUSED` with a reason the element recognises), by refusal kind. */
  refused: Record<RefusalKind, string>;
  /** The server's own code, appended to a refusal's text. */
  serverSaid: (code: string) => string;
  toolbar: {
    changeReason: string;
    newCall: string;
    closeDialer: string;
    keypad: string;
    hideKeypad: string;
    dtmfPad: string;
    dtmfSent: (digits: string) => string;
    moreCallData: string;
    record: string;
    stopRecording: string;
    recordingOn: string;
    mute: string;
    unmute: string;
    participants: string;
    notes: string;
    saveNotes: string;
    notesSaved: string;
    ringBlocked: string;
    incomingTitle: string;
    titleFlash: (party: string) => string;
    recentCalls: string;
    recentSummary: (count: number, missed: number) => string;
    noRecentCalls: string;
    callBack: (party: string) => string;
    missed: { timeout: string; callerHungUp: string; rejected: string };
    missedCall: (party: string) => string;
    answered: string;
    outbound: string;
    shortcutsTitle: string;
    shortcutsHint: string;
    shortcuts: Record<ShortcutAction, string>;
    close: string;
    loggedOutBecause: string;
  };
}

/** How a refusal is explained to the agent. */
export type RefusalKind = 'busy' | 'noAnswer' | 'invalidNumber' | 'notAllowed' | 'permission' | 'unknown';

/** The keyboard shortcuts the element offers. */
export type ShortcutAction = 'answer' | 'hangUp' | 'hold' | 'ready' | 'notReady' | 'dialer' | 'help';
