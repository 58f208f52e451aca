import { property } from 'lit/decorators.js';
import type { CallDataField } from './parts/in-call.js';
import type { RingtoneSource } from './ringer.js';
import type { ShortcutMap } from './shortcuts.js';
import { SoftphoneApi } from './softphone-api.js';

/** Colour scheme of the element. */
export type Theme = 'light' | 'dark' | 'auto';

/** The look and feel options of `<well-softphone>` (status, ring, shortcuts, call data, notes). */
export abstract class ToolbarOptions extends SoftphoneApi {
  /** Colour scheme: `light` (default), `dark`, or `auto` (follows the operating system). */
  @property({ reflect: true }) theme: Theme = 'light';

  /** Show the numeric status code next to the status label. */
  @property({ attribute: 'show-code', type: Boolean }) showCode = false;

  /**
   * What rings while a call rings this tab: unset for the built-in tone (Web Audio, no download), `off`, an audio URL
   * (looped), or (property only) a host function called with `true` when a call starts ringing and `false` when it
   * stops.
   * @type {string | undefined}
   */
  @property() ringtone?: RingtoneSource;

  /**
   * `on` (default): a system notification for a call that rings while the page is hidden; the permission is asked
   * when the agent logs in from the form. `off`: never.
   */
  @property() notifications = 'on';

  /**
   * Keyboard shortcuts by action (`answer`, `hangUp`, `hold`, `ready`, `notReady`, `dialer`, `help`), as
   * `Alt+Shift+A`; `null` turns one off (property only; defaults in docs/attributes.md).
   */
  @property({ attribute: false }) shortcuts?: ShortcutMap;

  /** Where the shortcuts work: `element` (default: focus inside the softphone), `page` (anywhere) or `off`. */
  @property({ attribute: 'shortcuts-scope' }) shortcutsScope = 'element';

  /** After a connected call ends, offer a notes field; saved notes go out in `well-after-call`. */
  @property({ attribute: 'after-call-notes', type: Boolean }) afterCallNotes = false;

  /**
   * The call-data keys to show, with their labels (property only): `[{key: 'orderId', label: 'Order'}]`. Other keys
   * stay behind a "More call data" disclosure.
   */
  @property({ attribute: false }) callDataFields?: CallDataField[];
}
