// @ts-check

/**
 * Runs tasks after a delay, strictly in the order they were queued (a task never runs before an
 * earlier one, whatever their delays), so events keep their causal order.
 */
export class Outbox {
  /** @type {{dueAt: number, run: () => void, cancel: () => void}[]} */
  #queue = [];
  /** @type {NodeJS.Timeout | undefined} */
  #timer;
  #lastDue = 0;

  /**
   * @template T
   * @param {number} delayMs
   * @param {() => T} task
   * @returns {Promise<T | null>} the task's result, or null when the outbox was cleared first
   */
  enqueue(delayMs, task) {
    const dueAt = Math.max(Date.now() + Math.max(0, delayMs), this.#lastDue);
    this.#lastDue = dueAt;
    return new Promise((resolve, reject) => {
      this.#queue.push({
        dueAt,
        run: () => {
          try {
            resolve(task());
          } catch (error) {
            reject(error);
          }
        },
        cancel: () => resolve(null),
      });
      this.#schedule();
    });
  }

  /** Drops every pending task (their promises resolve with null). */
  clear() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const item of this.#queue.splice(0)) item.cancel();
    this.#lastDue = 0;
  }

  #schedule() {
    if (this.#timer || this.#queue.length === 0) return;
    this.#timer = setTimeout(() => this.#drain(), Math.max(0, this.#queue[0].dueAt - Date.now()));
  }

  #drain() {
    this.#timer = undefined;
    while (this.#queue.length > 0 && this.#queue[0].dueAt <= Date.now()) {
      /** @type {{run: () => void}} */ (this.#queue.shift()).run();
    }
    this.#schedule();
  }
}
