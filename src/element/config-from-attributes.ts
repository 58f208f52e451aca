import type { SoftphoneConfig } from '../core/config.js';
import { Softphone } from '../core/softphone.js';
import type { VendorName } from '../model/vendor-name.js';
import { WellError, WellErrorCode } from '../model/well-error.js';

/** Aliyun settings of the core's configuration (`config.aliyun`). */
type AliyunSettings = NonNullable<SoftphoneConfig['aliyun']>;

/** The element properties that become `config.aliyun` (named as `AliyunSettings`, the workbench SDK's options). */
const ALIYUN_PROPERTIES = [
  'instanceId',
  'region',
  'ajaxOrigin',
  'ajaxPath',
  'ajaxApiParamName',
  'ajaxMethod',
  'withCredentials',
  'skillGroups',
  'deviceId',
  'pollCallMs',
  'pollIdleMs',
  'ajaxHeaders',
  'ajaxOtherParams',
  'transport',
] as const;

/** The element properties that make up the core's configuration (a change reconfigures it once logged out). */
export const CONFIG_PROPERTIES = [
  'vendor',
  'server',
  'apiUrl',
  'loginUrl',
  'eventUrl',
  'reconnectAttempts',
  'reconnectDelay',
  'requestTimeout',
  'subscribeGrace',
  'queue',
  'group',
  'afterCall',
  'autoAnswer',
  'ringTimeout',
  'noReattach',
  'sharedSession',
  'noSocketWorker',
  ...ALIYUN_PROPERTIES,
] as const;

/** The element's configuration attributes, as properties (`reconnect-delay` → `reconnectDelay`…). */
export interface ConfigAttributes {
  vendor: VendorName;
  server: string;
  apiUrl: string;
  loginUrl: string;
  eventUrl: string;
  reconnectAttempts?: number;
  reconnectDelay?: number;
  requestTimeout?: number;
  subscribeGrace?: number;
  queue: string;
  group: string;
  afterCall: string;
  autoAnswer?: number;
  ringTimeout?: number;
  noReattach: boolean;
  sharedSession: boolean;
  noSocketWorker?: boolean;
  // `aliyun` vendor (attributes `instance-id`… as strings; `skill-groups` comma or space separated)
  instanceId?: string;
  region?: string;
  ajaxOrigin?: string;
  ajaxPath?: string;
  ajaxApiParamName?: string;
  ajaxMethod?: string;
  withCredentials?: boolean;
  skillGroups?: string | readonly string[];
  deviceId?: string;
  pollCallMs?: number;
  pollIdleMs?: number;
  ajaxHeaders?: AliyunSettings['ajaxHeaders'];
  ajaxOtherParams?: AliyunSettings['ajaxOtherParams'];
  transport?: AliyunSettings['transport'];
}

/** The timing attributes (as properties) and the configuration fields they set. */
const TIMINGS = [
  ['reconnectAttempts', 'reconnectAttempts'],
  ['reconnectDelay', 'reconnectDelayMs'],
  ['requestTimeout', 'requestTimeoutMs'],
  ['subscribeGrace', 'subscribeGraceMs'],
] as const;

/** The core's configuration from the attributes: empty ones are left out, `after-call="manual"` means no rule. */
export function configFromAttributes(attributes: ConfigAttributes): SoftphoneConfig {
  const a = attributes;
  const config: SoftphoneConfig = { vendor: a.vendor };
  // empty strings are left out; the timings are taken when set (`reconnect-delay` → `reconnectDelayMs`…)
  for (const key of ['server', 'apiUrl', 'loginUrl', 'eventUrl', 'queue', 'group'] as const) {
    if (a[key]) config[key] = a[key];
  }
  for (const [key, to] of TIMINGS) if (a[key] !== undefined) config[to] = a[key];
  const afterCall = Number(a.afterCall);
  config.afterCallSeconds = a.afterCall !== 'manual' && a.afterCall !== '' && afterCall >= 0 ? afterCall : undefined;
  config.autoAnswerSeconds = a.autoAnswer !== undefined && a.autoAnswer >= 0 ? a.autoAnswer : undefined;
  config.ringTimeoutSeconds = a.ringTimeout !== undefined && a.ringTimeout > 0 ? a.ringTimeout : undefined;
  config.reattach = !a.noReattach;
  if (a.sharedSession) config.sharedSession = true;
  if (a.noSocketWorker) config.socketInWorker = false;
  const aliyun = aliyunFromAttributes(a);
  if (aliyun) config.aliyun = aliyun;
  return config;
}

/**
 * `config.aliyun` from the Aliyun attributes and properties, or undefined when none is set. Empty strings are left
 * out; `ajax-method` other than `get`/`post` and a negative or non-numeric poll period are `CONFIG_INVALID`.
 */
function aliyunFromAttributes(a: ConfigAttributes): AliyunSettings | undefined {
  const settings: Record<string, unknown> = {};
  for (const key of ALIYUN_PROPERTIES) {
    const value = a[key];
    if (value !== undefined && value !== '' && value !== null) settings[key] = value;
  }
  if (a.withCredentials === false) delete settings['withCredentials'];
  if (typeof settings['ajaxMethod'] === 'string') {
    const method = settings['ajaxMethod'].toLowerCase();
    if (method !== 'get' && method !== 'post') throw invalid('ajax-method must be "get" or "post"');
    settings['ajaxMethod'] = method;
  }
  for (const key of ['pollCallMs', 'pollIdleMs'] as const) {
    const ms = settings[key];
    if (ms !== undefined && !(typeof ms === 'number' && Number.isFinite(ms) && ms > 0)) {
      throw invalid(`${key} must be a number of ms > 0`);
    }
  }
  if (a.skillGroups !== undefined) {
    const list = typeof a.skillGroups === 'string' ? a.skillGroups.split(/[\s,]+/) : a.skillGroups;
    const groups = list.map(String).filter(Boolean);
    if (groups.length > 0) settings['skillGroups'] = groups;
    else delete settings['skillGroups'];
  }
  return Object.keys(settings).length > 0 ? (settings as AliyunSettings) : undefined;
}

const invalid = (message: string): WellError => new WellError(WellErrorCode.CONFIG_INVALID, message);

const configError = (err: unknown): WellError =>
  err instanceof WellError ? err : new WellError(WellErrorCode.CONFIG_INVALID, String(err));

/**
 * Keeps the core configured from the element's attributes: builds it, notes attribute changes, and applies them
 * while no session runs (logged out), or before the next login or reattach.
 */
export class AttributeConfig {
  readonly #attributes: ConfigAttributes;
  readonly #report: (error: WellError) => void;
  #dirty = false;
  /** A configuration error found while building the core, reported once the host can (connected and translated). */
  #pendingError: WellError | undefined;

  /** `report` receives a configuration the core refused when applying changes. */
  constructor(attributes: ConfigAttributes, report: (error: WellError) => void) {
    this.#attributes = attributes;
    this.#report = report;
  }

  /** Attributes changed since the core last took them. */
  get dirty(): boolean {
    return this.#dirty;
  }

  /** The error found while building the core, until {@link takePendingError}. */
  get pendingError(): WellError | undefined {
    return this.#pendingError;
  }

  takePendingError(): WellError | undefined {
    const error = this.#pendingError;
    this.#pendingError = undefined;
    return error;
  }

  /** Notes which properties changed in an update. */
  noteChanges(changed: ReadonlyMap<PropertyKey, unknown>): void {
    if (CONFIG_PROPERTIES.some((key) => changed.has(key))) this.#dirty = true;
  }

  /** Builds the core from the attributes. */
  create(): Softphone {
    this.#dirty = false;
    try {
      return new Softphone(configFromAttributes(this.#attributes));
    } catch (err) {
      // A bad vendor attribute must not break the page: fall back to `well` and say why, once the element is
      // connected and its language is loaded, so a host's listener and the agent both see it.
      this.#pendingError = configError(err);
      const safe = Object.fromEntries(ALIYUN_PROPERTIES.map((key) => [key, undefined]));
      return new Softphone({ ...configFromAttributes({ ...this.#attributes, ...safe }), vendor: 'well' });
    }
  }

  /** Gives the core the current attributes (cleared URLs and Aliyun settings too, so they derive from `server` again). */
  apply(phone: Softphone): void {
    this.#dirty = false;
    try {
      const config = configFromAttributes(this.#attributes);
      phone.configure({
        ...config,
        server: config.server,
        apiUrl: config.apiUrl,
        loginUrl: config.loginUrl,
        eventUrl: config.eventUrl,
        aliyun: config.aliyun,
      });
    } catch (err) {
      this.#report(configError(err));
    }
  }
}
