import { KioskError } from '../../core/contract/errors';
import type { z } from 'zod';
import { enrollResponse, PROTOCOL_HEADER, PROTOCOL_VERSION, SCHEMA_HEADER, syncErrorBody } from '../../core/sync/protocol';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index';

export const ENROLL_PATH = '/v1/enroll';
const ENROLL_TIMEOUT_MS = 15_000;

export type EnrollResponse = z.infer<typeof enrollResponse>;

export interface EnrollInput {
  serverUrl: string;
  code: string;
  deviceName: string;
}

function invalid(path: string, message: string): KioskError {
  return new KioskError('INVALID_INPUT', message, [{ path, message }]);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Trades a one-time code for a device credential at head office. Every refusal is a KioskError
 * whose issue path says which field staff should fix (the address or the code).
 */
export async function requestEnrollment(fetchFn: typeof fetch, input: EnrollInput): Promise<EnrollResponse> {
  let url: URL;
  try {
    url = new URL(ENROLL_PATH, input.serverUrl);
  } catch {
    throw invalid('serverUrl', 'serverUrl must be an http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('serverUrl', 'serverUrl must be an http or https URL');
  let res: Response;
  try {
    res = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), [SCHEMA_HEADER]: String(LATEST_SCHEMA_VERSION) },
      body: JSON.stringify({ code: input.code.trim(), deviceName: input.deviceName.trim() }),
      signal: AbortSignal.timeout(ENROLL_TIMEOUT_MS),
    });
  } catch {
    throw invalid('serverUrl', 'head office cannot be reached at this address');
  }
  const text = await res.text();
  if (res.status === 403) throw invalid('code', 'the enrollment code is unknown, already used or expired');
  if (res.status === 426) throw new KioskError('CONFLICT', 'head office does not support this kiosk version; update the kiosk or head office');
  if (!res.ok) {
    const body = syncErrorBody.safeParse(safeJson(text));
    throw invalid('serverUrl', `head office refused the enrollment (${res.status}${body.success ? ` ${body.data.code}` : ''})`);
  }
  const parsed = enrollResponse.safeParse(safeJson(text));
  if (!parsed.success || Buffer.from(parsed.data.secret, 'base64').length !== 32) throw invalid('serverUrl', 'the answer is not from a head office');
  return parsed.data;
}
