#!/usr/bin/env node
// @ts-check
import { parseArgs } from 'node:util';
import { quirksOf, startSimulator } from './index.mjs';

const USAGE = `usage: node simulator/cli.mjs [--port 5180] [--domain test.cc] [--broker ws://127.0.0.1:15674/ws]
                               [--no-embedded] [--event-delay 5] [--verbose]
                               [--external-answer manual|answer|busy|noAnswer] [--external-answer-delay 1000]
                               [--after-call none|acw] [--no-xswitch] [--xswitch-domain xswitch.cn]
                               [--no-aliyun] [--aliyun-ring-timeout 30000]
server quirks (optional features left out; see simulator/README.md):
                               [--no-receipts] [--no-heartbeat | --heartbeat on|off|omit] [--heartbeat-ms 10000]
                               [--no-message-id] [--no-content-length] [--extra-headers]
                               [--refuse-subscribe] [--drop-on-subscribe] [--client-state full|sparse|404|500]
                               [--no-client-ready] [--agent-state ok|404|401|text]`;

/** @param {string[]} argv */
function options(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '5180' },
      domain: { type: 'string', default: 'test.cc' },
      broker: { type: 'string' },
      'no-embedded': { type: 'boolean', default: false },
      'event-delay': { type: 'string', default: '5' },
      'external-answer': { type: 'string', default: 'manual' },
      'external-answer-delay': { type: 'string', default: '1000' },
      'after-call': { type: 'string', default: 'none' },
      'no-xswitch': { type: 'boolean', default: false },
      'xswitch-domain': { type: 'string', default: 'xswitch.cn' },
      'no-aliyun': { type: 'boolean', default: false },
      'aliyun-ring-timeout': { type: 'string', default: '30000' },
      'no-receipts': { type: 'boolean', default: false },
      'no-heartbeat': { type: 'boolean', default: false },
      heartbeat: { type: 'string' },
      'heartbeat-ms': { type: 'string' },
      'no-message-id': { type: 'boolean', default: false },
      'no-content-length': { type: 'boolean', default: false },
      'extra-headers': { type: 'boolean', default: false },
      'refuse-subscribe': { type: 'boolean', default: false },
      'drop-on-subscribe': { type: 'boolean', default: false },
      'client-state': { type: 'string' },
      'no-client-ready': { type: 'boolean', default: false },
      'agent-state': { type: 'string' },
      verbose: { type: 'boolean', short: 'v', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const port = Number(values.port);
  const eventDelayMs = Number(values['event-delay']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad --port ${values.port}`);
  if (!Number.isFinite(eventDelayMs) || eventDelayMs < 0) throw new Error(`bad --event-delay ${values['event-delay']}`);
  const externalAnswer = values['external-answer'];
  if (!['manual', 'answer', 'busy', 'noAnswer'].includes(externalAnswer)) {
    throw new Error(`bad --external-answer ${externalAnswer}`);
  }
  const externalAnswerDelayMs = Number(values['external-answer-delay']);
  if (!Number.isFinite(externalAnswerDelayMs) || externalAnswerDelayMs < 0) {
    throw new Error(`bad --external-answer-delay ${values['external-answer-delay']}`);
  }
  const aliyunRing = Number(values['aliyun-ring-timeout']);
  if (!Number.isFinite(aliyunRing) || aliyunRing < 0) throw new Error(`bad --aliyun-ring-timeout ${aliyunRing}`);
  const afterCall = values['after-call'];
  if (afterCall !== 'none' && afterCall !== 'acw') throw new Error(`bad --after-call ${afterCall}`);
  if (values['no-heartbeat'] && values.heartbeat !== undefined && values.heartbeat !== 'off') {
    throw new Error(`--no-heartbeat contradicts --heartbeat ${values.heartbeat}`);
  }
  const heartbeatMs = values['heartbeat-ms'] === undefined ? undefined : Number(values['heartbeat-ms']);
  const quirks = quirksOf({
    receipts: !values['no-receipts'],
    heartbeat: values['no-heartbeat'] ? 'off' : values.heartbeat,
    heartbeatMs,
    messageId: !values['no-message-id'],
    contentLength: !values['no-content-length'],
    extraHeaders: values['extra-headers'],
    refuseSubscribe: values['refuse-subscribe'],
    dropOnSubscribe: values['drop-on-subscribe'],
    clientState: values['client-state'],
    clientReady: !values['no-client-ready'],
    agentState: values['agent-state'],
  });
  return {
    port,
    domain: values.domain,
    brokerUrl: values.broker,
    embedded: !values['no-embedded'],
    eventDelayMs,
    externalAnswer: /** @type {'manual' | 'answer' | 'busy' | 'noAnswer'} */ (externalAnswer),
    externalAnswerDelayMs,
    afterCall: /** @type {'none' | 'acw'} */ (afterCall),
    xswitch: !values['no-xswitch'],
    xswitchDomain: values['xswitch-domain'],
    aliyun: !values['no-aliyun'],
    aliyunRingTimeoutMs: Number(values['aliyun-ring-timeout']),
    quirks,
    quiet: !values.verbose,
  };
}

let opts;
try {
  opts = options(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(2);
}

const sim = await startSimulator(opts);
console.log(`well simulator (domain ${opts.domain})`);
console.log(`  REST     ${sim.baseUrl}  (TPI login: POST ${sim.baseUrl}/loginTrusted)`);
console.log(`  events   ${sim.eventUrl || '(none)'}`);
console.log(`  control  ${sim.controlUrl}/state`);
if (sim.xswitch) {
  console.log(`  xswitch  ${sim.xswitchUrl}  (Verto; users 1001-1010@${sim.xswitch.domain}, password 1234)`);
}
if (sim.aliyun) {
  console.log(`  aliyun   ${sim.aliyunUrl}  (CCC proxy; instance ${sim.aliyun.instanceId}, users agent1-agent5)`);
}
if (opts.brokerUrl)
  console.log(`  broker   ${opts.brokerUrl} (${sim.world.brokerConnected ? 'connected' : 'not connected yet'})`);
console.log('agents 5001-5010 (password 123456), extensions 8001-8010; Ctrl-C to stop');

let stopping = false;
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    sim.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
