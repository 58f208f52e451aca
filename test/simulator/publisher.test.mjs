// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { startSimulator } from '../../simulator/index.mjs';
import { control, EventClient, login, sessionFor, useSimulator } from './helpers.mjs';

// A second simulator's embedded STOMP endpoint stands in for the broker here (it accepts SEND to
// /exchange/amq.topic/...), so the outage and the reconnect can be provoked at will.
test('broker mode relays every event, drops and counts them while the broker is down, and reconnects', async (t) => {
  const broker = await startSimulator();
  t.after(() => broker.stop());
  const sim = await useSimulator(t, { brokerUrl: broker.eventUrl });
  assert.equal(sim.world.brokerConnected, true, 'startSimulator waits for the first connection');
  assert.equal((await control(sim, 'GET', '/state')).config.brokerUrl, broker.eventUrl);

  const listener = await EventClient.connect(broker.eventUrl);
  t.after(() => listener.close());
  await listener.subscribe('/topic/event.agent.*.5001@test_cc');
  const local = await EventClient.connect(sim.eventUrl);
  t.after(() => local.close());
  await local.subscribe('/topic/event.agent.*.5001@test_cc');

  await login(sim, await sessionFor(sim));
  const relayed = await listener.next();
  assert.equal(relayed.headers.destination, '/topic/event.agent.agent.5001@test_cc');
  assert.equal(relayed.body, (await local.next()).body, 'the broker gets the same body as the embedded channel');
  const ready = await listener.next();
  assert.equal(JSON.parse(ready.body).eventName, 'agentReady');
  assert.equal(ready.body, (await local.next()).body);

  const down = once(sim.world, 'broker');
  await broker.stop();
  assert.deepEqual(await down, [false]);
  assert.equal((await control(sim, 'GET', '/state')).brokerConnected, false);
  await control(sim, 'POST', '/emit', { agent: '5001', event: { eventName: 'agentNotReady' } });
  assert.equal(sim.world.brokerDropped, 1);
  assert.equal(JSON.parse((await local.next()).body).eventName, 'agentNotReady', 'the embedded channel is unaffected');

  const up = once(sim.world, 'broker');
  const restarted = await startSimulator({ port: broker.port });
  t.after(() => restarted.stop());
  assert.deepEqual(await up, [true]);
  const again = await EventClient.connect(restarted.eventUrl);
  t.after(() => again.close());
  await again.subscribe('/topic/event.agent.*.5001@test_cc');
  await control(sim, 'POST', '/emit', { agent: '5001', event: { eventName: 'agentReady' } });
  assert.equal(JSON.parse((await again.next()).body).eventName, 'agentReady');
});

test('a broker that is down at start does not prevent the simulator from starting', async (t) => {
  const probe = await startSimulator();
  const deadUrl = probe.eventUrl;
  await probe.stop();
  const sim = await useSimulator(t, { brokerUrl: deadUrl });
  assert.equal(sim.world.brokerConnected, false);
  await control(sim, 'POST', '/emit', { agent: '5001', raw: '{}' });
  assert.equal(sim.world.brokerDropped, 1);
});
