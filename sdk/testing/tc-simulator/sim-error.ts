import type { NextFunction, Request, Response } from 'express';

/** An error the simulator answers as ThreatConnect does: `{"status":"Error","message":"…"}` with a status. */
export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SimError';
  }
}

/** ThreatConnect's error body. */
export function tcErrorBody(message: string): { status: 'Error'; message: string } {
  return { status: 'Error', message };
}

/** The express error handler: SimErrors keep their status, anything else is a 500 without internals. */
export function handleSimError(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const status = err instanceof SimError ? err.status : 500;
  const message = err instanceof SimError ? err.message : 'An internal error occurred';
  if (!res.headersSent) res.status(status).json(tcErrorBody(message));
}
