// `npm run analyze` → custom-elements.json plus the editor data in dist/editor/ (docs/editor-support.md):
//   vscode.html-custom-data.json, vscode.css-custom-data.json   VS Code `html.customData` / `css.customData`
//   jsx.d.ts                                                    `CustomElements` props for JSX (React 19, Preact…)
//   react.d.ts                                                  adds them to React's `JSX.IntrinsicElements`
//   vue.d.ts                                                    Vue `GlobalComponents` (and Vue's JSX)
// WELL_CEM_OUTDIR (relative to the working directory) moves both outputs to a scratch folder; the manifest tests
// use it so they never touch the committed manifest.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { generateJsxTypes } from 'custom-element-jsx-integration';
import { generateVsCodeCustomElementData } from 'custom-element-vs-code-integration';
import { generateVuejsTypes } from 'custom-element-vuejs-integration';

const outdir = process.env.WELL_CEM_OUTDIR ?? '.';
const editorDir = path.posix.join(outdir.split(path.sep).join('/'), 'dist/editor');
/** Where the editor typings find the package's declarations (dist/types/index.d.ts), relative to dist/editor/. */
const TYPES_PATH = '../types/index.js';

// Events are documented with @fires on the class; the analyzer also guesses events from `dispatchEvent(new X(detail))`
// and names them after the argument, so only the documented `well-*` events are kept. Modules are sorted by path: the
// analyzer lists them in directory-listing order, which differs between checkouts, and `npm test` compares the
// committed manifest byte for byte.
const documentedEventsOnly = {
  name: 'documented-events-only',
  packageLinkPhase({ customElementsManifest }) {
    customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const mod of customElementsManifest.modules) {
      for (const declaration of mod.declarations ?? []) {
        if (declaration.events) declaration.events = declaration.events.filter((e) => e.name?.startsWith('well-'));
        // fields declared in Lit's `static properties` come out as `privacy: 'public'`; a decorated field had none
        for (const member of declaration.members ?? []) if (member.privacy === 'public') delete member.privacy;
      }
    }
  },
};

const PRIMITIVES = new Set(['string', 'number', 'boolean', 'undefined', 'null']);

/** `export type X = 'a' | 'b'` aliases in src/, as their union text, so editors can offer the values. */
function literalUnionAliases() {
  const aliases = new Map();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.ts')) {
        const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
        for (const node of source.statements) {
          if (!ts.isTypeAliasDeclaration(node) || !ts.isUnionTypeNode(node.type)) continue;
          const members = node.type.types;
          if (members.every((t) => ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal))) {
            aliases.set(node.name.text, members.map((t) => `'${t.literal.text}'`).join(' | '));
          }
        }
      }
    }
  };
  walk('src');
  return aliases;
}

/**
 * The manifest as the editor generators need it (a copy: custom-elements.json keeps the schema's meaning):
 * - attributes typed by an alias get `expandedType` with the literal union (VS Code lists the values);
 * - read-only properties are dropped (a framework cannot set them);
 * - event types stay the event classes, imported from the package's declarations.
 */
function editorManifest(manifest) {
  const copy = structuredClone(manifest);
  const aliases = literalUnionAliases();
  for (const mod of copy.modules) {
    for (const declaration of mod.declarations ?? []) {
      if (!declaration.tagName) continue;
      declaration.members = declaration.members?.filter((m) => !(m.kind === 'field' && m.readonly));
      for (const attribute of declaration.attributes ?? []) {
        const parts = (attribute.type?.text ?? 'string').split('|').map((t) => t.trim());
        const named = parts.filter((t) => !PRIMITIVES.has(t));
        if (named.length === 0) continue;
        const expanded = named.map((t) => aliases.get(t));
        if (expanded.includes(undefined)) {
          throw new Error(`${declaration.tagName}[${attribute.name}]: cannot expand type ${attribute.type.text}`);
        }
        attribute.expandedType = { text: expanded.join(' | ') };
      }
    }
  }
  return copy;
}

/**
 * The generators type an event handler as `(e: CustomEvent<T>) => void`, reading `T` as the detail type; our `T` is
 * the event class (the schema's meaning), which already carries a typed `detail`.
 */
function handEventClasses(file) {
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.replace(/CustomEvent<(Well\w+Event)>/g, '$1'));
}

/** VS Code's CSS data has no default field: the hover shows the description, so the default goes there. */
function withCssDefaults(file, manifest) {
  const defaults = new Map();
  for (const mod of manifest.modules) {
    for (const declaration of mod.declarations ?? []) {
      for (const property of declaration.cssProperties ?? []) defaults.set(property.name, property.default);
    }
  }
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const property of data.properties) {
    const value = defaults.get(property.name);
    if (value !== undefined) property.description = `${property.description} Default: \`${value}\`.`;
  }
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

const REACT = `// Generated by \`npm run analyze\`: adds <well-softphone> to React 19's JSX (see docs/editor-support.md).
import type { CustomElements } from './jsx.js';

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends CustomElements {}
  }
}
`;

const editorData = {
  name: 'editor-data',
  packageLinkPhase({ customElementsManifest }) {
    const manifest = editorManifest(customElementsManifest);
    const common = { outdir: editorDir, hideLogs: true, hideMethodDocs: true };
    generateVsCodeCustomElementData(manifest, {
      ...common,
      htmlFileName: 'vscode.html-custom-data.json',
      cssFileName: 'vscode.css-custom-data.json',
      typesSrc: 'expandedType',
    });
    generateJsxTypes(manifest, { ...common, fileName: 'jsx.d.ts', globalTypePath: TYPES_PATH });
    generateVuejsTypes(manifest, { ...common, fileName: 'vue.d.ts', globalTypePath: TYPES_PATH });
    withCssDefaults(path.join(editorDir, 'vscode.css-custom-data.json'), manifest);
    handEventClasses(path.join(editorDir, 'jsx.d.ts'));
    handEventClasses(path.join(editorDir, 'vue.d.ts'));
    fs.writeFileSync(path.join(editorDir, 'react.d.ts'), REACT);
  },
};

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir,
  litelement: true,
  // package.json's `customElements` is maintained by hand; the analyzer would rewrite it to a scratch outdir
  packagejson: false,
  plugins: [documentedEventsOnly, editorData],
};
