type Message = Record<string, unknown>;

interface Waiter {
  predicate: (m: Message) => boolean;
  resolve: (m: Message) => void;
}

/** Everything the App published, in order, with a way to wait for a message that matches. */
export class MessageLog {
  readonly messages: Message[] = [];
  readonly #waiters = new Set<Waiter>();

  add(message: Message): void {
    this.messages.push(message);
    for (const waiter of this.#waiters) {
      if (waiter.predicate(message)) {
        this.#waiters.delete(waiter);
        waiter.resolve(message);
      }
    }
  }

  /** The first message from index `from` on that matches, waiting up to `timeoutMs` for it. */
  waitFor(predicate: (m: Message) => boolean, timeoutMs: number, from = 0, what = 'a matching message'): Promise<Message> {
    const seen = this.messages.slice(from).find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`The App did not publish ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }
}

/** Case-insensitive test of a message's `command` (and `type`), as Core matches them. */
export function isCommand(m: Message, command: string, type?: string): boolean {
  const same = (v: unknown, want: string) => typeof v === 'string' && v.toLowerCase() === want.toLowerCase();
  return same(m.command, command) && (type === undefined || same(m.type, type));
}
