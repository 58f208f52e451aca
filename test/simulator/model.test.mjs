// @ts-check
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topicMatches } from '../../simulator/topic.mjs';
import { agentTopic, createEvent, formatEventTime, routingKey } from '../../simulator/events.mjs';
import { Outbox } from '../../simulator/outbox.mjs';
import { parseForm } from '../../simulator/http.mjs';

test('topic matching follows RabbitMQ: * is one word, # is zero or more', () => {
  const cases = [
    ['event.agent.*.5001@test_cc', 'event.agent.agent.5001@test_cc', true],
    ['event.agent.*.5001@test_cc', 'event.agent.csta.5001@test_cc', true],
    ['event.agent.*.5001@test_cc', 'event.agent.agent.5002@test_cc', false],
    ['event.agent.*.5001@test_cc', 'event.agent.5001@test_cc', false],
    ['event.agent.*', 'event.agent.agent.5001@test_cc', false],
    ['event.#', 'event.agent.agent.5001@test_cc', true],
    ['event.#', 'event', true],
    ['#', 'anything.at.all', true],
    ['#.5001@test_cc', 'event.agent.csta.5001@test_cc', true],
    ['event.#.csta.*', 'event.agent.csta.5001@test_cc', true],
    ['event.#.agent', 'event.agent.csta.5001@test_cc', false],
    ['event.agent.agent.5001@test.cc', 'event.agent.agent.5001@test.cc', true],
  ];
  for (const [pattern, key, expected] of cases) {
    assert.equal(
      topicMatches(/** @type {string} */ (pattern), /** @type {string} */ (key)),
      expected,
      `${pattern} ~ ${key}`,
    );
  }
});

test('routing keys and the client topic replace dots in the agent id', () => {
  assert.equal(routingKey('5001@test.cc', 'agent'), 'event.agent.agent.5001@test_cc');
  assert.equal(routingKey('5001@a.b.cc', 'csta'), 'event.agent.csta.5001@a_b_cc');
  assert.equal(agentTopic('5001@test.cc'), '/topic/event.agent.*.5001@test_cc');
});

test('eventTime is local YYYY.MM.DD HH:mm:ss, zero-padded', () => {
  assert.equal(formatEventTime(new Date(2017, 2, 8, 4, 5, 6)), '2017.03.08 04:05:06');
  assert.equal(formatEventTime(new Date(2024, 11, 31, 23, 59, 59)), '2024.12.31 23:59:59');
});

test('createEvent reproduces the documented sample of agentNotReady field by field', () => {
  const event = createEvent({
    eventName: 'agentNotReady',
    domain: 'zhen04.cc',
    agentId: '5006@zhen04.cc',
    deviceId: '8001@zhen04.cc',
    serial: 11065578,
    time: new Date(2017, 2, 18, 14, 33, 50),
  });
  const sample = {
    eventName: 'agentNotReady',
    eventTime: '2017.03.18 14:33:50',
    eventType: 'agent',
    serial: 11065578,
    params: { _amqpTopic: 'event.csta.zhen04.cc', agent: '5006@zhen04.cc' },
    _type: 'component.cti.event.AgentNotReadyEvent',
    namespace: 'zhen04.cc',
    srcDeviceId: '8001@zhen04.cc',
    deviceId: '8001@zhen04.cc',
    agentId: '5006@zhen04.cc',
    agentMode: 'NotReady',
    devices: { Voice: '8001@zhen04.cc' },
    reason: '',
  };
  const { topics, params, ...rest } = /** @type {any} */ (event);
  const { params: sampleParams, ...sampleRest } = sample;
  assert.deepEqual(rest, sampleRest);
  assert.deepEqual({ _amqpTopic: params._amqpTopic, agent: params.agent }, sampleParams);
  assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(event))), [
    'eventName',
    'eventTime',
    'eventType',
    'serial',
    'params',
    '_type',
    'topics',
    'namespace',
    'srcDeviceId',
    'deviceId',
    'agentId',
    'agentMode',
    'devices',
    'reason',
  ]);
  assert.deepEqual(
    [...topics].sort(),
    [
      'agent',
      'agent:5006@zhen04.cc',
      'agent:zhen04.cc',
      'agentNotReady',
      'csta',
      'device:8001@zhen04.cc',
      'CtiRouter_ctirouter-sim',
    ].sort(),
  );
});

test('createEvent: extra fields override defaults without moving them', () => {
  const event = createEvent({
    eventName: 'agentLoggedOn',
    domain: 'test.cc',
    agentId: '5001@test.cc',
    deviceId: '8001@test.cc',
    fields: { agentMode: 'Ready', queueId: 'q' },
    serial: 1,
    time: new Date(),
  });
  const keys = Object.keys(event);
  assert.ok(keys.indexOf('agentMode') < keys.indexOf('devices'));
  assert.equal(event.agentMode, 'Ready');
  assert.equal(keys.at(-1), 'queueId');
});

test('the outbox keeps order whatever the delays, and clear() settles pending tasks with null', async () => {
  const outbox = new Outbox();
  /** @type {number[]} */
  const order = [];
  const slow = outbox.enqueue(30, () => order.push(1));
  const fast = outbox.enqueue(0, () => order.push(2));
  await Promise.all([slow, fast]);
  assert.deepEqual(order, [1, 2]);
  const pending = outbox.enqueue(10_000, () => 'never');
  outbox.clear();
  assert.equal(await pending, null);
});

test('form bodies are decoded like a servlet container: + is a space, percent-escapes decoded', () => {
  assert.deepEqual(parseForm('username=5001&password=a%26b%2Bc%2541+d&namespace=test%2Ecc'), {
    username: '5001',
    password: 'a&b+c%41 d',
    namespace: 'test.cc',
  });
  assert.deepEqual(parseForm('a=1=2&flag'), { a: '1=2', flag: '' });
  // an unencoded value is cut at & and + turns into a space, as a real server would read it
  assert.deepEqual(parseForm('password=a&b+c&namespace=test.cc'), { password: 'a', 'b c': '', namespace: 'test.cc' });
});
