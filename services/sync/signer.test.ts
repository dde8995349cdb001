import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEVICE_HEADER, NONCE_HEADER, PROTOCOL_HEADER, SCHEMA_HEADER, SIGNATURE_HEADER, signingString, TIMESTAMP_HEADER } from '../../core/sync/protocol';
import { LATEST_SCHEMA_VERSION } from '../../db/migrations/index';
import { signedHeaders, staticSecret } from './signer';

describe('request signer', () => {
  const secret = Buffer.alloc(32, 7);
  const input = { method: 'post', path: '/v1/push', body: '{"a":1}', deviceId: 'dev-1', secret, timestampMs: 1_764_000_000_000.4 };

  it('sets every protocol header and an HMAC-SHA256 over the signing string', () => {
    const h = signedHeaders(input);
    expect(h[PROTOCOL_HEADER]).toBe('1');
    expect(h[SCHEMA_HEADER]).toBe(String(LATEST_SCHEMA_VERSION));
    expect(h[DEVICE_HEADER]).toBe('dev-1');
    expect(h[TIMESTAMP_HEADER]).toBe('1764000000000');
    expect(h[NONCE_HEADER]).toMatch(/^[0-9a-f]{32}$/);
    const bodyHash = createHash('sha256').update(input.body).digest('hex');
    const expected = createHmac('sha256', secret).update(signingString('POST', '/v1/push', 1_764_000_000_000, h[NONCE_HEADER]!, bodyHash)).digest('hex');
    expect(h[SIGNATURE_HEADER]).toBe(expected);
  });

  it('uses a fresh nonce each time, so two signatures of the same request differ', () => {
    expect(signedHeaders(input)[SIGNATURE_HEADER]).not.toBe(signedHeaders(input)[SIGNATURE_HEADER]);
  });

  it('signs the body: another body, another signature', () => {
    const a = signedHeaders({ ...input, nonce: 'n' });
    const b = signedHeaders({ ...input, nonce: 'n', body: '{"a":2}' });
    expect(a[SIGNATURE_HEADER]).not.toBe(b[SIGNATURE_HEADER]);
  });

  it('hands out copies of the secret', () => {
    const p = staticSecret(secret);
    p.secret().fill(0);
    expect(p.secret().equals(secret)).toBe(true);
  });
});
