import { expect } from '@open-wc/testing';
import { Softphone, type StatusChange } from '../../src/core/softphone.js';
import type { CallNotice } from '../../src/model/call.js';
import { WellErrorCode } from '../../src/model/well-error.js';
import { credentials, FakeBackend, fakePhone } from '../helpers/fake-vendor.js';
import { rejection } from '../helpers/assert.js';
import { statusReached } from '../helpers/status.js';

async function ready(config: Record<string, unknown> = {}) {
  const { backend, phone } = fakePhone(config);
  const notices: CallNotice[] = [];
  phone.on('call', (n) => notices.push(n));
  await phone.login(credentials({ initialMode: 'Ready' }));
  return { backend, phone, notices };
}

describe('Softphone calls (core API through the statechart)', () => {
  it('dials: 8 while ringing out, 10 when answered, back to ready after hang-up', async () => {
    const { phone, backend, notices } = await ready();
    const callId = await phone.dial('13800138000', { prefix: '9' });
    expect(callId).to.match(/^out-/);
    await statusReached(phone, 8);
    expect(phone.calls[0]).to.include({ callId, isCaller: true, direction: 'outbound', party: '913800138000' });
    const talking = new Promise<StatusChange>((resolve) => {
      const off = phone.on('status', (s) => {
        if (s.code === 10) {
          off();
          resolve(s);
        }
      });
    });
    backend.remoteAnswer(callId, '913800138000');
    const { context } = await talking;
    expect(context.calls).to.equal(1);
    expect(context.activeCall).to.include({ callId, state: 'connected', direction: 'outbound' });
    await phone.hangUp();
    await statusReached(phone, 3);
    expect(notices.map((n) => n.type)).to.deep.equal(['started', 'ended']);
    expect(backend.commands.find((c) => c.type === 'dial')).to.deep.include({
      number: '13800138000',
      options: { prefix: '9' },
    });
  });

  it('validates numbers before any request', async () => {
    const { phone, backend } = await ready();
    const reasons: unknown[] = [];
    for (const number of ['', '   ', '13800a', '12-34-56', '8001']) {
      const error = await rejection(phone.dial(number));
      expect(error.code).to.equal(WellErrorCode.INVALID_ARGUMENT);
      reasons.push(error.detail?.['reason']);
    }
    expect(reasons).to.deep.equal(['empty', 'empty', 'format', 'format', 'ownExtension']);
    expect(backend.commands.filter((c) => c.type === 'dial')).to.have.length(0);
    // the main-[W|w]ext form of FAQ 8.7 is accepted
    await phone.dial('938834600-WW8001');
    await statusReached(phone, 8);
  });

  it('refuses a second dial within 2 s', async () => {
    const { phone, backend } = await ready();
    const first = await phone.dial('13800138000');
    backend.remoteHangUp(first, '13800138000');
    await statusReached(phone, 3);
    const error = await rejection(phone.dial('13800138001'));
    expect(error.detail?.['reason']).to.equal('tooSoon');
  });

  it('refuses dial in status 2 (not in its row) and while a call exists', async () => {
    const backend = new FakeBackend();
    const phone = new Softphone({ vendor: 'well', server: 'http://127.0.0.1:9', vendorFactory: backend.factory });
    await phone.login(credentials());
    const inTwo = await rejection(phone.dial('13800138000'));
    expect(inTwo).to.include({ code: WellErrorCode.NOT_ALLOWED_IN_STATE, operation: 'dial', statusCode: 2 });
  });

  it('inbound: offer (6) with user data, answer (9), hold (12), retrieve (9), hang up → ready', async () => {
    const { phone, backend, notices } = await ready();
    backend.offerCall('13800138000', { orderId: '42' });
    await statusReached(phone, 6);
    const offer = notices[0];
    expect(offer?.type === 'offered' && offer.call.userData).to.deep.equal({ orderId: '42' });
    // no logout, no ready/not ready, no dial while a call exists
    for (const op of [phone.logout(), phone.notReady('1'), phone.dial('13800138009')]) {
      expect((await rejection(op)).code).to.equal(WellErrorCode.NOT_ALLOWED_IN_STATE);
    }
    expect(phone.can('answer')).to.equal(true);
    expect(phone.can('hold')).to.equal(false);
    await phone.answer();
    await statusReached(phone, 9);
    expect(phone.can('hold')).to.equal(true);
    await phone.hold();
    await statusReached(phone, 12);
    expect(phone.can('hold')).to.equal(false); // row 12: retrieve or hang up
    await phone.retrieve();
    await statusReached(phone, 9);
    await phone.hangUp();
    await statusReached(phone, 3);
    expect(notices.map((n) => n.type)).to.deep.equal(['offered', 'started', 'held', 'resumed', 'ended']);
  });

  it('the customer hangs up first: both clears, ended once', async () => {
    const { phone, backend, notices } = await ready();
    const callId = backend.offerCall();
    await phone.answer(callId);
    await statusReached(phone, 9);
    backend.remoteHangUp(callId);
    await statusReached(phone, 3);
    expect(notices.filter((n) => n.type === 'ended')).to.have.length(1);
  });

  it('a clear that never comes is settled by the server: resync after the wait', async () => {
    const { phone, backend, notices } = await ready({ clearConfirmMs: 30 });
    const callId = backend.offerCall();
    await phone.answer(callId);
    await statusReached(phone, 9);
    backend.serverCalls = [];
    backend.remoteHangUp(callId, '13800138000', false);
    await statusReached(phone, 3);
    const ended = notices.find((n) => n.type === 'ended');
    expect(ended?.type === 'ended' && ended.end.cause).to.equal('RESYNC');
  });

  it('an event for an unknown call asks the server, which knows the call', async () => {
    const { phone, backend } = await ready();
    backend.serverCalls = [{ callId: 'srv-1', state: 'connected', direction: 'inbound', party: '13800138000' }];
    backend.emit({ type: 'call.held', callId: 'srv-1', holdingDevice: '8001@test.cc' });
    await statusReached(phone, 9);
    expect(phone.calls.map((c) => c.callId)).to.deep.equal(['srv-1']);
  });

  it('names the call: an unknown callId is refused, and a missing call too', async () => {
    const { phone } = await ready();
    expect((await rejection(phone.answer('nope'))).code).to.equal(WellErrorCode.INVALID_ARGUMENT);
    expect((await rejection(phone.hangUp())).code).to.equal(WellErrorCode.NOT_ALLOWED_IN_STATE);
    expect((await rejection(phone.startRecording())).code).to.equal(WellErrorCode.NOT_ALLOWED_IN_STATE);
  });

  it('recording can be started and stopped while a call exists', async () => {
    const { phone, backend } = await ready();
    backend.offerCall();
    await statusReached(phone, 6);
    await phone.startRecording();
    await phone.stopRecording();
    expect(backend.commands.filter((c) => c.type.endsWith('Recording')).map((c) => c.type)).to.deep.equal([
      'startRecording',
      'stopRecording',
    ]);
  });
});
