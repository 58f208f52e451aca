import { property } from 'lit/decorators.js';
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
  /** Backend: `well` (CSTA REST + STOMP), `xswitch` (Verto JSON-RPC) or `aliyun` (Cloud Call Center). */
  @property() vendor: VendorName = 'well';

  /** Base URL of the backend; the REST, login and event URLs derive from it. */
  @property() server = '';

  /** REST base URL (default: `server`). */
  @property({ attribute: 'api-url' }) apiUrl = '';

  /** Login (TPI) URL (default: `server` + `/loginTrusted`). */
  @property({ attribute: 'login-url' }) loginUrl = '';

  /** Event-channel WebSocket URL (default: `server` as ws(s) + `/mvc/stomp/websocket`). */
  @property({ attribute: 'event-url' }) eventUrl = '';

  /** The queue the agent logs into, for backends that need one (XSwitch). */
  @property() queue = '';

  /** The agent group, for backends that name agents `<group>.<job>` (XSwitch; default `default`). */
  @property() group = '';

  /** Tenant domain, pre-filled in the login form. */
  @property() domain = '';

  /** Job number (工号), pre-filled in the login form. */
  @property({ attribute: 'agent-id' }) agentId = '';

  /** Extension number, pre-filled in the login form. */
  @property() extension = '';

  /** What to do when the agent is already logged in (454/455): `force`, `ask` or `stop`. */
  @property({ attribute: 'login-mode' }) loginMode: LoginMode = 'force';

  /** Status after login: `NotReady` (default) or `Ready`. */
  @property({ attribute: 'initial-mode' }) initialMode: InitialMode = 'NotReady';

  /** Interface language: `zh-CN` (default) or `en`. */
  @property() override lang = 'zh-CN';

  /** Reconnect attempts after the event channel drops (default 30). */
  @property({ attribute: 'reconnect-attempts', type: Number }) reconnectAttempts?: number;

  /** Delay between reconnect attempts in ms (default 3000). */
  @property({ attribute: 'reconnect-delay', type: Number }) reconnectDelay?: number;

  /** Per-request timeout in ms (default 10 000). */
  @property({ attribute: 'request-timeout', type: Number }) requestTimeout?: number;

  /**
   * `well`: after subscribing to the event channel, how long to wait for the server's RECEIPT before going on
   * without it, in ms (default 500; 0–60 000). Servers that never answer a SUBSCRIBE's receipt (Spring's simple
   * broker) are logged in after this grace.
   */
  @property({ attribute: 'subscribe-grace', type: Number }) subscribeGrace?: number;

  /**
   * After-call work (status 5): `manual` (default: the agent presses Ready) or the seconds after which the
   * softphone goes ready by itself, with a visible countdown (Aliyun's `afterCallRule`).
   */
  @property({ attribute: 'after-call' }) afterCall = 'manual';

  /**
   * Answer inbound calls after this many seconds (0 = at once). Unset: never. Outbound calls are never auto-answered.
   */
  @property({ attribute: 'auto-answer', type: Number }) autoAnswer?: number;

  /** Seconds a call may ring unanswered before the agent is put not ready once it is gone. Unset: off. */
  @property({ attribute: 'ring-timeout', type: Number }) ringTimeout?: number;

  /**
   * Click-to-call: clicking an element with class `click-to-call-class` anywhere in the page dials the digits
   * of its text (opt-in; wellClient's `clickCallClass`).
   */
  @property({ attribute: 'click-to-call', type: Boolean }) clickToCall = false;

  /** The class that marks click-to-call numbers in the host page. */
  @property({ attribute: 'click-to-call-class' }) clickToCallClass = 'well-canBeCalled';

  /**
   * Keep nothing in `sessionStorage`: a reload asks for the password again. By default the tab keeps the session id
   * and the agent's identity (never the password) and reattaches on load (`well`).
   */
  @property({ attribute: 'no-reattach', type: Boolean }) noReattach = false;

  /**
   * One agent session for all tabs of this origin (same vendor and server): the other tabs join it without a login and
   * relay their commands; when the tab that runs it closes, another takes over (docs/architecture-tabs.md). Off by
   * default.
   */
  @property({ attribute: 'shared-session', type: Boolean }) sharedSession = false;

  /**
   * Read the event channel's WebSocket on the page instead of in a Worker (`well`, `xswitch`). By default the socket
   * runs in a Worker built from a Blob URL, so that a huge or flooding server cannot block the page; a page whose CSP
   * forbids `worker-src blob:` falls back to the page by itself (docs/protocols/well.md, "Bounded input").
   */
  @property({ attribute: 'no-socket-worker', type: Boolean }) noSocketWorker = false;

  /** `aliyun`: the call-center instance id (the workbench SDK's `instanceId`; default: the login's domain). */
  @property({ attribute: 'instance-id' }) instanceId = '';

  /** `aliyun`: region of the instance (`regionId`; default `cn-shanghai`). */
  @property() region = '';

  /** `aliyun`: origin of the customer's proxy (`ajaxOrigin`; default: `api-url`, else `server`, else the page). */
  @property({ attribute: 'ajax-origin' }) ajaxOrigin = '';

  /** `aliyun`: path of the proxy (`ajaxPath`; default `/data/api.json`). */
  @property({ attribute: 'ajax-path' }) ajaxPath = '';

  /** `aliyun`: the query parameter that names the OpenAPI call (`ajaxApiParamName`; default `action`). */
  @property({ attribute: 'ajax-api-param-name' }) ajaxApiParamName = '';

  /** `aliyun`: `post` (default; form body) or `get` (`ajaxMethod`). */
  @property({ attribute: 'ajax-method' }) ajaxMethod = '';

  /** `aliyun`: send cookies to a cross-origin proxy (`withCredentials`). */
  @property({ attribute: 'with-credentials', type: Boolean }) withCredentials = false;

  /** `aliyun`: skill groups to sign in to, comma or space separated (default: every group of the agent). */
  @property({ attribute: 'skill-groups' }) skillGroups = '';

  /** `aliyun`: `DeviceId` of SignInGroup (default: an id made up for this tab). */
  @property({ attribute: 'device-id' }) deviceId = '';

  /** `aliyun`: PollUserStatus period while a call is live, ms (default 1000). */
  @property({ attribute: 'poll-call-ms', type: Number }) pollCallMs?: number;

  /** `aliyun`: PollUserStatus period when idle, ms (default 3000). */
  @property({ attribute: 'poll-idle-ms', type: Number }) pollIdleMs?: number;

  /** `aliyun` (property only, never logged): headers added to every proxy request (`ajaxHeaders`). */
  @property({ attribute: false }) ajaxHeaders?: Record<string, string>;

  /** `aliyun` (property only): extra form fields sent next to `request` (`ajaxOtherParams`). */
  @property({ attribute: false }) ajaxOtherParams?: Record<string, string>;

  /**
   * `aliyun` (property only): the host's own transport, `(apiName, params) => OpenAPI JSON` or an axios-style
   * `{data: json}` (the workbench SDK's `apiAxiosFunc`); replaces the request to the proxy.
   */
  @property({ attribute: false }) transport?: (apiName: string, params: Record<string, unknown>) => unknown;

  /** Not-ready reasons for the picker (property only). Value `"2"` means manual outbound (status 4). */
  @property({ attribute: false }) reasons?: NotReadyReason[];

  /**
   * Event-channel (STOMP CONNECT) credentials sent with a login from the element's own form, for brokers that require
   * them (property only, like the password: never an attribute, never rendered, redacted from the log).
   */
  @property({ attribute: false }) eventCredentials?: { login: string; passcode: string };
}
