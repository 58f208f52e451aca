// custom-elements.json is the element's public contract and the source of the editor data in
// dist/editor/ (docs/editor-support.md). These tests compare it with what the source really does: the parts in the
// templates, the custom properties in the styles, the events dispatched, the custom states set. Then they
// type-check a React 19 TSX file and a Vue check against the generated typings (test/manifest/types/).
// Run: node --test test/manifest/manifest.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (file) => fs.readFileSync(path.join(root, file), 'utf8');
const filesUnder = (dir) =>
  fs
    .readdirSync(path.join(root, dir), { recursive: true })
    .map((file) => path.posix.join(dir, file.split(path.sep).join('/')))
    .filter((file) => file.endsWith('.ts'))
    .sort();
const sorted = (values) => [...new Set(values)].sort();

const committed = JSON.parse(read('custom-elements.json'));
const element = committed.modules
  .flatMap((mod) => mod.declarations ?? [])
  .find((declaration) => declaration.tagName === 'well-softphone');
/** Where the element's custom states are set (its `@cssstate` tags are on the element's class). */
const STATES_FILE = 'src/element/custom-states.ts';
const STYLES_FILE = 'src/element/well-softphone.styles.ts';

/** Every part name a template can put on an element: `part="a b"`, `part="${cond ? 'x' : ''}"`, `part="${name}-input"`. */
function templateParts(file) {
  const source = read(file);
  const parts = [];
  for (const [, value] of source.matchAll(/\bpart="([^"]*)"/g)) {
    const expressions = [];
    const tokens = value
      .replace(/\$\{([^}]*)\}/g, (_, expression) => `⟨${expressions.push(expression) - 1}⟩`)
      .split(/\s+/)
      .filter(Boolean);
    for (const token of tokens) {
      const holes = [...token.matchAll(/⟨(\d+)⟩/g)];
      if (holes.length === 0) parts.push(token);
      else if (holes.length === 1 && holes[0][0] === token) {
        // a whole-token expression: the string literals it can yield
        const literals = [...expressions[holes[0][1]].matchAll(/'([^']*)'/g)].map((m) => m[1]).filter(Boolean);
        assert.ok(literals.length > 0, `${file}: cannot read the part names of \${${expressions[holes[0][1]]}}`);
        parts.push(...literals);
      } else {
        // `${name}-suffix`: name is a parameter typed by a string-literal union declared in the same file
        assert.equal(holes.length, 1, `${file}: part token ${token} has more than one expression`);
        const name = expressions[holes[0][1]].trim();
        const typeName = source.match(new RegExp(`\\b${name}: (\\w+)`))?.[1];
        const union = typeName && source.match(new RegExp(`type ${typeName} = ([^;]+);`))?.[1];
        assert.ok(union, `${file}: cannot resolve the type of \${${name}} in part token ${token}`);
        for (const [, literal] of union.matchAll(/'([^']*)'/g)) parts.push(token.replace(holes[0][0], literal));
      }
    }
  }
  return parts;
}

describe('custom-elements.json: the contract matches the source', () => {
  test('the manifest has the element with its tag and class', () => {
    assert.ok(element, 'no declaration with tagName well-softphone');
    assert.equal(element.name, 'WellSoftphone');
    assert.ok(element.summary, 'the element has a @summary');
  });

  test('every part="…" in src/element/** is documented and every documented part is used', () => {
    const used = sorted(filesUnder('src/element').flatMap(templateParts));
    const documented = sorted(element.cssParts.map((p) => p.name));
    assert.ok(used.length >= 50, `only ${used.length} parts found: the template scan is broken`);
    assert.deepEqual(
      documented,
      used,
      `undocumented: ${used.filter((p) => !documented.includes(p))}; stale: ${documented.filter((p) => !used.includes(p))}`,
    );
    for (const part of element.cssParts) assert.ok(part.description, `@csspart ${part.name} has no description`);
  });

  test('the stylesheet only styles parts that exist', () => {
    const styled = [...read(STYLES_FILE).matchAll(/\[part~?='([^']+)'\]/g)].map((m) => m[1]);
    assert.ok(styled.length > 0);
    const documented = element.cssParts.map((p) => p.name);
    assert.deepEqual(
      styled.filter((p) => !documented.includes(p)),
      [],
    );
  });

  test('every --well-* custom property is documented with its default', () => {
    const styles = read(STYLES_FILE);
    const host = styles.match(/:host \{([^}]*)\}/)?.[1];
    assert.ok(host, 'no :host block in the styles');
    const defaults = new Map(
      [...host.matchAll(/(--well-[a-z-]+):\s*([^;]+);/g)].map(([, name, value]) => [name, value.trim()]),
    );
    const used = sorted([...styles.matchAll(/--well-[a-z-]+/g)].map((m) => m[0]));
    const documented = new Map(element.cssProperties.map((p) => [p.name, p]));
    assert.ok(used.length >= 10, `only ${used.length} custom properties found`);
    assert.deepEqual(sorted(documented.keys()), used);
    for (const name of used) {
      assert.ok(defaults.has(name), `${name} is used but has no default on :host`);
      assert.equal(documented.get(name).default, defaults.get(name), `${name}: documented default`);
      assert.ok(documented.get(name).description, `${name} has no description`);
    }
  });

  test('every well-* event dispatched in src is documented with its event class as type', () => {
    const classes = new Map(); // class name → event name
    for (const file of filesUnder('src/events')) {
      const source = read(file);
      for (const [, name] of source.matchAll(/export class (Well\w+Event) extends WellDetailEvent\b/g)) {
        const type = source.match(/super\('(well-[a-z-]+)'/)?.[1];
        assert.ok(type, `${file}: ${name} has no literal event name`);
        classes.set(name, type);
      }
    }
    assert.ok(classes.size >= 10, `only ${classes.size} event classes found`);
    const dispatched = sorted(
      filesUnder('src')
        .filter((file) => !file.startsWith('src/events/'))
        .flatMap((file) => [...read(file).matchAll(/new (Well\w+Event)\(/g)].map((m) => m[1])),
    );
    for (const name of dispatched) assert.ok(classes.has(name), `${name} is not an event class in src/events/`);
    const expected = dispatched.map((name) => ({ name: classes.get(name), type: name })).sort(byName);
    const documented = element.events.map((e) => ({ name: e.name, type: e.type?.text })).sort(byName);
    assert.deepEqual(documented, expected);
    for (const event of element.events) assert.ok(event.description, `${event.name} has no description`);
  });

  test('every custom state the element sets is documented', () => {
    const source = read(STATES_FILE);
    const agentStates = source.match(/const AGENT_STATES[^=]*= \{([^}]*)\}/)?.[1];
    assert.ok(agentStates, 'AGENT_STATES not found');
    const fromTable = [...agentStates.matchAll(/:\s*'([^']+)'/g)].map((m) => m[1]);
    const pushed = [...source.matchAll(/wanted\.push\('([^']+)'\)/g)].map((m) => m[1]);
    const connection = [...source.matchAll(/connection === '([^']+)'/g)].map((m) => m[1]);
    const added = [...source.matchAll(/states\.add\('([^']+)'\)/g)].map((m) => m[1]);
    assert.ok(fromTable.length >= 8 && pushed.length > 0 && connection.length > 0, 'the custom-state scan is broken');
    const set = sorted([...fromTable, ...pushed, ...connection, ...added]);
    const documented = sorted((element.cssStates ?? []).map((s) => s.name));
    assert.deepEqual(documented, set);
    for (const state of element.cssStates) assert.ok(state.description, `@cssstate ${state.name} has no description`);
  });

  test('every <slot> in the templates is documented (none today) and every documented slot exists', () => {
    const slots = filesUnder('src/element').flatMap((file) =>
      [...read(file).matchAll(/<slot\b([^>]*)>/g)].map((m) => m[1].match(/\bname="([^"]+)"/)?.[1] ?? ''),
    );
    assert.deepEqual(sorted((element.slots ?? []).map((s) => s.name)), sorted(slots));
  });

  test('every public property and attribute has a description', () => {
    const publicFields = element.members.filter(
      (m) => m.kind === 'field' && !m.privacy && !m.static && !m.name.startsWith('#'),
    );
    assert.ok(publicFields.length >= 20);
    for (const field of publicFields) assert.ok(field.description, `property ${field.name} has no JSDoc`);
    for (const attribute of element.attributes) {
      assert.ok(attribute.description, `attribute ${attribute.name} has no JSDoc`);
      assert.ok(attribute.fieldName, `attribute ${attribute.name} has no property`);
    }
  });
});

function byName(a, b) {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

describe('npm run analyze: editor data', () => {
  // inside node_modules/ so the generated typings resolve `react` and `vue` like in an installed package
  const cacheDir = path.join(root, 'node_modules/.cache');
  let scratch;
  const editor = (file) => path.join(scratch, 'dist/editor', file);

  before(() => {
    fs.mkdirSync(cacheDir, { recursive: true });
    scratch = fs.mkdtempSync(path.join(cacheDir, 'well-manifest-'));
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze'],
      {
        cwd: root,
        env: { ...process.env, WELL_CEM_OUTDIR: path.relative(root, scratch) },
        stdio: 'pipe',
      },
    );
  });
  after(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('a fresh run reproduces the committed custom-elements.json byte for byte', () => {
    assert.equal(fs.readFileSync(path.join(scratch, 'custom-elements.json'), 'utf8'), read('custom-elements.json'));
  });

  test('the generated files name no path of this machine', () => {
    const files = fs.readdirSync(path.join(scratch, 'dist/editor')).sort();
    assert.deepEqual(files, [
      'jsx.d.ts',
      'react.d.ts',
      'vscode.css-custom-data.json',
      'vscode.html-custom-data.json',
      'vue.d.ts',
    ]);
    for (const file of files) {
      const text = fs.readFileSync(editor(file), 'utf8');
      for (const local of [root, root.replace(/\/$/, ''), scratch, '/tmp/', '/home/', '/root/']) {
        assert.ok(!text.includes(local), `${file} contains ${local}`);
      }
    }
  });

  test('VS Code HTML data: the tag, every attribute with its description, the values of union types', () => {
    const data = JSON.parse(fs.readFileSync(editor('vscode.html-custom-data.json'), 'utf8'));
    const tag = data.tags.find((t) => t.name === 'well-softphone');
    assert.ok(tag, 'no well-softphone tag');
    assert.deepEqual(sorted(tag.attributes.map((a) => a.name)), sorted(element.attributes.map((a) => a.name)));
    for (const attribute of tag.attributes) assert.ok(attribute.description, `${attribute.name} has no description`);
    const values = (name) => tag.attributes.find((a) => a.name === name).values.map((v) => v.name);
    assert.deepEqual(values('login-mode'), ['force', 'ask', 'stop']);
    assert.deepEqual(values('initial-mode'), ['Ready', 'NotReady']);
    assert.deepEqual(values('vendor'), ['well', 'xswitch', 'aliyun']);
  });

  test('VS Code CSS data: every custom property with its default, every part as ::part()', () => {
    const data = JSON.parse(fs.readFileSync(editor('vscode.css-custom-data.json'), 'utf8'));
    for (const property of element.cssProperties) {
      const entry = data.properties.find((p) => p.name === property.name);
      assert.ok(entry, `${property.name} missing`);
      assert.ok(entry.description.includes(property.default), `${property.name}: no default in the description`);
    }
    assert.deepEqual(
      sorted(data.pseudoElements.map((p) => p.name)),
      sorted(element.cssParts.map((p) => `::part(${p.name})`)),
    );
  });

  test('React 19 TSX and Vue checks compile against the generated typings (and catch bad attributes)', () => {
    // the typings import the package's declarations from ../types/ (dist/types/ in the package): point that at src/
    fs.mkdirSync(path.join(scratch, 'dist/types'));
    const src = path.relative(path.join(scratch, 'dist/types'), path.join(root, 'src/index.js')).split(path.sep);
    fs.writeFileSync(path.join(scratch, 'dist/types/index.d.ts'), `export * from '${src.join('/')}';\n`);
    const fromScratch = (file) => path.relative(scratch, path.join(root, file)).split(path.sep).join('/');
    const tsconfig = {
      extends: fromScratch('tsconfig.json'),
      compilerOptions: { jsx: 'react-jsx', types: [], skipLibCheck: false },
      include: [],
      files: [
        'dist/editor/react.d.ts',
        'dist/editor/vue.d.ts',
        fromScratch('test/manifest/types/react-usage.tsx'),
        fromScratch('test/manifest/types/vue-usage.ts'),
      ],
    };
    fs.writeFileSync(path.join(scratch, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    try {
      execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', scratch], {
        cwd: root,
        stdio: 'pipe',
      });
    } catch (error) {
      assert.fail(`tsc failed:\n${error.stdout}${error.stderr}`);
    }
  });
});
