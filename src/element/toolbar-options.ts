import type { PropertyDeclarations } from 'lit';
import type { CallDataField } from './parts/in-call.js';
import type { RingtoneSource } from './ringer.js';
import type { ShortcutMap } from './shortcuts.js';
import { SoftphoneApi } from './softphone-api.js';

/** Colour scheme of the element. */
export type Theme = 'light' | 'dark' | 'auto';

/** The look and feel options of `<well-softphone>` (status, ring, shortcuts, call data, notes). */
export abstract class ToolbarOptions extends SoftphoneApi {
  // Lit's `static properties` rather than decorators: no decorator calls in the bundle. The JSDoc stays on the fields,
  // which the manifest analyzer merges with these declarations (custom-elements.json).
  static override properties: PropertyDeclarations = {
    theme: { reflect: true },
    showCode: { attribute: 'show-code', type: Boolean },
    ringtone: {},
    notifications: {},
    shortcuts: { attribute: false },
    shortcutsScope: { attribute: 'shortcuts-scope' },
    afterCallNotes: { attribute: 'after-call-notes', type: Boolean },
    callDataFields: { attribute: false },
  };

  /** Colour scheme: `light` (default), `dark`, or `auto` (follows the operating system). */
  theme: Theme = 'light';

  /** Show the numeric status code next to the status label. */
  showCode = false;

  /**
   * What rings while a call rings this tab: unset for the built-in tone (Web Audio, no download), `off`, an audio URL
   * (looped), or (property only) a host function called with `true` when a call starts ringing and `false` when it
   * stops.
   * @type {string | undefined}
   */
  ringtone?: RingtoneSource;

  /**
   * `on` (default): a system notification for a call that rings while the page is hidden; the permission is asked
   * when the agent logs in from the form. `off`: never.
   */
  notifications = 'on';

  /**
   * Keyboard shortcuts by action (`answer`, `hangUp`, `hold`, `ready`, `notReady`, `dialer`, `help`), as
   * `Alt+Shift+A`; `null` turns one off (property only; defaults in docs/attributes.md).
   */
  shortcuts?: ShortcutMap;

  /** Where the shortcuts work: `element` (default: focus inside the softphone), `page` (anywhere) or `off`. */
  shortcutsScope = 'element';

  /** After a connected call ends, offer a notes field; saved notes go out in `well-after-call`. */
  afterCallNotes = false;

  /**
   * The call-data keys to show, with their labels (property only): `[{key: 'orderId', label: 'Order'}]`. Other keys
   * stay behind a "More call data" disclosure.
   */
  callDataFields?: CallDataField[];
}
