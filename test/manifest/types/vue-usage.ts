// Type test for dist/editor/vue.d.ts (Vue `GlobalComponents`), compiled by test/manifest/manifest.test.mjs.
// Each `@ts-expect-error` must stay an error: if the typings stop catching it, tsc reports the unused directive.
import type { GlobalComponents } from 'vue';

type Props = InstanceType<GlobalComponents['well-softphone']>['$props'];

export const valid: Props = {
  vendor: 'aliyun',
  server: 'https://cc.example.com',
  'login-mode': 'stop',
  'initial-mode': 'NotReady',
  'reconnect-attempts': 5,
  'click-to-call': true,
  reasons: [{ value: '1', label: 'Break' }],
  'onwell-call-end': (event) => event.detail.isEstablished,
};

export const misspelled: Props = {
  // @ts-expect-error misspelled attribute (`login-mode`)
  'login-mod': 'ask',
};

export const wrongVendor: Props = {
  // @ts-expect-error unknown vendor
  vendor: 'asterisk',
};

export const wrongLoginMode: Props = {
  // @ts-expect-error login-mode is 'force' | 'ask' | 'stop'
  'login-mode': 'always',
};

export const wrongNumber: Props = {
  // @ts-expect-error reconnect-attempts is a number
  'reconnect-attempts': '30',
};

export const wrongDetail: Props = {
  // @ts-expect-error the call-end detail has no `code`
  'onwell-call-end': (event) => event.detail.code,
};
