/** Error codes that cross the IPC boundary. The renderer translates them (error.<code>). */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'NO_STAFF_ON_DUTY',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ContractError {
  code: ErrorCode;
  /** English, for logs and developers; never contains personal data. */
  message: string;
  /** Field paths and problems for INVALID_INPUT. */
  issues?: { path: string; message: string }[];
}

/** Thrown by services for expected failures; dispatch turns it into an error envelope. */
export class KioskError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'KioskError';
  }
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ContractError };
