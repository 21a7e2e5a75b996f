import type { ProblemDetail } from '../../app/routes/api-types';

export type { ProblemDetail };

/** A refused or failed API call: `status` 0 when the service could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: ProblemDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The message to show a person for any failure. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
