// @ts-check
import { createServer } from 'node:http';
import { World } from './world.mjs';
import { RequestLog } from './request-log.mjs';
import { FaultTable } from './faults.mjs';
import { Router } from './router.mjs';
import { createRequestListener } from './http.mjs';
import { StompServer, refuseUpgrade } from './stomp-server.mjs';
import { BrokerPublisher } from './broker-publisher.mjs';
import { agentRoutes } from './rest/agent.mjs';
import { callRoutes } from './rest/calls.mjs';
import { controlRoutes } from './control.mjs';
import { XSwitch, XSWITCH_PATH, XSWITCH_PING_IDLE_MS } from './xswitch/index.mjs';
import { Aliyun } from './aliyun/index.mjs';
import { quirksOf } from './quirks.mjs';

export { World } from './world.mjs';
export { createEvent, formatEventTime, routingKey, agentTopic } from './events.mjs';
export { topicMatches } from './topic.mjs';
export { XSwitch, XSWITCH_PATH } from './xswitch/index.mjs';
export { Aliyun, ALIYUN_PATH, ALIYUN_INSTANCE } from './aliyun/index.mjs';
export { DEFAULT_QUIRKS, quirksOf } from './quirks.mjs';

/** Path of the embedded STOMP-over-WebSocket endpoint (the wellClient's `/mvc/stomp/websocket`). */
export const EVENT_PATH = '/mvc/stomp/websocket';
const LOOPBACK = ['127.0.0.1', 'localhost'];

/**
 * @typedef {object} SimulatorOptions
 * @property {number} [port] 0 = any free port
 * @property {string} [host] loopback only: `127.0.0.1` (or `localhost`, which binds 127.0.0.1)
 * @property {string} [domain] tenant domain of every id (`5001@test.cc`)
 * @property {boolean} [embedded] serve the STOMP event channel on `/mvc/stomp/websocket`
 * @property {string} [brokerUrl] also publish every event to this RabbitMQ Web-STOMP endpoint
 * @property {string} [brokerLogin] the broker user that may publish on amq.topic (default `well-cti`, scripts/broker.sh)
 * @property {string} [brokerPasscode] its password (default `well-cti`)
 * @property {number} [eventDelayMs] delay between a REST command and its events
 * @property {number} [licenceLimit]
 * @property {number} [heartbeatTimeoutMs] server-side logout without heartbeat; 0 = off
 * @property {'none' | 'acw'} [afterCall] `acw`: agents go WorkNotReady when their last call ends
 * @property {'manual' | 'answer' | 'busy' | 'noAnswer'} [externalAnswer] what a ringing outside number does
 * @property {number} [externalAnswerDelayMs] after how long (default 1000)
 * @property {boolean} [xswitch] serve the XSwitch (Verto JSON-RPC) endpoint too (default true)
 * @property {string} [xswitchPath] its WebSocket path (default `/ws`)
 * @property {string} [xswitchDomain] its login domain (default `xswitch.cn`)
 * @property {number} [xswitchPingIdleMs] `verto.ping` after this long without inbound traffic (default 30000)
 * @property {boolean} [aliyun] serve the Aliyun CCC proxy endpoint on `/data/api.json` too (default true)
 * @property {number} [aliyunRingTimeoutMs] Aliyun: ringing unanswered this long puts the agent on break (default 30000)
 * @property {Partial<import('./quirks.mjs').Quirks>} [quirks] optional protocol features to leave out
 *   (no RECEIPT, no heart-beats, sparse client-state…; see simulator/quirks.mjs)
 * @property {boolean} [quiet] false → log requests and channel activity to stderr
 * @property {(line: string) => void} [log] where log lines go when not quiet
 */

/**
 * @typedef {object} RunningSimulator
 * @property {number} port
 * @property {string} baseUrl `http://127.0.0.1:PORT`
 * @property {string} eventUrl STOMP WebSocket URL (the embedded endpoint, else `brokerUrl`)
 * @property {string} controlUrl `baseUrl + '/__sim'`
 * @property {string} xswitchUrl `ws://127.0.0.1:PORT/ws` (the Verto endpoint; '' when `xswitch: false`)
 * @property {World} world
 * @property {XSwitch | undefined} xswitch the XSwitch model (directory, call center, Verto server)
 * @property {string} aliyunUrl `baseUrl + '/data/api.json'` (the Aliyun proxy endpoint; '' when `aliyun: false`)
 * @property {Aliyun | undefined} aliyun the Aliyun CCC model
 * @property {import('./quirks.mjs').Quirks} quirks the optional features in effect
 * @property {() => Promise<void>} stop closes every socket, the HTTP server and the broker client
 */

/**
 * Starts a well CTI simulator on loopback.
 * @param {SimulatorOptions} [options]
 * @returns {Promise<RunningSimulator>}
 */
export async function startSimulator(options = {}) {
  const {
    port = 0,
    host = '127.0.0.1',
    domain = 'test.cc',
    embedded = true,
    brokerUrl,
    brokerLogin,
    brokerPasscode,
    eventDelayMs = 5,
    licenceLimit = 10,
    heartbeatTimeoutMs = 0,
    afterCall = 'none',
    externalAnswer = 'manual',
    externalAnswerDelayMs = 1000,
    xswitch: xswitchEnabled = true,
    xswitchPath = XSWITCH_PATH,
    xswitchDomain,
    xswitchPingIdleMs = XSWITCH_PING_IDLE_MS,
    aliyun: aliyunEnabled = true,
    aliyunRingTimeoutMs,
    quirks: quirkInput,
    quiet = true,
    log: sink = (line) => process.stderr.write(`[well-sim] ${line}\n`),
  } = options;
  if (!LOOPBACK.includes(host)) throw new Error(`the simulator listens on 127.0.0.1 only (got host ${host})`);
  const log = quiet ? () => {} : sink;
  const quirks = quirksOf(quirkInput);
  if (xswitchEnabled && embedded && xswitchPath === EVENT_PATH) {
    throw new Error(`xswitchPath ${xswitchPath} is the STOMP endpoint's path`);
  }

  const world = new World({
    domain,
    eventDelayMs,
    licenceLimit,
    heartbeatTimeoutMs,
    afterCall,
    externalAnswer,
    externalAnswerDelayMs,
  });
  const requests = new RequestLog();
  const faults = new FaultTable();
  const channel = embedded
    ? new StompServer({
        path: EVENT_PATH,
        accepting: () => world.config.acceptChannels,
        onSubscribe: ({ destination, id, receipt, connection }) =>
          requests.add({
            method: 'STOMP',
            command: 'SUBSCRIBE',
            path: destination,
            headers: { id, receipt, connection: String(connection) },
            body: null,
          }),
        log,
        quirks,
      })
    : undefined;
  const broker = brokerUrl
    ? new BrokerPublisher({
        url: brokerUrl,
        ...(brokerLogin === undefined ? {} : { login: brokerLogin }),
        ...(brokerPasscode === undefined ? {} : { passcode: brokerPasscode }),
        onStatus: (connected) => {
          if (world.brokerConnected === connected) return;
          world.brokerConnected = connected;
          world.emit('broker', connected);
        },
        log,
      })
    : undefined;

  world.on('publish', (/** @type {import('./world.mjs').Published} */ { routingKey, body }) => {
    channel?.publish(routingKey, body);
    if (broker && !broker.publish(routingKey, body)) world.brokerDropped++;
  });

  const xswitch = xswitchEnabled
    ? new XSwitch({
        domain: xswitchDomain,
        path: xswitchPath,
        eventDelayMs,
        pingIdleMs: xswitchPingIdleMs,
        clientReady: quirks.clientReady,
        agentState: quirks.agentState,
        log,
      })
    : undefined;

  const aliyun = aliyunEnabled
    ? new Aliyun(aliyunRingTimeoutMs === undefined ? {} : { ringTimeoutMs: aliyunRingTimeoutMs })
    : undefined;

  const parts = { world, requests, faults, channel, broker, xswitch };
  const router = new Router([
    { method: 'GET', path: '/', handler: () => ({ body: { name: 'well-sim', domain, control: '/__sim' } }) },
    ...agentRoutes(world, quirks),
    ...callRoutes(world),
    ...controlRoutes(parts),
    ...(xswitch?.restRoutes ?? []),
    ...(aliyun?.routes ?? []),
  ]);
  const stopping = new AbortController();
  const server = createServer(createRequestListener({ router, world, requests, faults, signal: stopping.signal, log }));
  server.on('upgrade', (req, socket, head) => {
    if (channel?.handleUpgrade(req, socket, head)) return;
    if (xswitch?.handleUpgrade(req, socket, head)) return;
    refuseUpgrade(socket, 404, 'Not Found');
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const baseUrl = `http://127.0.0.1:${boundPort}`;
  await broker?.start();

  /** @type {Promise<void> | undefined} */
  let stopped;
  const stop = () => {
    stopped ??= (async () => {
      stopping.abort();
      world.stop();
      aliyun?.close();
      const closed = new Promise((resolve) => server.close(() => resolve(undefined)));
      await Promise.all([channel?.close(), broker?.stop(), xswitch?.close()]);
      server.closeAllConnections();
      await closed;
      world.removeAllListeners();
    })();
    return stopped;
  };

  return {
    port: boundPort,
    baseUrl,
    eventUrl: channel ? `ws://127.0.0.1:${boundPort}${EVENT_PATH}` : (brokerUrl ?? ''),
    controlUrl: `${baseUrl}/__sim`,
    xswitchUrl: xswitch ? `ws://127.0.0.1:${boundPort}${xswitch.path}` : '',
    aliyunUrl: aliyun ? `${baseUrl}${aliyun.path}` : '',
    world,
    xswitch,
    aliyun,
    quirks,
    stop,
  };
}
