/** A TQL query the simulator cannot accept; `position` is the 0-based character offset of the problem. */
export class TqlError extends Error {
  constructor(
    readonly detail: string,
    readonly position?: number,
  ) {
    super(`Invalid TQL query: ${detail}${position === undefined ? '' : ` at position ${position}`}`);
    this.name = 'TqlError';
  }
}
