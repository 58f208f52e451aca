import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/well-softphone.js';
import type { WellSoftphone } from '../../src/well-softphone.js';
import { credentials, FakeBackend } from '../helpers/fake-vendor.js';
import { statusReached } from '../helpers/status.js';

/** Opens the dialer behind "New call". */
async function openDialer(el: WellSoftphone) {
  part<HTMLButtonElement>(el, 'new-call-button')!.click();
  await el.updateComplete;
}

async function readyAgent() {
  const backend = new FakeBackend();
  const el = await fixture<WellSoftphone>(
    html`<well-softphone server="http://127.0.0.1:9" lang="en"></well-softphone>`,
  );
  el.phone.configure({ vendorFactory: backend.factory });
  await el.login(credentials({ initialMode: 'Ready' }));
  await el.updateComplete;
  return { el, backend };
}

const part = <T extends Element = HTMLElement>(el: WellSoftphone, name: string) =>
  el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);

describe('<well-softphone> calls', () => {
  it('an inbound call: offer event for screen-pop, ringtone, announcement, accessible ringing card', async () => {
    const { el, backend } = await readyAgent();
    const rings: boolean[] = [];
    el.ringtone = (ringing) => rings.push(ringing);
    setTimeout(() => backend.offerCall('13800138000', { orderId: '42' }));
    const offer = await oneEvent(el, 'well-call-offer');
    expect(offer.detail).to.deep.include({ party: '13800138000', direction: 'inbound', userData: { orderId: '42' } });
    await el.updateComplete;
    expect(el.statusCode).to.equal(6);
    expect(part(el, 'call-party')!.textContent).to.equal('13800138000');
    expect(part(el, 'call-state')!.textContent).to.equal('Ringing');
    // said at once (assertive), naming the caller
    expect(el.shadowRoot!.querySelector('[part~="alert"]')!.textContent).to.contain('Incoming call from 13800138000');
    expect(el.shadowRoot!.querySelector('[part~="alert"]')!.getAttribute('aria-live')).to.equal('assertive');
    expect(rings).to.deep.equal([true]);
    // agent controls follow the table: no ready / not ready / logout while ringing, so none is shown
    expect(part(el, 'controls')).to.equal(null);
    // no dialer during a call (compact)
    expect(part(el, 'new-call-button')).to.equal(null);
    expect(part(el, 'dial-button')).to.equal(null);
    await expect(el).to.be.accessible();
    // answer with the keyboard
    part<HTMLButtonElement>(el, 'answer-button')!.focus();
    const started = oneEvent(el, 'well-call-start');
    await sendKeys({ press: 'Enter' });
    await started;
    await statusReached(el, 9);
    await el.updateComplete;
    expect(rings).to.deep.equal([true, false]);
    expect(part(el, 'call-state')!.textContent).to.equal('Talking');
    await expect(el).to.be.accessible();
  });

  it('hold, retrieve, hang up: events and the well-call-end payload', async () => {
    const { el, backend } = await readyAgent();
    const callId = backend.offerCall('13800138000');
    await el.answer(callId);
    await statusReached(el, 9);
    await el.updateComplete;
    part<HTMLButtonElement>(el, 'hold-button')!.click();
    await oneEvent(el, 'well-call-hold');
    await statusReached(el, 12);
    await el.updateComplete;
    // a held call can be hung up without retrieving it
    expect(part<HTMLButtonElement>(el, 'hang-up-button')?.disabled).to.equal(false);
    await expect(el).to.be.accessible();
    part<HTMLButtonElement>(el, 'retrieve-button')!.click();
    await oneEvent(el, 'well-call-resume');
    await el.updateComplete;
    const end = oneEvent(el, 'well-call-end');
    part<HTMLButtonElement>(el, 'hang-up-button')!.click();
    const { detail } = await end;
    expect(detail).to.include({
      callId,
      isEstablished: true,
      isCaller: false,
      partyDevice: '13800138000',
      isOutCall: true,
    });
    expect(detail.endedAt).to.be.at.least(detail.createdAt);
    await statusReached(el, 3);
  });

  it('dials from the number field with a prefix; the host can rewrite or veto through well-call-dial', async () => {
    const { el, backend } = await readyAgent();
    await el.phone.getPrefixes();
    el.requestUpdate();
    await el.updateComplete;
    await openDialer(el);
    el.addEventListener('well-call-dial', (e) => (e.detail.number = e.detail.number.replace(/^0/, '')), { once: true });
    part<HTMLSelectElement>(el, 'prefix-select')!.value = '9';
    part<HTMLInputElement>(el, 'number-input')!.value = '013800138000';
    part<HTMLButtonElement>(el, 'dial-button')!.click();
    await statusReached(el, 8);
    expect(backend.commands.find((c) => c.type === 'dial')).to.deep.include({
      number: '13800138000',
      options: { prefix: '9' },
    });
    await el.updateComplete;
    expect(part(el, 'call-state')!.textContent).to.equal('Dialing');
    await expect(el).to.be.accessible();
    await el.hangUp();
    await statusReached(el, 3);
    el.addEventListener('well-call-dial', (e) => e.preventDefault(), { once: true });
    expect(await el.dial('13800138001')).to.equal(undefined);
    expect(backend.commands.filter((c) => c.type === 'dial')).to.have.length(1);
  });

  it('shows an inline message for an invalid number and sends nothing', async () => {
    const { el, backend } = await readyAgent();
    await openDialer(el);
    part<HTMLInputElement>(el, 'number-input')!.value = '12ab';
    part<HTMLButtonElement>(el, 'dial-button')!.click();
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (el.shadowRoot!.querySelector('#well-number-error')) resolve();
        else void el.updateComplete.then(check);
      };
      check();
    });
    expect(el.shadowRoot!.querySelector('#well-number-error')!.textContent).to.contain('digits');
    expect(part(el, 'number-input')!.getAttribute('aria-invalid')).to.equal('true');
    expect(backend.commands.filter((c) => c.type === 'dial')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('auto-answer="0" answers inbound calls; after-call="1" counts down in 5, then goes ready by itself', async () => {
    const backend = new FakeBackend();
    const el = await fixture<WellSoftphone>(
      html`<well-softphone server="http://127.0.0.1:9" lang="en" auto-answer="0" after-call="1"></well-softphone>`,
    );
    el.phone.configure({ vendorFactory: backend.factory });
    await el.login(credentials({ initialMode: 'Ready' }));
    const callId = backend.offerCall();
    await statusReached(el, 9);
    expect(backend.commands.find((c) => c.type === 'answer')).to.deep.equal({ type: 'answer', callId });
    backend.remoteHangUp(callId);
    backend.emit({ type: 'agent.startedAfterCallWork' });
    await statusReached(el, 5);
    await el.updateComplete;
    expect(part(el, 'after-call-countdown')!.textContent).to.equal('Ready in 1 s');
    expect(part(el, 'ready-button')!.textContent!.trim()).to.equal('Ready now');
    await expect(el).to.be.accessible();
    await statusReached(el, 3);
    expect(backend.commands.filter((c) => c.type === 'setMode')).to.deep.equal([{ type: 'setMode', mode: 'Ready' }]);
  });

  it('shows the call data of the offer', async () => {
    const { el, backend } = await readyAgent();
    backend.offerCall('13800138000', { orderId: '42', campaign: 'spring' });
    await statusReached(el, 6);
    await el.updateComplete;
    const data = part(el, 'call-data')!;
    expect([...data.querySelectorAll('dt')].map((d) => d.textContent)).to.deep.equal(['orderId', 'campaign']);
    expect([...data.querySelectorAll('dd')].map((d) => d.textContent)).to.deep.equal(['42', 'spring']);
    await expect(el).to.be.accessible();
  });

  it('click-to-call (opt-in): a click on .well-canBeCalled in the page dials its digits', async () => {
    const { el, backend } = await readyAgent();
    const link = document.createElement('span');
    link.className = 'well-canBeCalled';
    link.textContent = 'Call 138-0013-8000';
    document.body.append(link);
    try {
      link.click();
      expect(backend.commands.filter((c) => c.type === 'dial')).to.have.length(0);
      el.clickToCall = true;
      await el.updateComplete;
      const intent = oneEvent(el, 'well-call-dial');
      link.click();
      expect((await intent).detail.number).to.equal('13800138000');
      await statusReached(el, 8);
    } finally {
      link.remove();
    }
  });

  it('dialpad: keys by click and keyboard fill the number, then Call dials it', async () => {
    const { el, backend } = await readyAgent();
    await openDialer(el);
    const key = (k: string) =>
      el.shadowRoot!.querySelector<HTMLButtonElement>(`[part~="dialpad-key"][data-key="${k}"]`)!;
    for (const k of ['8', '0', '0']) key(k).click();
    key('2').focus();
    await sendKeys({ press: 'Enter' });
    expect(part<HTMLInputElement>(el, 'number-input')!.value).to.equal('8002');
    await expect(el).to.be.accessible();
    part<HTMLButtonElement>(el, 'dial-button')!.click();
    await statusReached(el, 8);
    expect(backend.commands.find((c) => c.type === 'dial')).to.deep.include({ number: '8002' });
  });
});
