import type { TcIndicator } from '../../sdk';
import type { ReadFailure } from './observable';
import type { ConversionError } from './types';
import { errorMessage } from '../../sdk';

export function conversionError(failure: Omit<ReadFailure, 'ok'>, indicator: unknown): ConversionError {
  const error: ConversionError = { code: failure.code, message: failure.message, indicator: indicator as TcIndicator };
  if (failure.field !== undefined) error.field = failure.field;
  return error;
}

/** The last line of defence: a bug must become one indicator's error, never an exception that stops a job. */
export function unexpectedError(err: unknown, indicator: unknown): ConversionError {
  const reason = errorMessage(err);
  return { code: 'internal-error', message: `Conversion failed unexpectedly: ${reason}`, indicator: indicator as TcIndicator };
}
