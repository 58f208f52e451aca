import type { MachineSettings } from '../machine/settings.js';
import type { LoginCredentials, LoginFields } from '../model/agent.js';
import type { Capabilities } from '../model/capabilities.js';
import { VENDOR_NAMES, type VendorName } from '../model/vendor-name.js';
import { WellError, WellErrorCode } from '../model/well-error.js';
import { VENDORS } from '../vendors/registry.js';
import type { SoftphoneConfig } from './config.js';

// Checks of what hosts pass in (configuration, credentials, numbers), before anything reaches the statechart or a
// vendor. Each failure is a typed WellError naming the field.

const MACHINE_SETTING_KEYS = [
  'reconnectAttempts',
  'reconnectDelayMs',
  'heartbeatMs',
  'loginConfirmMs',
  'logoutConfirmMs',
  'commandConfirmMs',
  'clearConfirmMs',
  'afterCallSeconds',
  'autoAnswerSeconds',
  'ringTimeoutSeconds',
] as const;

const validNumber = (value: unknown): boolean =>
  Array.isArray(value)
    ? value.every((v) => Number.isFinite(v) && v >= 0)
    : typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** The statechart settings present in a config; `CONFIG_INVALID` for a negative or non-finite one. */
export function machineSettingsOf(config: SoftphoneConfig): Partial<MachineSettings> {
  const settings: Partial<Record<(typeof MACHINE_SETTING_KEYS)[number], unknown>> = {};
  for (const key of MACHINE_SETTING_KEYS) {
    const value = config[key];
    if (value === undefined) continue;
    if (!validNumber(value)) throw new WellError(WellErrorCode.CONFIG_INVALID, `${key} must be a number ≥ 0`);
    settings[key] = value;
  }
  return settings as Partial<MachineSettings>;
}

/** The capabilities of a vendor of this build; `CONFIG_INVALID` for an unknown or absent one. */
export function capabilitiesOf(vendor: VendorName): Capabilities {
  if (!VENDOR_NAMES.includes(vendor)) {
    throw new WellError(WellErrorCode.CONFIG_INVALID, `Unknown vendor "${String(vendor)}"`);
  }
  const descriptor = VENDORS[vendor];
  if (!descriptor) {
    throw new WellError(WellErrorCode.CONFIG_INVALID, `The "${vendor}" vendor is not available in this build yet`);
  }
  return descriptor.capabilities;
}

/** Digits, `*`, `#`, or `main-[W|w]…extension` (docs/protocols/well.md). */
const DIALLABLE = /^(?:[0-9*#]{1,32}|[0-9*#]{1,32}-[Ww]*[0-9*#]{1,16})$/;
const JOB_NUMBER = /^[A-Za-z0-9_.-]{1,32}$/;
const EXTENSION = /^[0-9A-Za-z_*#.-]{1,32}$/;
const DOMAIN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * Checks login fields before any request; returns the field names that are missing or invalid. `needs` says which
 * fields the backend requires (its descriptor's `login`; all by default); a field given anyway must still be valid.
 */
export function validateCredentials(
  credentials: Partial<LoginCredentials>,
  needs: LoginFields = { secret: true, domain: true, extension: true },
): (keyof LoginCredentials)[] {
  const invalid: (keyof LoginCredentials)[] = [];
  const value = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
  const check = (field: 'domain' | 'extension', pattern: RegExp): void => {
    const given = value(credentials[field]);
    if ((needs[field] || given !== '') && !pattern.test(given)) invalid.push(field);
  };
  if (!JOB_NUMBER.test(value(credentials.jobNumber))) invalid.push('jobNumber');
  const hasPassword = typeof credentials.password === 'string' && credentials.password !== '';
  const hasToken = typeof credentials.token === 'string' && credentials.token !== '';
  if (needs.secret && !hasPassword && !hasToken) invalid.push('password');
  check('domain', DOMAIN);
  check('extension', EXTENSION);
  if (credentials.loginMode !== undefined && !['force', 'ask', 'stop'].includes(credentials.loginMode)) {
    invalid.push('loginMode');
  }
  if (credentials.initialMode !== undefined && !['Ready', 'NotReady'].includes(credentials.initialMode)) {
    invalid.push('initialMode');
  }
  return invalid;
}

/** `INVALID_ARGUMENT` for a number that cannot be dialled, with `detail.reason` (`empty`, `format`…) the UI translates. */
export function invalidNumber(operation: string, number: string, reason: string, message: string): WellError {
  return new WellError(WellErrorCode.INVALID_ARGUMENT, message, { operation, detail: { reason, number } });
}

/** A trimmed, diallable number (transfer and consult targets); `INVALID_ARGUMENT` otherwise. */
export function checkedNumber(number: unknown, operation: string): string {
  const target = typeof number === 'string' ? number.trim() : '';
  if (!DIALLABLE.test(target)) {
    throw invalidNumber(
      operation,
      target,
      target === '' ? 'empty' : 'format',
      `"${target}" is not a number that can be dialled`,
    );
  }
  return target;
}

const TARGET_TYPES: readonly unknown[] = ['agent', 'skillGroup', 'number'];
const GROUP_ID = /^[\w.@:-]{1,128}$/;

/**
 * A transfer or consult target: a skill-group id (`group@instance`) with `targetType` `skillGroup`, else a diallable
 * number; `INVALID_ARGUMENT` (`detail.reason` `targetType`, `empty` or `format`) otherwise.
 */
export function checkedTarget(target: unknown, targetType: unknown, operation: string): string {
  if (targetType !== undefined && !TARGET_TYPES.includes(targetType)) {
    throw new WellError(WellErrorCode.INVALID_ARGUMENT, 'targetType must be agent, skillGroup or number', {
      operation,
      detail: { reason: 'targetType' },
    });
  }
  if (targetType !== 'skillGroup') return checkedNumber(target, operation);
  const id = typeof target === 'string' ? target.trim() : '';
  if (!GROUP_ID.test(id)) {
    throw invalidNumber(operation, id, id === '' ? 'empty' : 'format', `"${id}" is not a skill group id`);
  }
  return id;
}

/** The number of a new call, with the dial-specific messages; `INVALID_ARGUMENT` otherwise. */
export function checkedDialTarget(
  number: unknown,
  prefix: string | undefined,
  ownExtension: string | undefined,
): string {
  const target = typeof number === 'string' ? number.trim() : '';
  if (target === '') throw invalidNumber('dial', target, 'empty', 'Enter a number to dial');
  if (!DIALLABLE.test(target)) {
    throw invalidNumber(
      'dial',
      target,
      'format',
      'Numbers may contain digits, * and #, or take the form main-[W|w]extension',
    );
  }
  if (prefix !== undefined && !/^[0-9*#]{0,8}$/.test(prefix)) {
    throw invalidNumber('dial', target, 'prefix', 'The prefix may contain only digits, * and #');
  }
  if (target === ownExtension)
    throw invalidNumber('dial', target, 'ownExtension', 'You cannot dial your own extension');
  return target;
}

/** Call data entries: an array of `{key, value}` strings; `INVALID_ARGUMENT` otherwise. */
export function checkedEntries(entries: unknown): readonly { key: string; value: string }[] {
  if (
    !Array.isArray(entries) ||
    entries.some(
      (e: { key?: unknown; value?: unknown } | null) => typeof e?.key !== 'string' || typeof e.value !== 'string',
    )
  ) {
    throw new WellError(WellErrorCode.INVALID_ARGUMENT, 'entries must be an array of {key, value} strings', {
      operation: 'setCallData',
    });
  }
  return entries as { key: string; value: string }[];
}
