// A queue that turns worker message events into awaited values, shared by the runners.
export class MessageQueue {
  private readonly values: unknown[] = [];
  private readonly waiting: Array<{ resolve: (v: unknown) => void; reject: (e: unknown) => void }> = [];
  private failure: unknown = null;

  push(value: unknown): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve(value);
    else this.values.push(value);
  }

  fail(error: unknown): void {
    this.failure = error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }

  next(): Promise<unknown> {
    if (this.values.length > 0) return Promise.resolve(this.values.shift());
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }
}
