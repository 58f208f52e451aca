// Type test for dist/editor/react.d.ts + jsx.d.ts (React 19 JSX), compiled by test/manifest/manifest.test.mjs.
// Each `@ts-expect-error` must stay an error: if the typings stop catching it, tsc reports the unused directive.
import type { NotReadyReason, WellCallEndEvent } from '../../../src/index.js';

const reasons: NotReadyReason[] = [{ value: '1', label: 'Break' }];

export const valid = (
  <well-softphone
    vendor="xswitch"
    server="https://cc.example.com"
    api-url="https://cc.example.com/api"
    agent-id="5001"
    login-mode="ask"
    initial-mode="Ready"
    reconnect-attempts={5}
    click-to-call
    reasons={reasons}
    ringtone={(ringing: boolean) => void ringing}
    onwell-status-change={(event) => {
      const code: number = event.detail.code;
      return code;
    }}
    onwell-call-end={(event: WellCallEndEvent) => event.detail.isEstablished}
  />
);

// @ts-expect-error misspelled attribute (`vendor`)
export const misspelled = <well-softphone vendr="well" />;

// @ts-expect-error unknown vendor
export const wrongVendor = <well-softphone vendor="asterisk" />;

// @ts-expect-error login-mode is 'force' | 'ask' | 'stop'
export const wrongLoginMode = <well-softphone login-mode="always" />;

// @ts-expect-error reconnect-attempts is a number
export const wrongNumber = <well-softphone reconnect-attempts="30" />;

// @ts-expect-error reasons are {value, label} objects
export const wrongReasons = <well-softphone reasons={['Break']} />;

// @ts-expect-error phone is read-only: not a prop
export const readOnly = <well-softphone phone={undefined} />;

export const wrongDetail = (
  <well-softphone
    onwell-status-change={(event) => {
      // @ts-expect-error the status-change detail has no `callId`
      return event.detail.callId;
    }}
  />
);
