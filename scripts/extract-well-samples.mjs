// Extracts every JSON sample of section 6 of the wellClient README ("事件名及其数据结构") into
// test/fixtures/well-events.json, so codec tests run on the real captured events.
// Usage: node scripts/extract-well-samples.mjs path/to/wellclient-readme.txt
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.argv[2];
if (!source) {
  console.error('usage: node scripts/extract-well-samples.mjs path/to/wellclient-readme.txt');
  process.exit(2);
}
const text = readFileSync(source, 'utf8');
const start = text.indexOf('## 6 事件名及其数据结构');
const end = text.indexOf('# 7 收到事件的顺序');
const section = text.slice(start, end);

const samples = [];
let heading = '';
const lines = section.split('\n');
for (let i = 0; i < lines.length; i++) {
  const h = /^###\s+(6\.\d+)\s*(.*)$/.exec(lines[i]);
  if (h) heading = `${h[1]} ${h[2].trim()}`;
  if (lines[i].trim() !== '```') continue;
  let j = i + 1;
  while (j < lines.length && lines[j].trim() !== '```') j++;
  const block = lines
    .slice(i + 1, j)
    .join('\n')
    .trim();
  i = j;
  if (!block.startsWith('{')) continue;
  let value;
  try {
    value = JSON.parse(block);
  } catch {
    value = JSON.parse(block.replace(/,(\s*[\]}])/g, '$1')); // a few samples carry trailing commas
  }
  samples.push({ section: heading, event: value });
}
writeFileSync(join(root, 'test', 'fixtures', 'well-events.json'), `${JSON.stringify(samples, null, 2)}\n`);
console.log(`${samples.length} samples: ${samples.map((s) => s.event.eventName).join(', ')}`);
