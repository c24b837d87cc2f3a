/** Long operations by client-chosen id, so any door can cancel them (`ops-cancel`). */
export class Operations {
  readonly #running = new Map<string, AbortController>();

  /** Starts an operation; the returned signal aborts on cancel. An id already running is refused. */
  start(opId: string): AbortSignal {
    if (this.#running.has(opId)) throw new Error(`operation ${opId} is already running`);
    const controller = new AbortController();
    this.#running.set(opId, controller);
    return controller.signal;
  }

  finish(opId: string): void {
    this.#running.delete(opId);
  }

  cancel(opId: string): boolean {
    const controller = this.#running.get(opId);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  /** Runs `work` as operation `opId`, always finishing it. */
  async run<T>(opId: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const signal = this.start(opId);
    try {
      return await work(signal);
    } finally {
      this.finish(opId);
    }
  }
}
