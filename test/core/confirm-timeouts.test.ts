// Every command family goes through the one command runner; when the server accepts a command but no event confirms
// it, the confirm timeout must name that command's operation (a call command once reported "logout").
import { expect } from '@open-wc/testing';
import type { Softphone } from '../../src/core/softphone.js';
import type { DomainEvent } from '../../src/model/domain-event.js';
import type { WellError } from '../../src/model/well-error.js';
import { WellErrorCode } from '../../src/model/well-error.js';
import type { VendorFactory } from '../../src/vendors/vendor.js';
import { credentials, FakeBackend, fakePhone } from '../helpers/fake-vendor.js';

type Fact = Omit<DomainEvent, 'meta'>;

const CONFIRM_MS = 80;

/** The next error the core reports. */
const nextError = (phone: Softphone) =>
  new Promise<WellError>((resolve) => {
    const off = phone.on('error', (error) => {
      off();
      resolve(error);
    });
  });

async function loggedIn(initialMode: 'Ready' | 'NotReady' = 'Ready') {
  const backend = new FakeBackend();
  // like a server that accepts a call with its id and then (confirm off) sends no event for it
  const vendorFactory: VendorFactory = (options, sink) => {
    const vendor = backend.factory(options, sink);
    const execute = vendor.execute.bind(vendor);
    vendor.execute = async (command, signal) => {
      const result = await execute(command, signal);
      return command.type === 'dial' && !result.callId ? { ...result, callId: 'out-unconfirmed' } : result;
    };
    return vendor;
  };
  const { phone } = fakePhone({ commandConfirmMs: CONFIRM_MS, vendorFactory });
  await phone.login(credentials({ initialMode }));
  await phone.whenStatus(initialMode === 'Ready' ? 3 : 2);
  return { backend, phone };
}

/** An inbound call, answered: status 9. */
async function talking() {
  const { backend, phone } = await loggedIn();
  const callId = backend.offerCall();
  await phone.whenStatus(6);
  await phone.answer(callId);
  await phone.whenStatus(9);
  return { backend, phone, callId };
}

/** The customer held, a consult call to 8002 answered: status 17. */
async function consulting() {
  const { backend, phone, callId } = await talking();
  const device = backend.device;
  const far = '8002@test.cc';
  backend.emit({ type: 'call.held', callId, holdingDevice: device } as Fact as never);
  await phone.whenStatus(12);
  const consultId = 'consult-1';
  backend.emit({ type: 'call.initiated', callId: consultId, deviceId: device } as Fact as never);
  backend.emit({
    type: 'call.delivered',
    callId: consultId,
    callingDevice: device,
    calledDevice: far,
    alertingDevice: far,
  } as Fact as never);
  backend.emit({
    type: 'call.established',
    callId: consultId,
    callingDevice: device,
    calledDevice: far,
    answeringDevice: far,
  } as Fact as never);
  await phone.whenStatus(17);
  return { backend, phone, callId, consultId };
}

/** Runs `command` with confirmations off and returns the error its confirm timeout reports. */
async function timeoutOf(backend: FakeBackend, phone: Softphone, command: () => Promise<unknown>): Promise<WellError> {
  backend.confirm = false;
  const error = nextError(phone);
  await command();
  return error;
}

function expectNamed(error: WellError, operation: string): void {
  expect(error.code).to.equal(WellErrorCode.TIMEOUT);
  expect(error.operation, error.message).to.equal(operation);
  expect(error.message).to.contain(`"${operation}"`);
}

describe('confirm timeouts name the command', () => {
  it('agent commands: ready, notReady, outboundOnly', async () => {
    for (const [operation, run] of [
      ['ready', (p: Softphone) => p.ready()],
      ['notReady', (p: Softphone) => p.notReady('1')],
      ['outboundOnly', (p: Softphone) => p.notReady('2')],
    ] as const) {
      const { backend, phone } = await loggedIn(operation === 'ready' ? 'NotReady' : 'Ready');
      expectNamed(await timeoutOf(backend, phone, () => run(phone)), operation);
      phone.stop();
    }
  });

  it('dial', async () => {
    const { backend, phone } = await loggedIn();
    expectNamed(await timeoutOf(backend, phone, () => phone.dial('13800138000')), 'dial');
    phone.stop();
  });

  it('answer (ringing)', async () => {
    const { backend, phone } = await loggedIn();
    const callId = backend.offerCall();
    await phone.whenStatus(6);
    expectNamed(await timeoutOf(backend, phone, () => phone.answer(callId)), 'answer');
    phone.stop();
  });

  it('call commands while talking: hangUp, hold, blindTransfer, singleStepConference, consult, setCallData', async () => {
    const cases: [string, (p: Softphone, id: string) => Promise<unknown>][] = [
      ['hangUp', (p, id) => p.hangUp(id)],
      ['hold', (p, id) => p.hold(id)],
      ['blindTransfer', (p, id) => p.blindTransfer(id, '8002')],
      ['singleStepConference', (p, id) => p.singleStepConference(id, '8002')],
      ['consult', (p, id) => p.consult(id, '8002')],
      ['setCallData', (p, id) => p.setCallData(id, [{ key: 'k', value: 'v' }])],
    ];
    for (const [operation, run] of cases) {
      const { backend, phone, callId } = await talking();
      expectNamed(await timeoutOf(backend, phone, () => run(phone, callId)), operation);
      phone.stop();
    }
  });

  it('retrieve (held)', async () => {
    const { backend, phone, callId } = await talking();
    await phone.hold(callId);
    await phone.whenStatus(12);
    expectNamed(await timeoutOf(backend, phone, () => phone.retrieve(callId)), 'retrieve');
    phone.stop();
  });

  it('consult family while consulting: conference, cancelConsult, completeTransfer', async () => {
    for (const operation of ['conference', 'cancelConsult', 'completeTransfer'] as const) {
      const { backend, phone, callId, consultId } = await consulting();
      expectNamed(await timeoutOf(backend, phone, () => phone[operation](callId, consultId)), operation);
      phone.stop();
    }
  });

  it('login: a login the server accepted but never confirmed fails naming login', async () => {
    const { backend, phone } = fakePhone({ loginConfirmMs: CONFIRM_MS });
    backend.confirm = false;
    const failed = new Promise<WellError>((resolve) => phone.on('loginFailed', ({ error }) => resolve(error)));
    const result = phone.login(credentials()).catch((error: WellError) => error);
    const error = await failed;
    expect(error.code).to.equal(WellErrorCode.TIMEOUT);
    expect(error.operation).to.equal('login');
    expect(await result).to.equal(error);
    phone.stop();
  });

  it('logout: an accepted logout never confirmed ends the session locally, without an error', async () => {
    const { backend, phone } = fakePhone({ logoutConfirmMs: CONFIRM_MS });
    await phone.login(credentials());
    backend.confirm = false;
    const errors: WellError[] = [];
    phone.on('error', (e) => errors.push(e));
    await phone.logout();
    await phone.whenStatus(-1, { timeoutMs: 2000 });
    expect(errors).to.deep.equal([]);
    expect(phone.log.text()).to.contain('no agentLoggedOff event arrived');
  });
});
