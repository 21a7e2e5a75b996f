import { inspect } from 'node:util';

const MASK = '***';

/**
 * A secret input value that masks itself everywhere it could be printed: String(), JSON, util.inspect.
 * Read the real value only where it is used: `secret.reveal()`.
 * @example const s = new Secret('abc'); `${s}` === '***'; s.reveal() === 'abc'
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get isEmpty(): boolean {
    return this.#value.length === 0;
  }

  toString(): string {
    return MASK;
  }

  toJSON(): string {
    return MASK;
  }

  [inspect.custom](): string {
    return `Secret(${MASK})`;
  }
}

/** The plain value of a string or Secret. */
export function revealValue(value: string | Secret | undefined): string | undefined {
  return value instanceof Secret ? value.reveal() : value;
}
