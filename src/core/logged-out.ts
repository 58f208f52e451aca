import { selectView, type SoftphoneSnapshot, type SoftphoneView } from '../machine/selectors.js';
import { initialContext, type MachineSettings } from '../machine/settings.js';
import type { Capabilities } from '../model/capabilities.js';
import type { StatusContext } from '../model/status-change.js';
import type { VendorName } from '../model/vendor-name.js';
import { VENDORS } from '../vendors/registry.js';
import type { SoftphoneConfig } from './config.js';
import { capabilitiesOf, machineSettingsOf } from './validate.js';

// What the softphone reads before its session engine (the statechart and all that runs it, core/session-engine.ts)
// is loaded: a logged-out agent with no calls. It matches the statechart's initial state exactly
// (test/core/lazy-engine.test.ts compares them), so nothing a host reads changes when the engine arrives.

/** The statechart's input for a config: the vendor's capabilities and the settings. Throws `CONFIG_INVALID`. */
export function machineInputOf(config: SoftphoneConfig): {
  capabilities: Capabilities;
  settings: Partial<MachineSettings>;
} {
  const capabilities = capabilitiesOf(config.vendor);
  const descriptor = VENDORS[config.vendor]!;
  const settings = {
    reconnectAttempts: descriptor.reconnect.attempts,
    reconnectDelayMs: descriptor.reconnect.delayMs,
    resyncAfterLogin: descriptor.resyncAfterLogin,
    ...machineSettingsOf(config),
  };
  return { capabilities, settings };
}

/** The machine events a logged-out statechart takes. */
const LOGGED_OUT_EVENTS = new Set(['agent.login', 'agent.reattach']);

/**
 * A snapshot of the statechart's initial state (logged out, channel idle) for what reads one before the engine is
 * loaded (`getSnapshot()`, `deriveStatusCode`); only its value, context, status, `matches` and `can` are there.
 */
export function loggedOutSnapshot(input: ReturnType<typeof machineInputOf>): SoftphoneSnapshot {
  const snapshot = {
    status: 'active',
    value: { connection: 'idle', agent: 'loggedOut' },
    context: initialContext(input),
    matches: () => false,
    can: (event: { type: string }) => LOGGED_OUT_EVENTS.has(event.type),
  };
  return snapshot as unknown as SoftphoneSnapshot;
}

/** The view of {@link loggedOutSnapshot}. */
export const loggedOutView = (input: ReturnType<typeof machineInputOf>): SoftphoneView =>
  selectView(loggedOutSnapshot(input));

/** The status context of a view (what `status` events and `statusContext()` carry). */
export function statusContextOf(
  vendor: VendorName,
  view: SoftphoneView,
  connection: StatusContext['connection'],
  since: number,
): StatusContext {
  const result: StatusContext = {
    vendor,
    agentState: view.agentState,
    reason: view.reason,
    allocated: view.agentState === 'allocated',
    pendingMode: view.pendingMode,
    connection,
    calls: view.calls.length,
    muted: view.activeCall?.muted ?? false,
    recording: view.recording,
    since,
  };
  if (view.activeCall) result.activeCall = { ...view.activeCall };
  if (view.identity) {
    result.agentId = view.identity.agentId;
    result.deviceId = view.identity.deviceId;
    result.jobNumber = view.identity.jobNumber;
    result.extension = view.identity.extension;
  }
  if (view.pendingOperation) result.pendingOperation = view.pendingOperation;
  if (view.lastFact) result.raw = view.lastFact.meta.raw;
  return result;
}
