/** Base of the element's DOM events: bubbling, composed, with a typed `detail`. */
export class WellDetailEvent<T> extends Event {
  readonly detail: T;

  constructor(type: string, detail: T, cancelable = false) {
    super(type, { bubbles: true, composed: true, cancelable });
    this.detail = detail;
  }
}
