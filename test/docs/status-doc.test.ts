import { expect } from '@open-wc/testing';
import { ALLOWED_OPERATIONS, STATUS_CODES } from '../../src/model/status.js';
import { en } from '../../src/i18n/en.js';
import { zhCN } from '../../src/i18n/zh-CN.js';

describe('docs/protocols/status-codes.md', () => {
  it('lists exactly the table of src/machine/status.ts, with both languages', async () => {
    const text = await (await fetch('/docs/protocols/status-codes.md')).text();
    const rows = new Map<number, { zh: string; en: string; ops: string[] }>();
    for (const line of text.split('\n')) {
      const m = /^\|\s*(-?\d+)\s*\|([^|]+)\|([^|]+)\|([^|]+)\|$/.exec(line);
      if (!m) continue;
      rows.set(Number(m[1]), {
        zh: m[2]!.trim(),
        en: m[3]!.trim(),
        ops: [...m[4]!.matchAll(/`(\w+)`/g)].map((x) => x[1]!),
      });
    }
    expect([...rows.keys()]).to.deep.equal(STATUS_CODES);
    for (const code of STATUS_CODES) {
      expect(rows.get(code)!.ops, `row ${code}`).to.deep.equal([...ALLOWED_OPERATIONS[code]]);
      expect(rows.get(code)!.zh).to.equal(zhCN.status[code]);
      expect(rows.get(code)!.en).to.equal(en.status[code]);
    }
  });
});
