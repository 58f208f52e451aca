import type { AgentIdentity, LoginCredentials } from '../model/agent.js';
import type { AudioLayer } from '../model/audio.js';
import type { Capabilities } from '../model/capabilities.js';
import type { Command, CommandResult } from '../model/command.js';
import type { DomainEvent, RawMessage } from '../model/domain-event.js';
import type { ServerSnapshot } from '../model/server-snapshot.js';
import type { WellError } from '../model/well-error.js';

import type { VendorName } from '../model/vendor-name.js';

export type { VendorName };

/**
 * What a tab keeps to reattach after a page reload: the agent's identity and the backend's session id, never a
 * password, token or event-channel passcode.
 */
export interface KeptSession {
  jobNumber: string;
  domain: string;
  extension: string;
  sessionId: string;
}

/** Where a vendor's servers are. Derived from the element's `server` attribute unless overridden. */
export interface VendorEndpoints {
  /** Base URL of the REST API (`/api/csta/…` is appended on `well`). */
  apiUrl: string;
  /** URL of the login (TPI) endpoint. */
  loginUrl: string;
  /** WebSocket URL of the event channel. */
  eventUrl: string;
}

/** One line for the event log. Vendors must not put secrets in `data`; the log redacts known fields anyway. */
export interface VendorLogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  data?: unknown;
}

/** How a vendor reports what happens on its own (server pushes, channel loss, bad frames). */
export interface VendorSink {
  /** A decoded server fact. */
  event(event: DomainEvent): void;
  /** Every server message, decoded or not. */
  raw(message: RawMessage): void;
  /** The event channel closed without `closeChannel()` being called. */
  channelLost(error: WellError): void;
  /** A non-fatal problem (malformed frame…): reported, the session goes on. */
  error(error: WellError): void;
  /**
   * Events may have been lost (a corrupt or oversized frame was dropped): re-read the server's view of the agent and
   * its calls. Ignored while no session is live or a resync is already running.
   */
  resync?(reason: string): void;
  log(entry: VendorLogEntry): void;
  /**
   * The facts reported while `run` runs arrived together (one task of the event channel, e.g. one post of the socket's
   * Worker). The core may apply a run of quiet facts among them as one statechart step; hosts still get every `event`,
   * call notice and status code, each stream in order. Calls `run` at once, once. Optional: vendors call
   * `sink.batch ? sink.batch(run) : run()`.
   */
  batch?(run: () => void): void;
}

export interface VendorOptions {
  endpoints: VendorEndpoints;
  /** Default per-request timeout in ms. */
  requestTimeoutMs: number;
  /** How long opening the event channel may take, ms (the core gives at least 5 s: src/model/timeouts.ts). */
  channelOpenTimeoutMs?: number;
  /** STOMP/WebSocket heart-beat in ms (0 = off). */
  heartbeatMs: number;
  /** How long to wait for a SUBSCRIBE's RECEIPT before going on without it, ms (default 500; `well`). */
  subscribeGraceMs?: number;
  /** Largest event-channel message read, bytes (default 256 KB; `well`, `xswitch`); larger ones are dropped unread. */
  maxFrameBytes?: number;
  /**
   * Run the event-channel WebSocket in a dedicated Worker (default: in browsers; `well` and `xswitch`): a large
   * message is measured and dropped there, so it never blocks the page. False keeps the socket on the page.
   */
  socketInWorker?: boolean;
  /** Injected for tests; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Call-center placement of the agent, for backends that need it (XSwitch queue and agent group). */
  queue?: string;
  group?: string;
  /** Aliyun Cloud Call Center settings (`aliyun` only; docs/protocols/aliyun.md). */
  aliyun?: AliyunSettings;
  /** The host's in-browser audio layer, for backends whose calls can ring in the browser. */
  audio?: AudioLayer;
}

/**
 * The host's own transport for Aliyun (the workbench SDK's `apiAxiosFunc`): sends one OpenAPI call through the
 * customer's backend and returns (a promise of) the OpenAPI JSON, or an axios-style `{data: json}` answer.
 */
export type AliyunTransport = (apiName: string, params: Record<string, unknown>) => unknown;

/**
 * How the `aliyun` vendor reaches Aliyun Cloud Call Center through the customer's proxy (docs/protocols/aliyun.md
 * fact 1). Names follow the workbench SDK's options.
 */
export interface AliyunSettings {
  /** The call-center instance id (e.g. `ccc-test`); default: the login's `domain`. */
  instanceId?: string;
  /** Region of the instance (default `cn-shanghai`). */
  region?: string;
  /** Origin of the proxy (default: the REST base URL, `api-url` or `server`). */
  ajaxOrigin?: string;
  /** Path of the proxy (default `/data/api.json`). */
  ajaxPath?: string;
  /** Query parameter that names the API (default `action`). */
  ajaxApiParamName?: string;
  /** `post` (default, form body) or `get` (fields in the query). */
  ajaxMethod?: 'post' | 'get';
  /** Headers added to every request. Never logged. */
  ajaxHeaders?: Record<string, string>;
  /** Extra fields sent next to `request`. */
  ajaxOtherParams?: Record<string, string>;
  /** Send cookies to a cross-origin proxy. */
  withCredentials?: boolean;
  /** Replaces the HTTP request to the proxy. */
  transport?: AliyunTransport;
  /** Skill groups to sign in to (default: every group of `ListSkillLevelsOfUser`). */
  skillGroups?: readonly string[];
  /** `DeviceId` of SignInGroup: the agent's voice device (default: an id made up for this tab). */
  deviceId?: string;
  /** PollUserStatus period while a call is live, ms (default 1000). */
  pollCallMs?: number;
  /** PollUserStatus period when idle, ms (default 3000). */
  pollIdleMs?: number;
}

/**
 * The seam between the vendor-neutral core and one backend. Adapters translate wire ⇄ domain;
 * they never decide what is allowed (the statechart does) and never retry on their own beyond
 * protocol-mandated renewals (e.g. `well`'s silent re-login on HTTP 426).
 */
export interface Vendor {
  readonly name: VendorName;
  readonly capabilities: Capabilities;
  /** Opens a session with the backend (TPI login on `well`). Keeps the credentials privately for renewals. */
  authenticate(credentials: LoginCredentials, signal: AbortSignal): Promise<AgentIdentity>;
  /** Connects the event channel and subscribes to the agent's events; resolves once the subscription is live. */
  openChannel(signal: AbortSignal): Promise<void>;
  /** Closes the event channel on purpose (no `channelLost`). */
  closeChannel(): Promise<void>;
  /** Sends a command; resolves when the server accepted it (the confirming event comes separately). */
  execute(command: Command, signal: AbortSignal): Promise<CommandResult>;
  /** Fetches the server's view of the agent, to trust local state again after a reconnect. */
  resync(signal: AbortSignal): Promise<ServerSnapshot>;
  /** Forgets the session and credentials. */
  dispose(): void;
  /** The session to keep for a reattach after a page reload, once logged in; absent on backends that cannot. */
  keptSession?(): KeptSession | undefined;
  /**
   * Reattaches to a kept session without a password: checks with the server that it still names the same agent and
   * device, logged in. Rejects with `SESSION_EXPIRED` (`detail.reason` `sessionExpired`) when it does not.
   */
  attach?(session: KeptSession, signal: AbortSignal): Promise<AgentIdentity>;
}

export type VendorFactory = (options: VendorOptions, sink: VendorSink) => Vendor;
