import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { statusReached } from '../helpers/status.js';
import { focused, mount, part, ringing } from './toolbar-helpers.js';

const header = (el: HTMLElement) => el.shadowRoot!.querySelector<HTMLElement>('[part~="header"]')!;
const label = (el: HTMLElement) => el.shadowRoot!.querySelector('[part~="status-label"]')!.textContent;

describe('<well-softphone> status at a glance', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light', forcedColors: 'none', reducedMotion: 'no-preference' }));

  for (const [lang, expected] of [
    ['en', { notReady: 'Not ready · Meeting', ready: 'Ready' }],
    ['zh-CN', { notReady: '示忙 · 会议', ready: '就绪' }],
  ] as const) {
    it(`${lang}: a colour and an icon per status family, the label says the reason, the code only with show-code`, async () => {
      const { el } = await mount({ lang, initialMode: 'NotReady' });
      await el.notReady('3');
      // the reason comes with the server's event (same status code: no well-status-change)
      await waitUntil(() => label(el) === expected.notReady, 'the label names the reason');
      expect(header(el).dataset['family']).to.equal('not-ready');
      const notReadyColour = getComputedStyle(part(el, 'status-label')!).color;
      expect(part(el, 'status-icon')!.getAttribute('aria-hidden')).to.equal('true');
      expect(part(el, 'status-code')).to.equal(null);
      el.showCode = true;
      await el.ready();
      await statusReached(el, 3);
      await el.updateComplete;
      expect(label(el)).to.equal(expected.ready);
      expect(part(el, 'status-code')!.textContent).to.equal('(3)');
      expect(header(el).dataset['family']).to.equal('ready');
      expect(getComputedStyle(part(el, 'status-label')!).color).not.to.equal(notReadyColour);
      await expect(el).to.be.accessible();
    });
  }

  it('custom states for every call state; :state(ready) no longer matches while ringing or talking', async () => {
    const { el, backend } = await mount();
    expect(el.matches(':state(ready)')).to.equal(true);
    const callId = await ringing(el, backend);
    expect(el.matches(':state(ringing)')).to.equal(true);
    expect(el.matches(':state(ready)')).to.equal(false);
    expect(header(el).dataset['family']).to.equal('ringing');
    await el.answer(callId);
    await statusReached(el, 9);
    await el.updateComplete;
    expect(el.matches(':state(talking)')).to.equal(true);
    expect(el.matches(':state(ready)')).to.equal(false);
    await el.hold(callId);
    await statusReached(el, 12);
    await el.updateComplete;
    expect(el.matches(':state(held)')).to.equal(true);
    expect(header(el).dataset['family']).to.equal('held');
    await el.retrieve(callId);
    await statusReached(el, 9);
    await el.hangUp(callId);
    backend.emit({ type: 'agent.startedAfterCallWork' });
    await statusReached(el, 5);
    await el.updateComplete;
    expect(el.matches(':state(after-call)')).to.equal(true);
    expect(header(el).dataset['family']).to.equal('after-call');
  });

  it('the reason changes while not ready without passing through ready; the picker never keeps a stale reason', async () => {
    const { el, backend } = await mount();
    const select = () => part<HTMLSelectElement>(el, 'reason-select')!;
    select().value = '3';
    select().dispatchEvent(new Event('change'));
    await el.updateComplete;
    part<HTMLButtonElement>(el, 'not-ready-button')!.click();
    await statusReached(el, 2);
    await el.updateComplete;
    expect(select().value).to.equal('3');
    expect(part(el, 'not-ready-button')!.textContent!.trim()).to.equal('Change reason');
    expect(part<HTMLButtonElement>(el, 'not-ready-button')!.disabled).to.equal(true);
    select().value = '4';
    select().dispatchEvent(new Event('change'));
    await el.updateComplete;
    part<HTMLButtonElement>(el, 'not-ready-button')!.click();
    await waitUntil(() => label(el) === 'Not ready · Training', 'the label names the new reason');
    const modes = backend.commands.filter((c) => c.type === 'setMode');
    expect(modes.slice(-2)).to.deep.equal([
      { type: 'setMode', mode: 'NotReady', reason: '3' },
      { type: 'setMode', mode: 'NotReady', reason: '4' },
    ]);
    await el.ready();
    await statusReached(el, 3);
    await el.updateComplete;
    // ready: the picker offers the first reason again, not the last one used
    expect(select().value).to.equal('1');
  });

  it('theme: light by default whatever the OS says, dark on request, auto follows the OS; axe-clean in each', async () => {
    const { el } = await mount();
    // no colour transition: axe reads the settled colours
    await emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    const bg = () => getComputedStyle(el).getPropertyValue('--well-bg').trim();
    expect(el.getAttribute('theme')).to.equal('light');
    expect(bg()).to.equal('#ffffff');
    el.theme = 'auto';
    await el.updateComplete;
    expect(bg()).to.equal('#171b24');
    await expect(el).to.be.accessible();
    await emulateMedia({ colorScheme: 'light' });
    expect(bg()).to.equal('#ffffff');
    el.theme = 'dark';
    await el.updateComplete;
    expect(bg()).to.equal('#171b24');
    await expect(el).to.be.accessible();
  });

  it('forced colours: the focus ring and the connection dot stay visible; axe-clean while ringing', async () => {
    const { el, backend } = await mount();
    await emulateMedia({ forcedColors: 'active' });
    await ringing(el, backend);
    part<HTMLButtonElement>(el, 'answer-button')!.focus();
    await sendKeys({ press: 'Shift' }); // keyboard modality: :focus-visible
    const ring = getComputedStyle(part(el, 'answer-button')!);
    expect(ring.outlineStyle).to.equal('solid');
    expect(ring.outlineColor).not.to.equal('rgba(0, 0, 0, 0)');
    const dot = getComputedStyle(part(el, 'connection')!, '::before');
    expect(dot.backgroundColor).not.to.equal('rgba(0, 0, 0, 0)');
    await expect(el).to.be.accessible();
  });

  it('ringing honours reduced motion: an animation only when motion is welcome', async () => {
    const { el, backend } = await mount();
    await ringing(el, backend);
    expect(getComputedStyle(part(el, 'call-ringing')!).animationName).to.equal('well-ring');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(part(el, 'call-ringing')!).animationName).to.equal('none');
  });

  it('a whole call by keyboard: focus follows every action inside the shadow root', async () => {
    const { el, backend } = await mount({
      login: false,
      attrs: { 'agent-id': '5001', domain: 'test.cc', extension: '8001' },
    });
    part<HTMLInputElement>(el, 'password-input')!.focus();
    await sendKeys({ type: '123456' });
    await sendKeys({ press: 'Enter' });
    await statusReached(el, 2);
    await el.updateComplete;
    expect(focused(el)).to.contain('ready-button');
    await sendKeys({ press: 'Enter' });
    await statusReached(el, 3);
    await el.updateComplete;
    expect(focused(el)).to.contain('reason-select');
    backend.offerCall('13800138000');
    await statusReached(el, 6);
    await el.updateComplete;
    // the reason picker went away with the incoming call: focus moved to Answer, not to <body>
    expect(focused(el)).to.contain('answer-button');
    await sendKeys({ press: 'Alt+Shift+A' });
    await statusReached(el, 9);
    await el.updateComplete;
    expect(focused(el)).to.contain('hang-up-button');
    part<HTMLButtonElement>(el, 'hold-button')!.focus();
    await sendKeys({ press: 'Enter' });
    await statusReached(el, 12);
    await el.updateComplete;
    expect(focused(el)).to.contain('retrieve-button');
    await sendKeys({ press: 'Enter' });
    await statusReached(el, 9);
    await el.updateComplete;
    expect(focused(el)).to.contain('hold-button');
    await sendKeys({ press: 'Alt+Shift+H' });
    await statusReached(el, 3);
    await el.updateComplete;
    expect(focused(el)).to.match(/ready-button|reason-select/);
    await expect(el).to.be.accessible();
  });

  it('shortcuts work inside the element only, unless shortcuts-scope="page"; the ? help lists them; Escape closes it', async () => {
    const { el, backend } = await mount({ lang: 'zh-CN', initialMode: 'NotReady' });
    const outside = document.createElement('button');
    document.body.append(outside);
    try {
      outside.focus();
      await sendKeys({ press: 'Alt+Shift+R' });
      expect(backend.commands.filter((c) => c.type === 'setMode')).to.have.length(0);
      el.shortcutsScope = 'page';
      await el.updateComplete;
      await sendKeys({ press: 'Alt+Shift+R' });
      await statusReached(el, 3);
    } finally {
      outside.remove();
    }
    part<HTMLButtonElement>(el, 'help-button')!.click();
    await el.updateComplete;
    const help = part(el, 'shortcuts-help')!;
    expect(help.textContent).to.contain('Alt+Shift+A').and.contain('接听');
    expect(focused(el)).to.contain('close-help-button');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(part(el, 'shortcuts-help')).to.equal(null);
    expect(focused(el)).to.contain('help-button');
    // a host's own binding replaces the default
    el.shortcuts = { notReady: 'Alt+Shift+B' };
    await sendKeys({ press: 'Alt+Shift+B' });
    await statusReached(el, 2);
  });

  it('Escape dismisses the "already logged in" prompt', async () => {
    const { el, backend } = await mount({ login: false, attrs: { 'login-mode': 'ask' } });
    const { loginError } = await import('../../src/vendors/well/well.errors.js');
    backend.failures.set('login', loginError(454, { status: 454 }));
    const failed = el.login({ jobNumber: '5001', password: 'x', domain: 'test.cc', extension: '8001' }).catch((e) => e);
    await oneEvent(el, 'well-login-conflict');
    await el.updateComplete;
    expect(focused(el)).to.contain('force-login-button');
    await sendKeys({ press: 'Escape' });
    expect((await failed).code).to.equal('LOGIN_DECLINED');
  });
});
