// Checks README.md and docs/*.md as plain files: short lines, working relative links, every doc reachable from the
// README (test/docs/snippets.test.ts runs the code blocks of the docs it reaches that way), tagged code fences.
// Run: node --test test/docs/docs.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAX_LINE = 200;
const docs = [
  'README.md',
  ...readdirSync(join(root, 'docs'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f.split('\\').join('/')}`),
];
const text = (file) => readFileSync(join(root, file), 'utf8');

/** Relative link targets of a markdown file (outside code blocks), as repository paths. */
function links(file) {
  const out = [];
  let fenced = false;
  for (const line of text(file).split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (fenced) continue;
    for (const [, target] of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
      out.push(normalize(join(dirname(file), decodeURIComponent(target.split('#')[0]))));
    }
  }
  return out;
}

test('README.md and docs/*.md exist and have no line over 200 characters', () => {
  assert.ok(docs.length > 1, 'docs/ has markdown files');
  const long = docs.flatMap((file) =>
    text(file)
      .split('\n')
      .map((line, i) => ({ file, line: i + 1, length: [...line].length }))
      .filter((l) => l.length > MAX_LINE),
  );
  assert.deepEqual(long, []);
});

test('every relative link points to a file or folder of the repository', () => {
  const broken = docs.flatMap((file) =>
    links(file)
      .filter((target) => target.startsWith('..') || !existsSync(join(root, target)))
      .map((target) => `${file} → ${target}`),
  );
  assert.deepEqual(broken, []);
});

test('every docs/*.md is reachable from README.md by links', () => {
  const seen = new Set();
  const queue = ['README.md'];
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file) || !existsSync(join(root, file)) || statSync(join(root, file)).isDirectory()) continue;
    seen.add(file);
    queue.push(...links(file).filter((t) => t.endsWith('.md')));
  }
  assert.deepEqual(
    docs.filter((file) => !seen.has(file)),
    [],
  );
});

test('every code fence names its language (untagged blocks would be skipped silently)', () => {
  const untagged = [];
  for (const file of docs) {
    let fenced = false;
    text(file)
      .split('\n')
      .forEach((line, i) => {
        const m = /^\s*```(.*)$/.exec(line);
        if (!m) return;
        if (!fenced && m[1].trim() === '') untagged.push(`${file}:${i + 1}`);
        fenced = !fenced;
      });
  }
  assert.deepEqual(untagged, []);
});
