import { expect, fixture, html } from '@open-wc/testing';
import {
  AttributeConfig,
  configFromAttributes,
  type ConfigAttributes,
} from '../../src/element/config-from-attributes.js';
import { I18nController } from '../../src/element/i18n-controller.js';
import '../../src/well-softphone.js';
import type { WellSoftphone } from '../../src/well-softphone.js';
import { WellError, WellErrorCode } from '../../src/model/well-error.js';

const attributes = (changes: Partial<ConfigAttributes> = {}): ConfigAttributes => ({
  vendor: 'aliyun',
  server: '',
  apiUrl: '',
  loginUrl: '',
  eventUrl: '',
  queue: '',
  group: '',
  afterCall: 'manual',
  noReattach: false,
  sharedSession: false,
  ...changes,
});

describe('aliyun attributes → config.aliyun', () => {
  it('no Aliyun attribute: no config.aliyun; empty strings are left out', () => {
    expect(configFromAttributes(attributes())).to.not.have.property('aliyun');
    expect(
      configFromAttributes(attributes({ instanceId: '', region: '', skillGroups: '', withCredentials: false })),
    ).to.not.have.property('aliyun');
  });

  it('every attribute and property maps to the AliyunSettings field of the same name', () => {
    const transport = () => ({ Code: 'OK' });
    const config = configFromAttributes(
      attributes({
        instanceId: 'ccc-test',
        region: 'cn-hangzhou',
        ajaxOrigin: 'https://crm.example.com',
        ajaxPath: '/aliyun/ccc/api',
        ajaxApiParamName: 'api',
        ajaxMethod: 'GET',
        withCredentials: true,
        skillGroups: 'sales@ccc-test, support@ccc-test  vip@ccc-test',
        deviceId: 'CCC-desk-1',
        pollCallMs: 500,
        pollIdleMs: 5000,
        ajaxHeaders: { 'X-Csrf': 't' },
        ajaxOtherParams: { tenant: 'a' },
        transport,
      }),
    );
    expect(config.aliyun).to.deep.equal({
      instanceId: 'ccc-test',
      region: 'cn-hangzhou',
      ajaxOrigin: 'https://crm.example.com',
      ajaxPath: '/aliyun/ccc/api',
      ajaxApiParamName: 'api',
      ajaxMethod: 'get',
      withCredentials: true,
      skillGroups: ['sales@ccc-test', 'support@ccc-test', 'vip@ccc-test'],
      deviceId: 'CCC-desk-1',
      pollCallMs: 500,
      pollIdleMs: 5000,
      ajaxHeaders: { 'X-Csrf': 't' },
      ajaxOtherParams: { tenant: 'a' },
      transport,
    });
  });

  it('skill groups may be given as an array (property)', () => {
    expect(configFromAttributes(attributes({ skillGroups: ['a', 'b'] })).aliyun).to.deep.equal({
      skillGroups: ['a', 'b'],
    });
  });

  it('a bad ajax-method or poll period is CONFIG_INVALID', () => {
    for (const bad of [{ ajaxMethod: 'put' }, { pollCallMs: Number('x') }, { pollIdleMs: 0 }, { pollIdleMs: -1 }]) {
      let error: WellError | undefined;
      try {
        configFromAttributes(attributes(bad));
      } catch (err) {
        error = err as WellError;
      }
      expect(error?.code, JSON.stringify(bad)).to.equal(WellErrorCode.CONFIG_INVALID);
    }
  });

  it('a bad Aliyun attribute never throws from the element: reported once, the core still built', () => {
    const reported: WellError[] = [];
    const config = new AttributeConfig(attributes({ ajaxMethod: 'put' }), (e) => reported.push(e));
    const phone = config.create();
    expect(config.pendingError?.code).to.equal(WellErrorCode.CONFIG_INVALID);
    config.apply(phone);
    expect(reported.map((e) => e.code)).to.deep.equal([WellErrorCode.CONFIG_INVALID]);
    phone.stop();
  });

  it('the element reads the attributes; ajaxHeaders, ajaxOtherParams and transport are properties only', async () => {
    const el = await fixture<WellSoftphone>(html`
      <well-softphone
        vendor="aliyun"
        instance-id="ccc-test"
        region="cn-shanghai"
        ajax-origin="https://crm.example.com"
        ajax-path="/data/api.json"
        ajax-api-param-name="action"
        ajax-method="post"
        with-credentials
        skill-groups="sales@ccc-test"
        device-id="CCC-1"
        poll-call-ms="700"
        poll-idle-ms="4000"
        lang="en"
      ></well-softphone>
    `);
    el.ajaxHeaders = { Authorization: 'Bearer secret' };
    el.transport = () => ({});
    await el.updateComplete;
    expect(el.phone.config.aliyun).to.deep.include({
      instanceId: 'ccc-test',
      region: 'cn-shanghai',
      ajaxOrigin: 'https://crm.example.com',
      ajaxPath: '/data/api.json',
      ajaxApiParamName: 'action',
      ajaxMethod: 'post',
      withCredentials: true,
      skillGroups: ['sales@ccc-test'],
      deviceId: 'CCC-1',
      pollCallMs: 700,
      pollIdleMs: 4000,
      ajaxHeaders: { Authorization: 'Bearer secret' },
    });
    expect(el.phone.config.aliyun?.transport).to.equal(el.transport);
    expect(el.getAttribute('ajax-headers')).to.equal(null);
    expect(el.outerHTML).to.not.contain('secret');
    el.removeAttribute('instance-id');
    el.ajaxHeaders = undefined;
    el.transport = undefined;
    await el.updateComplete;
    expect(el.phone.config.aliyun).to.not.have.property('instanceId');
    expect(el.phone.config.aliyun).to.not.have.property('ajaxHeaders');
  });
});

describe('aliyun refusals → translated messages (I18nController)', () => {
  const controller = async (lang: string) => {
    const host = {
      lang,
      requestUpdate() {},
      addController() {},
      removeController() {},
      updateComplete: Promise.resolve(true),
    };
    const i18n = new I18nController(host);
    i18n.follow();
    await i18n.loading;
    return i18n;
  };
  const refusal = (reason: string, code: string, requestId?: string) =>
    new WellError(WellErrorCode.REFUSED, `TakeBreak: x (${code})`, {
      vendorCode: code,
      detail: { reason, code, message: 'x', ...(requestId ? { requestId } : {}) },
    });

  it('each Aliyun reason has its text, with Code and RequestId; en and zh-CN', async () => {
    const en = await controller('en');
    expect(en.errorMessage(refusal('permission', 'Permission.Unauthorized', 'R-1'))).to.equal(
      'You do not have permission to do that. (Permission.Unauthorized · R-1)',
    );
    expect(en.errorMessage(refusal('userState', 'InvalidOperation.UserState'))).to.equal(
      'Not possible in your current status. (InvalidOperation.UserState)',
    );
    const expired = new WellError(WellErrorCode.SESSION_EXPIRED, 'x', {
      vendorCode: 'InvalidBearerToken.Expired',
      detail: { reason: 'tokenExpired' },
    });
    expect(en.errorMessage(expired)).to.match(/^Your call-center session expired/);
    const zh = await controller('zh-CN');
    expect(zh.errorMessage(refusal('userBusy', 'UserBusy', 'R-2'))).to.equal('坐席或号码忙。 (UserBusy · R-2)');
    for (const reason of ['channelState', 'deviceState', 'invalidOperation', 'parameter', 'notExists', 'serverError']) {
      expect(en.errorMessage(refusal(reason, 'X'))).to.not.equal(en.errorMessage(refusal('unknown', 'X')));
    }
  });

  it('an unknown reason, or a reason without a backend code, keeps the error code text', async () => {
    const en = await controller('en');
    expect(en.errorMessage(refusal('unknown', 'Odd.Code'))).to.equal('The server refused the request.');
    const noCode = new WellError(WellErrorCode.INVALID_ARGUMENT, 'x', { detail: { reason: 'permission' } });
    expect(en.errorMessage(noCode)).to.equal('Invalid input.');
  });

  it('a login the proxy refused shows the Aliyun reason', async () => {
    const en = await controller('en');
    const error = new WellError(WellErrorCode.LOGIN_FAILED, 'x', {
      vendorCode: 'Permission.Unauthorized',
      detail: { reason: 'unknown', vendorReason: 'permission', requestId: 'R-3' },
    });
    expect(en.loginFailure({ status: 403, reason: 'unknown' }, error).message).to.equal(
      'You do not have permission to do that. (Permission.Unauthorized · R-3)',
    );
  });
});
