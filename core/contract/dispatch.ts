import type { ContractError, Envelope } from './errors';
import { KioskError } from './errors';
import type { KioskApi } from './methods';
import { isMethodName, methods } from './methods';

export interface DispatchOptions {
  /** Validate outputs too (tests and the preview host); costs a little per call. */
  validateOutput?: boolean;
  /** Where unexpected errors go; must not log personal data. */
  onInternalError?: (method: string, error: unknown) => void;
}

function zodIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): ContractError['issues'] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * The one entry point behind every transport: validates the input, calls the service and
 * returns an envelope. Never throws.
 */
export async function dispatch(
  api: KioskApi,
  method: unknown,
  input: unknown,
  options: DispatchOptions = {},
): Promise<Envelope<unknown>> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `unknown method ${String(method).slice(0, 64)}` } };
  }
  const spec = methods[method];
  // A missing input means "no arguments"; null and every other non-object are refused.
  const parsed = spec.input.safeParse(input === undefined ? {} : input);
  if (!parsed.success) {
    return { ok: false, error: { code: 'INVALID_INPUT', message: `invalid input for ${method}`, issues: zodIssues(parsed.error) } };
  }
  try {
    const handler = api[method] as (i: unknown) => Promise<unknown>;
    const value: unknown = await handler(parsed.data);
    if (options.validateOutput) {
      const out = spec.output.safeParse(value);
      if (!out.success) {
        options.onInternalError?.(method, out.error);
        return { ok: false, error: { code: 'INTERNAL', message: `invalid output from ${method}`, issues: zodIssues(out.error) } };
      }
    }
    return { ok: true, value };
  } catch (error) {
    if (error instanceof KioskError) {
      return { ok: false, error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } };
    }
    options.onInternalError?.(method, error);
    return { ok: false, error: { code: 'INTERNAL', message: `${method} failed` } };
  }
}
