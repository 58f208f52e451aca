// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { control, request, subscribeAgent, useSimulator } from './helpers.mjs';

test('POST /__sim/flood publishes alternating mode events with consecutive serials, ending Ready', async (t) => {
  const sim = await useSimulator(t);
  const events = await subscribeAgent(t, sim.eventUrl);
  await control(sim, 'POST', '/agents/5001', { extension: '8001', agentMode: 'NotReady' });
  const flood = await control(sim, 'POST', '/flood', { agent: '5001', count: 5 });
  assert.equal(flood.sent, 5);
  const received = [];
  for (let i = 0; i < 5; i++) received.push(await events.nextEvent());
  assert.deepEqual(
    received.map((e) => e.eventName),
    ['agentReady', 'agentNotReady', 'agentReady', 'agentNotReady', 'agentReady'],
  );
  assert.deepEqual(
    received.map((e) => e.serial),
    [0, 1, 2, 3, 4].map((i) => flood.lastSerial - 4 + i),
  );
  // the world agrees with the last event, so a resync after a flood shows Ready too
  const state = await control(sim, 'GET', '/state');
  assert.equal(state.agents['5001'].agentMode, 'Ready');
});

test('POST /__sim/flood paces a rate and refuses bad input', async (t) => {
  const sim = await useSimulator(t);
  const refused = await request(`${sim.controlUrl}/flood`, { method: 'POST', json: { agent: '5001', count: 3 } });
  assert.equal(refused.status, 409, 'the agent must be logged in');
  await control(sim, 'POST', '/agents/5001', { extension: '8001' });
  for (const json of [{ agent: '5001' }, { agent: '5001', count: 0 }, { agent: '5001', count: 2, rate: -1 }]) {
    assert.equal(
      (await request(`${sim.controlUrl}/flood`, { method: 'POST', json })).status,
      400,
      JSON.stringify(json),
    );
  }
  const paced = await control(sim, 'POST', '/flood', { agent: '5001', count: 50, rate: 500 });
  assert.equal(paced.sent, 50);
  assert.ok(paced.ms >= 80, `50 events at 500/s took ${paced.ms} ms`);
});
