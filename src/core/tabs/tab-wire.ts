import type { DomainEvent } from '../../model/domain-event.js';
import { WellError } from '../../model/well-error.js';
import type { WireError } from './tab-protocol.js';

/**
 * What every tab of a shared session needs to send (tab-protocol.ts has the messages, and validates what arrives):
 * the protocol version, and values made safe for structured clone.
 */
export const TAB_PROTOCOL_VERSION = 1;

/**
 * `value` in a form that survives structured clone: itself when it clones, else its JSON round trip, else its string
 * form (a `meta.raw` or a server answer may hold anything: functions, class instances, cycles).
 */
export function cloneable(value: unknown): unknown {
  try {
    structuredClone(value);
    return value;
  } catch {
    try {
      return JSON.parse(JSON.stringify(value)) as unknown;
    } catch {
      return String(value);
    }
  }
}

/** A domain event that survives structured clone (`meta.raw` cleaned when it would not). */
export function cloneableEvent(event: DomainEvent): DomainEvent {
  const clean = { ...event, meta: { ...event.meta, raw: cloneable(event.meta.raw) } } as DomainEvent;
  return cloneable(clean) as DomainEvent;
}

/** A WellError (or anything thrown) as plain data. */
export function toWire(error: WellError): WireError {
  const wire: WireError = { code: error.code, message: error.message };
  if (error.status !== undefined) wire.status = error.status;
  if (error.vendorCode !== undefined) wire.vendorCode = error.vendorCode;
  if (error.operation !== undefined) wire.operation = error.operation;
  if (error.statusCode !== undefined) wire.statusCode = error.statusCode;
  if (error.detail !== undefined) wire.detail = cloneable(error.detail) as Record<string, unknown>;
  return wire;
}

/** The WellError a {@link WireError} describes. */
export function fromWire(wire: WireError): WellError {
  const { code, message, ...init } = wire;
  return new WellError(code, message, init);
}
