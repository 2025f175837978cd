/** Serialises async critical sections within one process (FIFO). */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn);
    // The next waiter starts when this one settles, whether it succeeded or not.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
