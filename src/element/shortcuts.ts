import { html, nothing } from 'lit';
import type { ShortcutAction, Translation } from '../i18n/translation.js';

export type { ShortcutAction } from '../i18n/translation.js';

/** Shortcuts by action: `Alt+Shift+A` style (modifiers, then a key); `null` turns one off. */
export type ShortcutMap = Partial<Record<ShortcutAction, string | null>>;

/** The defaults (Alt+Shift+letter: free in Chromium, Firefox and Safari, unlike Alt+letter or Ctrl+letter). */
export const DEFAULT_SHORTCUTS: Readonly<Record<ShortcutAction, string>> = {
  answer: 'Alt+Shift+A',
  hangUp: 'Alt+Shift+H',
  hold: 'Alt+Shift+L',
  ready: 'Alt+Shift+R',
  notReady: 'Alt+Shift+N',
  dialer: 'Alt+Shift+D',
  help: 'Alt+Shift+/',
};

const ACTIONS = Object.keys(DEFAULT_SHORTCUTS) as ShortcutAction[];

interface Binding {
  alt: boolean;
  ctrl: boolean;
  shift: boolean;
  meta: boolean;
  key: string;
}

function parse(spec: string): Binding | undefined {
  const parts = spec.split('+').map((p) => p.trim());
  const key = parts.pop();
  if (!key) return undefined;
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  return { alt: mods.has('alt'), ctrl: mods.has('ctrl'), shift: mods.has('shift'), meta: mods.has('meta'), key };
}

/** The physical key of a binding's key, so Alt+Shift+A matches on macOS too (where it types Å). */
function codeOf(key: string): string | undefined {
  if (/^[a-z]$/i.test(key)) return `Key${key.toUpperCase()}`;
  if (/^\d$/.test(key)) return `Digit${key}`;
  if (key === '/' || key === '?') return 'Slash';
  return undefined;
}

function matches(b: Binding, e: KeyboardEvent): boolean {
  if (b.alt !== e.altKey || b.ctrl !== e.ctrlKey || b.shift !== e.shiftKey || b.meta !== e.metaKey) return false;
  const code = codeOf(b.key);
  return code !== undefined ? e.code === code : e.key.toLowerCase() === b.key.toLowerCase();
}

/** The effective shortcuts: the defaults with the host's changes. */
export function shortcutsOf(custom: ShortcutMap | undefined): Record<ShortcutAction, string | null> {
  return { ...DEFAULT_SHORTCUTS, ...custom };
}

/** The action a key press asks for, if any. */
export function actionOf(custom: ShortcutMap | undefined, event: KeyboardEvent): ShortcutAction | undefined {
  const map = shortcutsOf(custom);
  return ACTIONS.find((action) => {
    const spec = map[action];
    const binding = typeof spec === 'string' ? parse(spec) : undefined;
    return binding !== undefined && matches(binding, event);
  });
}

/** The `?` help: every shortcut and what it does. */
export const shortcutsHelp = (t: Translation, custom: ShortcutMap | undefined, page: boolean, onClose: () => void) => {
  const map = shortcutsOf(custom);
  return html`<div part="shortcuts-help" role="dialog" aria-labelledby="well-shortcuts-title">
    <h2 id="well-shortcuts-title">${t.toolbar.shortcutsTitle}</h2>
    <dl>
      ${ACTIONS.filter((a) => map[a]).map(
        (a) =>
          html`<div>
            <dt><kbd>${map[a]}</kbd></dt>
            <dd>${t.toolbar.shortcuts[a]}</dd>
          </div>`,
      )}
      <div>
        <dt><kbd>Esc</kbd></dt>
        <dd>${t.toolbar.close}</dd>
      </div>
    </dl>
    ${page ? nothing : html`<p>${t.toolbar.shortcutsHint}</p>`}
    <button type="button" part="button close-help-button" @click=${onClose}>${t.toolbar.close}</button>
  </div>`;
};
