/**
 * A system notification for a call ringing while the page is hidden. Permission is asked only from a user gesture
 * ({@link askNotificationPermission}, called by the element when the agent logs in from its form); without it, or
 * with the page visible, nothing is shown. Clicking the notification brings the tab forward and focuses Answer.
 * Notifications from a page cannot carry action buttons (those need the host's service worker).
 */
export class CallNotifier {
  #shown: Notification | undefined;

  show(title: string, body: string, onClick: () => void): void {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    if (document.visibilityState !== 'hidden') return;
    this.close();
    try {
      const shown = new Notification(title, { body, tag: 'well-softphone-ring', requireInteraction: true });
      shown.onclick = () => {
        window.focus();
        onClick();
        this.close();
      };
      this.#shown = shown;
    } catch {
      // some browsers allow notifications only from a service worker
    }
  }

  close(): void {
    this.#shown?.close();
    this.#shown = undefined;
  }
}

/** The title shown while a call rings, alternating with the page's own every second. */
export class TitleFlash {
  #original: string | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  start(text: string): void {
    if (this.#timer !== undefined) return;
    const original = (this.#original = document.title);
    let on = true;
    document.title = text;
    this.#timer = setInterval(() => {
      on = !on;
      document.title = on ? text : original;
    }, 1000);
  }

  stop(): void {
    if (this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    document.title = this.#original ?? document.title;
  }
}
