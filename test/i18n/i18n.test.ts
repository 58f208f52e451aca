import { expect } from '@open-wc/testing';
import { en } from '../../src/i18n/en.js';
import { cachedTranslation, langOf, loadTranslation, registerTranslation } from '../../src/i18n/index.js';
import type { Translation } from '../../src/i18n/translation.js';
import { zhCN } from '../../src/i18n/zh-CN.js';

type Leaf = { path: string; value: unknown };

/** Every leaf of a pack (strings, functions), by its dotted path. */
function leaves(value: unknown, path = ''): Leaf[] {
  if (value === null || typeof value !== 'object') return [{ path, value }];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, path ? `${path}.${key}` : key));
}

const PACKS: [string, Translation][] = [
  ['en', en],
  ['zh-CN', zhCN],
];

/**
 * Arguments for every text that takes some, and what each call must show. `loginReasons.*` all take the same
 * object; the ones that interpolate are listed in `shows`.
 */
const CALLS: Record<string, { args: unknown[]; shows: string[] }> = {
  statusCode: { args: [4242], shows: ['4242'] },
  reconnecting: { args: [3, 17], shows: ['3', '17'] },
  conflict: { args: [455, '8009@test.cc'], shows: ['8009@test.cc'] },
  afterCallCountdown: { args: [27], shows: ['27'] },
  'calls.incoming': { args: ['13800138000'], shows: ['13800138000'] },
  loggedInAs: { args: ['5001@test.cc', '8001'], shows: ['5001@test.cc', '8001'] },
  statusWithReason: { args: ['Not ready', 'Meeting'], shows: ['Not ready', 'Meeting'] },
  serverSaid: { args: ['USER_BUSY'], shows: ['USER_BUSY'] },
  'toolbar.dtmfSent': { args: ['123#'], shows: ['123#'] },
  'toolbar.titleFlash': { args: ['13800138000'], shows: ['13800138000'] },
  'toolbar.recentSummary': { args: [7, 2], shows: ['7', '2'] },
  'toolbar.callBack': { args: ['13800138000'], shows: ['13800138000'] },
  'toolbar.missedCall': { args: ['13800138000'], shows: ['13800138000'] },
  'loginReasons.loggedInElsewhere': { args: [{ status: 455, deviceId: '8009@test.cc' }], shows: ['8009@test.cc'] },
  'loginReasons.extensionInUse': { args: [{ status: 460, agent: '5009@test.cc' }], shows: ['5009@test.cc'] },
  'loginReasons.serverError': { args: [{ status: 503 }], shows: ['503'] },
  'loginReasons.unknown': { args: [{ status: 499 }], shows: ['499'] },
};
const callOf = (path: string) =>
  CALLS[path] ?? (path.startsWith('loginReasons.') ? { args: [{ status: 451 }], shows: [] } : undefined);

describe('i18n', () => {
  describe('language packs', () => {
    it('en and zh-CN have exactly the same keys, with the same kind of value', () => {
      const shape = (t: Translation) => leaves(t).map(({ path, value }) => `${path}: ${typeof value}`);
      expect(shape(zhCN)).to.have.members(shape(en));
      expect(shape(en)).to.have.members(shape(zhCN));
      expect(en.lang).to.equal('en');
      expect(zhCN.lang).to.equal('zh-CN');
    });

    it('both packs label the same status codes', () => {
      expect(Object.keys(zhCN.status)).to.have.members(Object.keys(en.status));
      for (const code of [-1, 0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]) {
        expect(en.status[code], `en status ${code}`).to.be.a('string').and.not.be.empty;
        expect(zhCN.status[code], `zh-CN status ${code}`).to.be.a('string').and.not.be.empty;
      }
    });

    for (const [name, pack] of PACKS) {
      it(`${name}: no text is empty and the two packs differ`, () => {
        const other = pack === en ? zhCN : en;
        for (const { path, value } of leaves(pack)) {
          if (typeof value === 'string') expect(value.trim(), `${name} ${path}`).not.to.equal('');
        }
        expect(pack.title).not.to.equal(other.title);
        expect(pack.actions.login).not.to.equal(other.actions.login);
      });

      it(`${name}: every text with parameters shows them, and no "undefined" or "NaN"`, () => {
        const functions = leaves(pack).filter((leaf) => typeof leaf.value === 'function');
        expect(functions.length).to.be.greaterThan(10);
        for (const { path, value } of functions) {
          const call = callOf(path);
          expect(call, `${path} takes parameters: add it to CALLS`).not.to.equal(undefined);
          const text = (value as (...args: unknown[]) => unknown)(...call!.args);
          expect(text, `${name} ${path}`).to.be.a('string').and.not.be.empty;
          expect(text as string, `${name} ${path}`).not.to.match(/undefined|NaN|\[object/);
          for (const shown of call!.shows) expect(text as string, `${name} ${path}`).to.include(shown);
        }
      });

      it(`${name}: optional parameters that are missing leave no trace`, () => {
        const elsewhere = pack.loginReasons.loggedInElsewhere({ status: 455 });
        const inUse = pack.loginReasons.extensionInUse({ status: 460 });
        const conflict = pack.conflict(455);
        for (const text of [elsewhere, inUse, conflict]) expect(text).not.to.match(/undefined|\(\)|（）/);
        expect(pack.conflict(454)).not.to.equal(pack.conflict(455, '8009@test.cc'));
      });
    }
  });

  describe('choosing the language', () => {
    it('any English tag selects en, any Chinese tag zh-CN', () => {
      for (const lang of ['en', 'EN', 'en-US', 'en-gb', 'en_AU']) expect(langOf(lang), lang).to.equal('en');
      for (const lang of ['zh', 'zh-CN', 'ZH-cn', 'zh-TW', 'zh-Hans', 'zh_HK'])
        expect(langOf(lang), lang).to.equal('zh-CN');
    });

    // The element's `lang` defaults to zh-CN (docs/attributes.md): a missing or unknown language falls back to it.
    it('a missing or unknown language falls back to the default, zh-CN', () => {
      for (const lang of [undefined, null, '', 'fr', 'ja-JP', 'x-unknown'])
        expect(langOf(lang), String(lang)).to.equal('zh-CN');
    });

    it('loadTranslation loads the pack a tag selects, once, and cachedTranslation returns it', async () => {
      const chinese = await loadTranslation('zh');
      expect(chinese.lang).to.equal('zh-CN');
      expect(chinese.title).to.equal(zhCN.title);
      expect(cachedTranslation('zh-TW')).to.equal(chinese);
      expect(await loadTranslation('zh-CN')).to.equal(chinese);

      const english = await loadTranslation('en-US');
      expect(english.lang).to.equal('en');
      expect(english.actions.login).to.equal(en.actions.login);
      expect(cachedTranslation('EN')).to.equal(english);
    });

    it('registerTranslation replaces the pack a tag selects', async () => {
      const custom: Translation = { ...en, title: 'Agent bar' };
      registerTranslation(custom);
      expect(cachedTranslation('en-GB')).to.equal(custom);
      expect((await loadTranslation('en')).title).to.equal('Agent bar');
      registerTranslation(en);
    });
  });
});
