/**
 * One cell's work, one job at a time: the order in which entries are appended
 * to the log is the order in which they are applied. A job that throws or
 * rejects does not block the jobs behind it.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** Jobs waiting or running (the clock skips a tick rather than pile up behind a slow write). */
  get size(): number { return this.pending; }

  run<T>(job: () => Promise<T> | T): Promise<T> {
    this.pending++;
    const result = this.tail.then(job);
    this.tail = result.then(() => undefined, () => undefined).finally(() => { this.pending--; });
    return result;
  }

  /** Resolves when every job enqueued so far has finished. */
  idle(): Promise<void> { return this.run(() => undefined); }
}
