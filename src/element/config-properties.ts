import type { PropertyDeclarations } from 'lit';
import type { InitialMode, LoginMode } from '../model/agent.js';
import type { VendorName } from '../model/vendor-name.js';
import { ToolbarOptions } from './toolbar-options.js';

/** A not-ready reason offered in the reason picker. */
export interface NotReadyReason {
  value: string;
  label: string;
}

/**
 * The configuration properties of `<well-softphone>`: backend, agent, timings, Aliyun proxy settings and the
 * property-only inputs. A change reconfigures the core once no session runs (config-from-attributes.ts).
 */
export abstract class ConfigProperties extends ToolbarOptions {
  // Lit's `static properties`, as in toolbar-options.ts; the JSDoc is on the fields.
  static override properties: PropertyDeclarations = {
    vendor: {},
    server: {},
    apiUrl: { attribute: 'api-url' },
    loginUrl: { attribute: 'login-url' },
    eventUrl: { attribute: 'event-url' },
    queue: {},
    group: {},
    domain: {},
    agentId: { attribute: 'agent-id' },
    extension: {},
    loginMode: { attribute: 'login-mode' },
    initialMode: { attribute: 'initial-mode' },
    lang: {},
    reconnectAttempts: { attribute: 'reconnect-attempts', type: Number },
    reconnectDelay: { attribute: 'reconnect-delay', type: Number },
    requestTimeout: { attribute: 'request-timeout', type: Number },
    subscribeGrace: { attribute: 'subscribe-grace', type: Number },
    afterCall: { attribute: 'after-call' },
    autoAnswer: { attribute: 'auto-answer', type: Number },
    ringTimeout: { attribute: 'ring-timeout', type: Number },
    clickToCall: { attribute: 'click-to-call', type: Boolean },
    clickToCallClass: { attribute: 'click-to-call-class' },
    noReattach: { attribute: 'no-reattach', type: Boolean },
    sharedSession: { attribute: 'shared-session', type: Boolean },
    noSocketWorker: { attribute: 'no-socket-worker', type: Boolean },
    instanceId: { attribute: 'instance-id' },
    region: {},
    ajaxOrigin: { attribute: 'ajax-origin' },
    ajaxPath: { attribute: 'ajax-path' },
    ajaxApiParamName: { attribute: 'ajax-api-param-name' },
    ajaxMethod: { attribute: 'ajax-method' },
    withCredentials: { attribute: 'with-credentials', type: Boolean },
    skillGroups: { attribute: 'skill-groups' },
    deviceId: { attribute: 'device-id' },
    pollCallMs: { attribute: 'poll-call-ms', type: Number },
    pollIdleMs: { attribute: 'poll-idle-ms', type: Number },
    ajaxHeaders: { attribute: false },
    ajaxOtherParams: { attribute: false },
    transport: { attribute: false },
    reasons: { attribute: false },
    eventCredentials: { attribute: false },
  };

  /** Backend: `well` (CSTA REST + STOMP), `xswitch` (Verto JSON-RPC) or `aliyun` (Cloud Call Center). */
  vendor: VendorName = 'well';

  /** Base URL of the backend; the REST, login and event URLs derive from it. */
  server = '';

  /** REST base URL (default: `server`). */
  apiUrl = '';

  /** Login (TPI) URL (default: `server` + `/loginTrusted`). */
  loginUrl = '';

  /** Event-channel WebSocket URL (default: `server` as ws(s) + `/mvc/stomp/websocket`). */
  eventUrl = '';

  /** The queue the agent logs into, for backends that need one (XSwitch). */
  queue = '';

  /** The agent group, for backends that name agents `<group>.<job>` (XSwitch; default `default`). */
  group = '';

  /** Tenant domain, pre-filled in the login form. */
  domain = '';

  /** Job number (工号), pre-filled in the login form. */
  agentId = '';

  /** Extension number, pre-filled in the login form. */
  extension = '';

  /** What to do when the agent is already logged in (454/455): `force`, `ask` or `stop`. */
  loginMode: LoginMode = 'force';

  /** Status after login: `NotReady` (default) or `Ready`. */
  initialMode: InitialMode = 'NotReady';

  /** Interface language: `zh-CN` (default) or `en`. */
  override lang = 'zh-CN';

  /** Reconnect attempts after the event channel drops (default 30). */
  reconnectAttempts?: number;

  /** Delay between reconnect attempts in ms (default 3000). */
  reconnectDelay?: number;

  /** Per-request timeout in ms (default 10 000). */
  requestTimeout?: number;

  /**
   * `well`: after subscribing to the event channel, how long to wait for the server's RECEIPT before going on
   * without it, in ms (default 500; 0–60 000). Servers that never answer a SUBSCRIBE's receipt (Spring's simple
   * broker) are logged in after this grace.
   */
  subscribeGrace?: number;

  /**
   * After-call work (status 5): `manual` (default: the agent presses Ready) or the seconds after which the
   * softphone goes ready by itself, with a visible countdown (Aliyun's `afterCallRule`).
   */
  afterCall = 'manual';

  /**
   * Answer inbound calls after this many seconds (0 = at once). Unset: never. Outbound calls are never auto-answered.
   */
  autoAnswer?: number;

  /** Seconds a call may ring unanswered before the agent is put not ready once it is gone. Unset: off. */
  ringTimeout?: number;

  /**
   * Click-to-call: clicking an element with class `click-to-call-class` anywhere in the page dials the digits
   * of its text (opt-in; wellClient's `clickCallClass`).
   */
  clickToCall = false;

  /** The class that marks click-to-call numbers in the host page. */
  clickToCallClass = 'well-canBeCalled';

  /**
   * Keep nothing in `sessionStorage`: a reload asks for the password again. By default the tab keeps the session id
   * and the agent's identity (never the password) and reattaches on load (`well`).
   */
  noReattach = false;

  /**
   * One agent session for all tabs of this origin (same vendor and server): the other tabs join it without a login and
   * relay their commands; when the tab that runs it closes, another takes over (docs/architecture-tabs.md). Off by
   * default.
   */
  sharedSession = false;

  /**
   * Read the event channel's WebSocket on the page instead of in a Worker (`well`, `xswitch`). By default the socket
   * runs in a Worker built from a Blob URL, so that a huge or flooding server cannot block the page; a page whose CSP
   * forbids `worker-src blob:` falls back to the page by itself (docs/protocols/well.md, "Bounded input").
   */
  noSocketWorker = false;

  /** `aliyun`: the call-center instance id (the workbench SDK's `instanceId`; default: the login's domain). */
  instanceId = '';

  /** `aliyun`: region of the instance (`regionId`; default `cn-shanghai`). */
  region = '';

  /** `aliyun`: origin of the customer's proxy (`ajaxOrigin`; default: `api-url`, else `server`, else the page). */
  ajaxOrigin = '';

  /** `aliyun`: path of the proxy (`ajaxPath`; default `/data/api.json`). */
  ajaxPath = '';

  /** `aliyun`: the query parameter that names the OpenAPI call (`ajaxApiParamName`; default `action`). */
  ajaxApiParamName = '';

  /** `aliyun`: `post` (default; form body) or `get` (`ajaxMethod`). */
  ajaxMethod = '';

  /** `aliyun`: send cookies to a cross-origin proxy (`withCredentials`). */
  withCredentials = false;

  /** `aliyun`: skill groups to sign in to, comma or space separated (default: every group of the agent). */
  skillGroups = '';

  /** `aliyun`: `DeviceId` of SignInGroup (default: an id made up for this tab). */
  deviceId = '';

  /** `aliyun`: PollUserStatus period while a call is live, ms (default 1000). */
  pollCallMs?: number;

  /** `aliyun`: PollUserStatus period when idle, ms (default 3000). */
  pollIdleMs?: number;

  /** `aliyun` (property only, never logged): headers added to every proxy request (`ajaxHeaders`). */
  ajaxHeaders?: Record<string, string>;

  /** `aliyun` (property only): extra form fields sent next to `request` (`ajaxOtherParams`). */
  ajaxOtherParams?: Record<string, string>;

  /**
   * `aliyun` (property only): the host's own transport, `(apiName, params) => OpenAPI JSON` or an axios-style
   * `{data: json}` (the workbench SDK's `apiAxiosFunc`); replaces the request to the proxy.
   */
  transport?: (apiName: string, params: Record<string, unknown>) => unknown;

  /** Not-ready reasons for the picker (property only). Value `"2"` means manual outbound (status 4). */
  reasons?: NotReadyReason[];

  /**
   * Event-channel (STOMP CONNECT) credentials sent with a login from the element's own form, for brokers that require
   * them (property only, like the password: never an attribute, never rendered, redacted from the log).
   */
  eventCredentials?: { login: string; passcode: string };
}
