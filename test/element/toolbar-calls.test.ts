import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { refusedError } from '../../src/vendors/common/errors.js';
import { statusReached } from '../helpers/status.js';
import { FakeAudioContext, mount, part, ringing, stubAudio, talking } from './toolbar-helpers.js';

const alertText = (el: HTMLElement) => el.shadowRoot!.querySelector('[part~="alert"]')!.textContent;

describe('<well-softphone> never misses a call', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  it('rings with the built-in tone from the offer, and stops on answer; the title flashes meanwhile', async () => {
    restore = stubAudio();
    const { el, backend } = await mount();
    const title = document.title;
    const callId = await ringing(el, backend);
    const context = FakeAudioContext.instances[0]!;
    expect(context.started).to.be.greaterThan(0);
    expect(document.title).to.equal('☎ Call from 13800138000');
    await el.answer(callId);
    await statusReached(el, 9);
    await el.updateComplete;
    expect(context.stopped).to.be.greaterThan(0);
    expect(document.title).to.equal(title);
  });

  for (const end of ['reject', 'caller hangs up'] as const) {
    it(`the ring stops when the call ends unanswered (${end})`, async () => {
      restore = stubAudio();
      const { el, backend } = await mount();
      const callId = await ringing(el, backend);
      if (end === 'reject') part<HTMLButtonElement>(el, 'hang-up-button')!.click();
      else backend.remoteHangUp(callId);
      await statusReached(el, 3);
      await el.updateComplete;
      expect(FakeAudioContext.instances[0]!.stopped).to.be.greaterThan(0);
    });
  }

  it('ringtone="off" rings nothing; a host function still gets true / false', async () => {
    restore = stubAudio();
    const { el, backend } = await mount({ attrs: { ringtone: 'off' } });
    const callId = await ringing(el, backend);
    expect(FakeAudioContext.instances).to.have.length(0);
    backend.remoteHangUp(callId);
    await statusReached(el, 3);
    const rings: boolean[] = [];
    el.ringtone = (r) => rings.push(r);
    const second = await ringing(el, backend);
    backend.remoteHangUp(second);
    await statusReached(el, 3);
    await el.updateComplete;
    expect(rings).to.deep.equal([true, false]);
    expect(FakeAudioContext.instances).to.have.length(0);
  });

  it('says so when the autoplay policy blocks the ring, and a click in the softphone lets it sound', async () => {
    restore = stubAudio('suspended');
    const { el, backend } = await mount({ lang: 'zh-CN' });
    await ringing(el, backend);
    await waitUntil(() => part(el, 'ring-blocked'), 'the blocked notice shows');
    expect(part(el, 'ring-blocked')!.textContent).to.contain('浏览器阻止了铃声');
    await expect(el).to.be.accessible();
    FakeAudioContext.instances[0]!.state = 'running';
    part(el, 'call-party')!.click();
    await el.updateComplete;
    expect(part(el, 'ring-blocked')).to.equal(null);
  });

  describe('system notification while the page is hidden', () => {
    const shown: { title: string; body: string; closed: boolean }[] = [];
    let permission: NotificationPermission = 'granted';
    let asked = 0;
    let originalNotification: typeof Notification;
    class FakeNotification {
      static get permission() {
        return permission;
      }
      static requestPermission() {
        asked++;
        return Promise.resolve(permission);
      }
      onclick: (() => void) | null = null;
      readonly record: { title: string; body: string; closed: boolean };
      constructor(title: string, options: NotificationOptions) {
        this.record = { title, body: options.body ?? '', closed: false };
        shown.push(this.record);
      }
      close() {
        this.record.closed = true;
      }
    }
    beforeEach(() => {
      shown.length = 0;
      asked = 0;
      originalNotification = window.Notification;
      (window as unknown as { Notification: unknown }).Notification = FakeNotification;
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    });
    afterEach(() => {
      window.Notification = originalNotification;
      delete (document as unknown as Record<string, unknown>)['visibilityState'];
    });

    it('granted: shows one naming the caller, closed once answered', async () => {
      permission = 'granted';
      const { el, backend } = await mount();
      const callId = await ringing(el, backend);
      expect(shown).to.have.length(1);
      expect(shown[0]).to.deep.include({ title: 'Incoming call', body: 'Incoming call from 13800138000' });
      await el.answer(callId);
      await statusReached(el, 9);
      await el.updateComplete;
      expect(shown[0]!.closed).to.equal(true);
    });

    it('denied: none; the permission is asked only from the login button (a user gesture)', async () => {
      permission = 'default';
      const { el, backend } = await mount({
        login: false,
        attrs: { 'agent-id': '5001', domain: 'test.cc', extension: '8001' },
      });
      expect(asked).to.equal(0);
      part<HTMLInputElement>(el, 'password-input')!.value = 'secret';
      part<HTMLButtonElement>(el, 'login-button')!.click();
      expect(asked).to.equal(1);
      await statusReached(el, 2);
      permission = 'denied';
      await el.ready();
      await statusReached(el, 3);
      await ringing(el, backend);
      expect(shown).to.have.length(0);
    });
  });

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`${lang}: missed calls (caller hung up, rejected, not answered in time) in recent calls and well-call-missed`, async () => {
      const { el, backend } = await mount({ lang, attrs: { 'ring-timeout': '2' } });
      const missed: string[] = [];
      el.addEventListener('well-call-missed', (e) => missed.push(`${e.detail.party}:${e.detail.reason}`));
      const first = await ringing(el, backend, '13800000001');
      backend.remoteHangUp(first);
      await statusReached(el, 3);
      await el.updateComplete;
      expect(alertText(el)).to.contain('13800000001');
      const second = await ringing(el, backend, '13800000002');
      part<HTMLButtonElement>(el, 'hang-up-button')!.click();
      await statusReached(el, [2, 3]);
      await el.ready().catch(() => undefined);
      await statusReached(el, 3);
      // rang past the ring timeout (the offer is dated 5 s back)
      backend.emit({
        type: 'call.delivered',
        callId: 'late',
        callingDevice: '13800000003',
        calledDevice: backend.device,
        alertingDevice: backend.device,
        callType: 'Inbound',
        meta: { at: Date.now() - 5000 },
      });
      await statusReached(el, 6);
      backend.remoteHangUp('late', '13800000003');
      await statusReached(el, [2, 3]);
      await el.updateComplete;
      expect(missed).to.deep.equal(['13800000001:callerHungUp', '13800000002:rejected', '13800000003:timeout']);
      expect(second).to.be.a('string');
      const list = part<HTMLDetailsElement>(el, 'recent-calls')!;
      list.open = true;
      await el.updateComplete;
      expect(list.querySelectorAll('[part~="recent-call-missed"]')).to.have.length(3);
      expect(list.textContent).to.contain(lang === 'en' ? 'Missed: caller hung up' : '未接：对方已挂断');
      await expect(el).to.be.accessible();
      // one-click call back
      await el.ready().catch(() => undefined);
      await statusReached(el, 3);
      await el.updateComplete;
      list.querySelector<HTMLButtonElement>('[part~="call-back-button"]')!.click();
      await statusReached(el, 8);
      expect(backend.commands.find((c) => c.type === 'dial')).to.deep.include({ number: '13800000003' });
    });
  }
});

describe('<well-softphone> compact, in-call basics', () => {
  it('DTMF on the connected call reaches the server; no keypad where the vendor cannot', async () => {
    const { el, backend } = await mount({ inCall: true });
    const callId = await talking(el, backend);
    part<HTMLButtonElement>(el, 'keypad-button')!.click();
    await el.updateComplete;
    const key = (k: string) => el.shadowRoot!.querySelector<HTMLButtonElement>(`[part~="dtmf-key"][data-key="${k}"]`)!;
    key('1').click();
    key('#').click();
    await el.updateComplete;
    expect(backend.commands.filter((c) => c.type === 'dtmf')).to.deep.equal([
      { type: 'dtmf', callId, digits: '1' },
      { type: 'dtmf', callId, digits: '#' },
    ]);
    expect(part(el, 'dtmf-sent')!.textContent).to.equal('Sent 1#');
    await expect(el).to.be.accessible();
    const plain = await mount();
    await talking(plain.el, plain.backend);
    expect(part(plain.el, 'keypad-button')).to.equal(null);
  });

  it('transfer to a skill group where the backend can; no such choice where it cannot', async () => {
    const { el, backend } = await mount({ inCall: true, lang: 'zh-CN' });
    const callId = await talking(el, backend);
    const kind = part<HTMLSelectElement>(el, 'target-kind')!;
    expect([...kind.options].map((o) => o.textContent!.trim())).to.deep.equal(['号码或坐席', '技能组']);
    kind.value = 'skillGroup';
    kind.dispatchEvent(new Event('change'));
    const input = part<HTMLInputElement>(el, 'target-input')!;
    expect(input.inputMode).to.equal('text');
    input.value = 'sales@ccc-test';
    part<HTMLButtonElement>(el, 'blind-transfer-button')!.click();
    await waitUntil(() => backend.commands.some((c) => c.type === 'blindTransfer'), 'transfer sent');
    expect(backend.commands.find((c) => c.type === 'blindTransfer')).to.deep.equal({
      type: 'blindTransfer',
      callId,
      number: 'sales@ccc-test',
      targetType: 'skillGroup',
    });
    await expect(el).to.be.accessible();
    const plain = await mount();
    await talking(plain.el, plain.backend);
    expect(part(plain.el, 'target-kind')).to.equal(null);
    expect(part(plain.el, 'target-input')).not.to.equal(null);
  });

  it('mute where the vendor can', async () => {
    const { el, backend } = await mount({ inCall: true, lang: 'zh-CN' });
    const callId = await talking(el, backend);
    part<HTMLButtonElement>(el, 'mute-button')!.click();
    await waitUntil(() => backend.commands.some((c) => c.type === 'mute'), 'mute sent');
    backend.emit({ type: 'call.muted', callId });
    await waitUntil(() => part(el, 'mute-button')!.getAttribute('aria-pressed') === 'true', 'shown muted');
    expect(part(el, 'mute-button')!.textContent!.trim()).to.equal('取消静音');
    await expect(el).to.be.accessible();
  });

  it('recording toggle where the vendor records; hang up a held call', async () => {
    const { el, backend } = await mount();
    const callId = await talking(el, backend);
    expect(part(el, 'mute-button')).to.equal(null);
    part<HTMLButtonElement>(el, 'record-button')!.click();
    await waitUntil(() => backend.commands.some((c) => c.type === 'startRecording'), 'recording asked');
    await el.hold(callId);
    await statusReached(el, 12);
    await el.updateComplete;
    part<HTMLButtonElement>(el, 'hang-up-button')!.click();
    await statusReached(el, 3);
    expect(backend.commands.filter((c) => c.type === 'hangUp')).to.deep.equal([{ type: 'hangUp', callId }]);
  });

  it('call data: the host-chosen keys with labels, the rest behind a disclosure', async () => {
    const { el, backend } = await mount();
    el.callDataFields = [{ key: 'orderId', label: 'Order' }];
    await ringing(el, backend, '13800138000', { orderId: '42', originalANI: '0101234', uuid: 'a-b-c' });
    const data = part(el, 'call-data')!;
    expect(data.querySelector(':scope > dl')!.textContent).to.contain('Order').and.contain('42');
    const more = part<HTMLDetailsElement>(el, 'call-data-more')!;
    expect(more.open).to.equal(false);
    expect(more.querySelector('summary')!.textContent).to.equal('More call data');
    expect(more.querySelector('dl')!.textContent).to.contain('originalANI');
  });

  it('the dialer waits behind "New call" and closes with Escape', async () => {
    const { el } = await mount();
    expect(part(el, 'dialer')).to.equal(null);
    part<HTMLButtonElement>(el, 'new-call-button')!.click();
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.contain('number-input');
    el.shadowRoot!.activeElement!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    );
    await el.updateComplete;
    expect(part(el, 'dialer')).to.equal(null);
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.contain('new-call-button');
  });

  it('after-call notes go out in well-after-call', async () => {
    const { el, backend } = await mount({ attrs: { 'after-call-notes': '' } });
    const callId = await talking(el, backend);
    backend.remoteHangUp(callId);
    await statusReached(el, 3);
    await el.updateComplete;
    const notes = part<HTMLTextAreaElement>(el, 'notes-input')!;
    notes.value = 'Wants a refund';
    notes.dispatchEvent(new Event('input'));
    await expect(el).to.be.accessible();
    const saved = oneEvent(el, 'well-after-call');
    part<HTMLButtonElement>(el, 'save-notes-button')!.click();
    expect((await saved).detail).to.include({ callId, party: '13800138000', notes: 'Wants a refund' });
  });
});

describe('<well-softphone> errors that say what happened', () => {
  it('a busy transfer target: the server reason, translated, next to the calls, in a live region', async () => {
    const { el, backend } = await mount({ lang: 'zh-CN' });
    const callId = await talking(el, backend);
    backend.failures.set('blindTransfer', refusedError('busy', 'USER_BUSY', { operation: 'blindTransfer' }));
    const reported = oneEvent(el, 'well-error');
    await el.blindTransfer(callId, '8002').catch(() => undefined);
    expect((await reported).detail.message).to.equal('对方忙。 （服务器：USER_BUSY）');
    await el.updateComplete;
    const error = part(el, 'error')!;
    expect(error.getAttribute('role')).to.equal('alert');
    // right after the calls region, not below everything
    expect(error.previousElementSibling?.getAttribute('part')).to.equal('calls');
  });

  it('the login form says why the agent was logged out (a supervisor)', async () => {
    const { el, backend } = await mount();
    backend.emit({ type: 'agent.loggedOff' });
    await statusReached(el, -1);
    await el.updateComplete;
    const error = part(el, 'error')!;
    expect(error.textContent).to.contain('supervisor');
    expect(error.nextElementSibling?.getAttribute('part')).to.equal('login-form');
  });
});

describe('<well-softphone> layout budget at 360 px', () => {
  before(() => setViewport({ width: 360, height: 800 }));
  after(() => setViewport({ width: 800, height: 600 }));

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`${lang}: ringing and talking fit in 360 px height at 360 px wide`, async () => {
      const { el, backend } = await mount({ lang });
      el.style.width = '360px';
      await ringing(el, backend, '13800138000', { orderId: '42', originalANI: '0101234' });
      expect(el.getBoundingClientRect().width).to.be.at.most(360);
      expect(el.getBoundingClientRect().height, 'ringing').to.be.at.most(360);
      await el.answer();
      await statusReached(el, 9);
      await el.updateComplete;
      expect(el.getBoundingClientRect().height, 'talking').to.be.at.most(360);
    });
  }
});
