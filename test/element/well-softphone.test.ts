import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/well-softphone.js';
import type { WellSoftphone } from '../../src/well-softphone.js';
import { WellError, WellErrorCode } from '../../src/model/well-error.js';
import { loginError } from '../../src/vendors/well/well.errors.js';
import { credentials, FakeBackend } from '../helpers/fake-vendor.js';
import { statusReached } from '../helpers/status.js';

async function mount(attrs: { lang?: string; loginMode?: string } = {}) {
  const backend = new FakeBackend();
  const el = await fixture<WellSoftphone>(
    html`<well-softphone
      server="http://127.0.0.1:9"
      domain="test.cc"
      agent-id="5001"
      extension="8001"
      lang=${attrs.lang ?? 'en'}
      login-mode=${attrs.loginMode ?? 'force'}
      reconnect-delay="20"
      reconnect-attempts="2"
    ></well-softphone>`,
  );
  el.phone.configure({ vendorFactory: backend.factory });
  return { el, backend };
}

const $ = <T extends Element = HTMLElement>(el: WellSoftphone, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector);
const part = <T extends Element = HTMLElement>(el: WellSoftphone, name: string) => $<T>(el, `[part~="${name}"]`);

async function loginThroughForm(el: WellSoftphone, password = '123456') {
  part<HTMLInputElement>(el, 'password-input')!.value = password;
  part<HTMLButtonElement>(el, 'login-button')!.click();
  await statusReached(el, 2);
  await el.updateComplete;
}

describe('<well-softphone>', () => {
  describe('configuration errors', () => {
    it('a correctly configured element reports no error when it is created', async () => {
      const errors: Event[] = [];
      const record = (e: Event) => errors.push(e);
      document.addEventListener('well-error', record);
      try {
        const el = await fixture<WellSoftphone>(html`<well-softphone server="http://127.0.0.1:9"></well-softphone>`);
        await el.updateComplete;
        expect(el.vendor).to.equal('well');
        expect(el.lastError).to.equal(undefined);
        expect(el.shadowRoot!.querySelector('[part~="error"]')).to.equal(null);
      } finally {
        document.removeEventListener('well-error', record);
      }
      expect(errors).to.have.length(0);
    });

    it('a bad vendor is reported after connecting, in the element language, and stays readable', async () => {
      const el = document.createElement('well-softphone');
      el.setAttribute('vendor', 'nope');
      el.setAttribute('lang', 'zh-CN');
      el.setAttribute('server', 'http://127.0.0.1:9');
      const reported = oneEvent(el, 'well-error');
      document.body.append(el);
      try {
        const { detail } = await reported;
        expect(detail.code).to.equal(WellErrorCode.CONFIG_INVALID);
        expect(detail.message).to.match(/配置/);
        expect(detail.error.message).to.include('nope');
        expect(el.lastError?.code).to.equal(WellErrorCode.CONFIG_INVALID);
        expect(el.phone.vendor).to.equal('well');
      } finally {
        el.remove();
      }
    });
  });

  describe('logged out', () => {
    it('a login from the form carries eventCredentials, which never reach the DOM', async () => {
      const { el, backend } = await mount();
      el.eventCredentials = { login: 'agent-5001', passcode: 'broker-s3cret' };
      await loginThroughForm(el);
      expect(backend.credentials.at(-1)).to.include({ eventLogin: 'agent-5001', eventPasscode: 'broker-s3cret' });
      expect(el.outerHTML + el.shadowRoot!.innerHTML).to.not.contain('broker-s3cret');
    });

    it('renders a labelled login form pre-filled from attributes, never with a password', async () => {
      const { el } = await mount();
      for (const name of ['jobNumber', 'password', 'domain', 'extension']) {
        const input = $<HTMLInputElement>(el, `#well-${name}`)!;
        expect($(el, `label[for="well-${name}"]`)?.textContent?.trim()).to.not.equal('');
        if (name === 'password') expect(input.value).to.equal('');
      }
      expect($<HTMLInputElement>(el, '#well-jobNumber')!.value).to.equal('5001');
      expect($<HTMLInputElement>(el, '#well-domain')!.value).to.equal('test.cc');
      expect($<HTMLInputElement>(el, '#well-extension')!.value).to.equal('8001');
      expect(part(el, 'status-label')!.textContent).to.equal('Logged out');
      // the code is shown only where show-code asks
      expect(part(el, 'status-code')).to.equal(null);
      expect(el.matches(':state(logged-out)')).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('speaks Chinese by default and English with lang="en"', async () => {
      const zh = await fixture<WellSoftphone>(html`<well-softphone server="http://127.0.0.1:9"></well-softphone>`);
      expect(part(zh, 'status-label')!.textContent).to.equal('未登录');
      expect(part(zh, 'login-button')!.textContent?.trim()).to.equal('登录');
      await expect(zh).to.be.accessible();
      zh.lang = 'en';
      await zh.updateComplete;
      expect(part(zh, 'login-button')!.textContent?.trim()).to.equal('Log in');
    });

    it('validates inline: empty fields get messages, focus moves to the first, no request is sent', async () => {
      const { el, backend } = await mount();
      $<HTMLInputElement>(el, '#well-jobNumber')!.value = '';
      part<HTMLButtonElement>(el, 'login-button')!.click();
      await el.updateComplete;
      await el.updateComplete;
      const job = $<HTMLInputElement>(el, '#well-jobNumber')!;
      expect(job.getAttribute('aria-invalid')).to.equal('true');
      expect($(el, '#well-jobNumber-error')?.textContent).to.contain('job number');
      expect($(el, '#well-password-error')).to.exist;
      expect(el.shadowRoot!.activeElement).to.equal(job);
      expect(backend.credentials).to.have.length(0);
      expect(el.statusCode).to.equal(-1);
      await expect(el).to.be.accessible();
    });

    it('never exposes credentials as attributes', async () => {
      const { el } = await mount();
      await loginThroughForm(el, 'pw-in-form');
      expect(el.outerHTML).not.to.contain('pw-in-form');
      expect(el.shadowRoot!.innerHTML).not.to.contain('pw-in-form');
      expect(el.getAttributeNames()).not.to.include('password');
    });
  });

  describe('session', () => {
    it('logs in from the form and fires well-status-change -1 → 0 → 2 with context', async () => {
      const { el } = await mount();
      const changes: { code: number; lastCode: number }[] = [];
      el.addEventListener('well-status-change', (e) => changes.push(e.detail));
      const connections: string[] = [];
      el.addEventListener('well-connection-change', (e) => connections.push(e.detail.state));
      await loginThroughForm(el);
      expect(changes.map((c) => [c.lastCode, c.code])).to.deep.equal([
        [-1, 0],
        [0, 2],
      ]);
      expect(connections).to.deep.equal(['connecting', 'connected']);
      expect(part(el, 'status-label')!.textContent).to.equal('Not ready');
      expect(part(el, 'identity')!.textContent).to.contain('5001');
      expect(part(el, 'timer')!.textContent).to.match(/^\d+:\d\d:\d\d$/);
      expect(el.matches(':state(not-ready)')).to.equal(true);
      expect(el.matches(':state(connected)')).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('enables controls from the table: in 2 ready + change reason + logout; in 3 not-ready + logout', async () => {
      const { el } = await mount();
      await loginThroughForm(el);
      expect(part<HTMLButtonElement>(el, 'ready-button')!.disabled).to.equal(false);
      // logged in not ready without a reason: the picker offers one, and the button changes to it
      expect(part<HTMLButtonElement>(el, 'not-ready-button')!.disabled).to.equal(false);
      expect(part(el, 'not-ready-button')!.textContent!.trim()).to.equal('Change reason');
      expect(part<HTMLButtonElement>(el, 'logout-button')!.disabled).to.equal(false);
      part<HTMLButtonElement>(el, 'ready-button')!.click();
      await statusReached(el, 3);
      await el.updateComplete;
      expect(part(el, 'status-label')!.textContent).to.equal('Ready');
      expect(part<HTMLButtonElement>(el, 'ready-button')!.disabled).to.equal(true);
      expect(part<HTMLButtonElement>(el, 'not-ready-button')!.disabled).to.equal(false);
      expect(el.matches(':state(ready)')).to.equal(true);
      await expect(el).to.be.accessible();
    });

    it('goes not ready with the picked reason, and to 4 with manual outbound', async () => {
      const { el, backend } = await mount();
      await el.login(credentials({ initialMode: 'Ready' }));
      await el.updateComplete;
      const select = part<HTMLSelectElement>(el, 'reason-select')!;
      select.value = '3';
      select.dispatchEvent(new Event('change'));
      await el.updateComplete;
      part<HTMLButtonElement>(el, 'not-ready-button')!.click();
      await statusReached(el, 2);
      expect(backend.commands.find((c) => c.type === 'setMode')).to.deep.equal({
        type: 'setMode',
        mode: 'NotReady',
        reason: '3',
      });
      await el.ready();
      await statusReached(el, 3);
      await el.updateComplete;
      select.value = '2';
      select.dispatchEvent(new Event('change'));
      await el.updateComplete;
      part<HTMLButtonElement>(el, 'not-ready-button')!.click();
      await statusReached(el, 4);
      await el.updateComplete;
      expect(part(el, 'status-label')!.textContent).to.equal('Outbound only');
      expect(el.matches(':state(outbound-only)')).to.equal(true);
    });

    it('while logging in: status 0, a cancel button, accessible; cancel returns to the form', async () => {
      const { el, backend } = await mount();
      backend.confirm = false; // the server accepts the login but agentLoggedOn never comes
      const login = el.login(credentials()).catch((e: unknown) => e);
      await statusReached(el, 0);
      await el.updateComplete;
      expect(el.matches(':state(logging-in)')).to.equal(true);
      expect(part(el, 'status-label')!.textContent).to.equal('Logging in');
      await expect(el).to.be.accessible();
      part<HTMLButtonElement>(el, 'cancel-button')!.click();
      expect(await login).to.have.property('code', 'ABORTED');
      await statusReached(el, -1);
      await el.updateComplete;
      expect(part(el, 'login-form')).to.exist;
    });

    it('logs out back to the form', async () => {
      const { el } = await mount();
      await loginThroughForm(el);
      part<HTMLButtonElement>(el, 'logout-button')!.click();
      await statusReached(el, -1);
      await el.updateComplete;
      expect(part(el, 'login-form')).to.exist;
      expect(el.matches(':state(logged-out)')).to.equal(true);
    });

    it('is operable by keyboard alone: fill the form, submit with Enter, tab to Ready and press it', async () => {
      const { el } = await mount();
      $<HTMLInputElement>(el, '#well-jobNumber')!.focus();
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement?.id).to.equal('well-password');
      await sendKeys({ type: '123456' });
      await sendKeys({ press: 'Enter' });
      await statusReached(el, 2);
      await el.updateComplete;
      part<HTMLButtonElement>(el, 'ready-button')!.focus();
      await sendKeys({ press: 'Enter' });
      await statusReached(el, 3);
      await el.updateComplete;
      // every enabled control is reachable with Tab
      part<HTMLButtonElement>(el, 'not-ready-button')!.focus();
      await sendKeys({ press: 'Tab' });
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'logout-button'));
      await sendKeys({ press: 'Space' });
      await statusReached(el, -1);
    });

    it('keeps the session when moved in the DOM', async () => {
      const { el } = await mount();
      await loginThroughForm(el);
      const phone = el.phone;
      const other = document.createElement('div');
      document.body.append(other);
      other.append(el);
      await Promise.resolve();
      await Promise.resolve();
      expect(el.phone).to.equal(phone);
      expect(el.statusCode).to.equal(2);
      other.remove();
    });

    it('forwards every server message as well-event', async () => {
      const { el, backend } = await mount();
      const raw: unknown[] = [];
      el.addEventListener('well-event', (e) => raw.push(e.detail));
      await loginThroughForm(el);
      backend.sink!.raw({ vendor: 'well', name: 'ChannelStateChangedEvent', body: {}, decoded: false, receivedAt: 1 });
      expect(raw.map((r) => (r as { name: string }).name)).to.include('ChannelStateChangedEvent');
      expect(el.statusCode).to.equal(2);
    });
  });

  describe('login failures and conflicts', () => {
    it('shows a localised reason and fires well-login-failed and well-error', async () => {
      const { el, backend } = await mount({ lang: 'zh-CN' });
      backend.failures.set('login', loginError(459, { agent: '5002@test.cc' }));
      setTimeout(() => void loginThroughForm(el).catch(() => {}));
      const event = await oneEvent(el, 'well-login-failed');
      expect(event.detail).to.include({ status: 459, reason: 'extensionInUse', agent: '5002@test.cc' });
      expect(event.detail.message).to.contain('分机已经被别的座席登录');
      await el.updateComplete;
      expect(part(el, 'error')!.textContent).to.contain('5002@test.cc');
      expect(el.statusCode).to.equal(-1);
      await expect(el).to.be.accessible();
      // the form keeps what was typed, except the password
      expect($<HTMLInputElement>(el, '#well-jobNumber')!.value).to.equal('5001');
      expect($<HTMLInputElement>(el, '#well-password')!.value).to.equal('');
    });

    it('login mode "ask": our own prompt, focused and accessible; "Log in here" forces', async () => {
      const { el, backend } = await mount({ loginMode: 'ask' });
      backend.failures.set('login', loginError(455, { deviceId: '8002@test.cc' }));
      const confirm = window.confirm;
      window.confirm = () => {
        throw new Error('window.confirm must not be used');
      };
      try {
        setTimeout(() => void loginThroughForm(el).catch(() => {}));
        const conflict = await oneEvent(el, 'well-login-conflict');
        expect(conflict.detail).to.include({ status: 455, deviceId: '8002@test.cc' });
        await el.updateComplete;
        await el.updateComplete;
        expect(part(el, 'conflict')!.textContent).to.contain('8002@test.cc');
        expect(el.shadowRoot!.activeElement).to.equal(part(el, 'force-login-button'));
        expect(el.matches(':state(logging-in)')).to.equal(true);
        await expect(el).to.be.accessible();
        await sendKeys({ press: 'Enter' });
        await statusReached(el, 2);
        expect(backend.commands.map((c) => c.type)).to.include('forceLogin');
      } finally {
        window.confirm = confirm;
      }
    });
  });

  describe('connection', () => {
    it('shows reconnecting, then failed with a Reconnect button, and recovers', async () => {
      const { el, backend } = await mount();
      await loginThroughForm(el);
      backend.failures.set('openChannel', new WellError(WellErrorCode.CHANNEL_ERROR, 'refused'));
      const reconnecting = oneEvent(el, 'well-connection-change');
      backend.sink!.channelLost(new WellError(WellErrorCode.CHANNEL_ERROR, 'lost'));
      expect((await reconnecting).detail.state).to.equal('reconnecting');
      await el.updateComplete;
      expect(part(el, 'banner')!.textContent).to.contain('Reconnecting');
      expect(el.matches(':state(reconnecting)')).to.equal(true);
      await expect(el).to.be.accessible();
      // attempt 1 fails (scripted), attempt 2 fails again → failed
      backend.failures.set('resync', new WellError(WellErrorCode.HTTP_ERROR, 'down', { status: 503 }));
      await new Promise<void>((resolve) =>
        el.addEventListener('well-connection-change', (e) => e.detail.state === 'failed' && resolve()),
      );
      await el.updateComplete;
      expect(part(el, 'banner')!.textContent).to.contain('could not be restored');
      expect(el.matches(':state(failed)')).to.equal(true);
      expect(el.statusCode).to.equal(2);
      expect(backend.commands.map((c) => c.type)).not.to.include('logout');
      await expect(el).to.be.accessible();
      const connected = new Promise<void>((resolve) =>
        el.addEventListener('well-connection-change', (e) => e.detail.state === 'connected' && resolve()),
      );
      part<HTMLButtonElement>(el, 'reconnect-button')!.click();
      await connected;
      await el.updateComplete;
      expect(part(el, 'banner')).to.equal(null);
    });

    it('reports malformed input through well-error and goes on', async () => {
      const { el, backend } = await mount();
      await loginThroughForm(el);
      setTimeout(() => backend.sink!.error(new WellError(WellErrorCode.MALFORMED_EVENT, 'Event body is not JSON')));
      const event = await oneEvent(el, 'well-error');
      expect(event.detail.code).to.equal('MALFORMED_EVENT');
      await el.updateComplete;
      expect(part(el, 'error')).to.exist;
      await expect(el).to.be.accessible();
      part<HTMLButtonElement>(el, 'dismiss-button')!.click();
      await el.updateComplete;
      expect(part(el, 'error')).to.equal(null);
      expect(el.statusCode).to.equal(2);
    });

    it('says why the session ended when the server logged the agent out, in its language', async () => {
      for (const [lang, text] of [
        ['en', 'You were logged out on the server (by a supervisor or another login).'],
        ['zh-CN', '您已在服务器上被登出（班长操作或其他登录）。'],
      ] as const) {
        const { el, backend } = await mount({ lang });
        await loginThroughForm(el);
        setTimeout(() => backend.emit({ type: 'agent.loggedOff' }));
        const event = await oneEvent(el, 'well-error');
        expect(event.detail.code).to.equal('SESSION_ENDED');
        expect(event.detail.error.detail).to.deep.equal({ reason: 'supervisor' });
        expect(event.detail.message).to.equal(text);
        await statusReached(el, -1);
        await el.updateComplete;
        expect(part(el, 'error')?.textContent).to.contain(text);
        expect(part(el, 'login-button')).to.exist;
        await expect(el).to.be.accessible();
      }
    });
  });
});
