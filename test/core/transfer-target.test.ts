import { expect } from '@open-wc/testing';
import { WellErrorCode } from '../../src/model/well-error.js';
import { rejection } from '../helpers/assert.js';
import { credentials, fakePhone } from '../helpers/fake-vendor.js';
import { statusReached } from '../helpers/status.js';

/** Logged in with a connected inbound call; `vendor` picks the capabilities the core applies. */
async function talking(vendor: 'well' | 'aliyun') {
  const { backend, phone } = fakePhone({ vendor });
  await phone.login(credentials());
  const callId = backend.offerCall();
  await statusReached(phone, 6);
  await phone.answer(callId);
  await statusReached(phone, 9);
  return { backend, phone, callId };
}

describe('transfer and consult targets (targetType)', () => {
  it('carries the target type to the vendor: a skill-group id, an agent, a number; absent = inferred', async () => {
    const { backend, phone, callId } = await talking('aliyun');
    await phone.blindTransfer(callId, ' support@ccc-test ', { targetType: 'skillGroup' });
    await phone.blindTransfer(callId, '80001002', { targetType: 'agent' });
    await phone.consult(callId, 'sales@ccc-test', { targetType: 'skillGroup' });
    await phone.blindTransfer(callId, '13800000000');
    const sent = backend.commands.filter((c) => c.type === 'blindTransfer' || c.type === 'consult');
    expect(sent).to.deep.equal([
      { type: 'blindTransfer', callId, number: 'support@ccc-test', targetType: 'skillGroup' },
      { type: 'blindTransfer', callId, number: '80001002', targetType: 'agent' },
      { type: 'consult', heldCallId: callId, number: 'sales@ccc-test', targetType: 'skillGroup' },
      { type: 'blindTransfer', callId, number: '13800000000' },
    ]);
  });

  it('refuses a bad skill-group id, a group id as a number and an unknown type with INVALID_ARGUMENT', async () => {
    const { backend, phone, callId } = await talking('aliyun');
    const bad = [
      phone.blindTransfer(callId, 'sales group', { targetType: 'skillGroup' }),
      phone.consult(callId, `${'x'.repeat(129)}`, { targetType: 'skillGroup' }),
      phone.blindTransfer(callId, '', { targetType: 'skillGroup' }),
      phone.blindTransfer(callId, 'sales@ccc-test'),
      phone.blindTransfer(callId, 'sales@ccc-test', { targetType: 'agent' }),
      phone.blindTransfer(callId, '8001', { targetType: 'queue' as never }),
    ];
    const errors = await Promise.all(bad.map((p) => rejection(p)));
    expect(errors.map((e) => e.code)).to.deep.equal(Array(6).fill(WellErrorCode.INVALID_ARGUMENT));
    expect(errors.map((e) => e.detail?.['reason'])).to.deep.equal([
      'format',
      'format',
      'empty',
      'format',
      'format',
      'targetType',
    ]);
    expect(backend.commands.some((c) => c.type === 'blindTransfer' || c.type === 'consult')).to.equal(false);
  });

  it('a vendor without canTransferToSkillGroup refuses a skill group with NOT_SUPPORTED before any request', async () => {
    const { backend, phone, callId } = await talking('well');
    expect(phone.capabilities.canTransferToSkillGroup).to.equal(false);
    const blind = await rejection(phone.blindTransfer(callId, 'sales@test.cc', { targetType: 'skillGroup' }));
    const consult = await rejection(phone.consult(callId, 'sales@test.cc', { targetType: 'skillGroup' }));
    expect([blind.code, consult.code]).to.deep.equal([WellErrorCode.NOT_SUPPORTED, WellErrorCode.NOT_SUPPORTED]);
    expect(blind.operation).to.equal('blindTransfer');
    expect(backend.commands.some((c) => c.type === 'blindTransfer' || c.type === 'consult')).to.equal(false);
    await phone.blindTransfer(callId, '8002', { targetType: 'number' });
    expect(backend.commands.at(-1)).to.deep.include({ type: 'blindTransfer', targetType: 'number' });
  });
});
