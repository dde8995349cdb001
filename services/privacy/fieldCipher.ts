// Per-field sealing of sensitive member data (ID-card number, health notes) and blind indexes for
// exact-match search over it (SECURITY.md "Personal data", PRODUCT.md §2).
//
// Sealed text: `v1.<iv>.<ciphertext>.<tag>`, each part base64url without padding. AES-256-GCM,
// a random 12-byte IV per value, associated data `table/column/rowId`, so a sealed value copied
// to another row, column or table fails to open instead of showing one member another's data.
// The `v1` prefix leaves room for key rotation: a later version names a later key.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { KEY_BYTES, type KeyProvider } from './keys';

export interface FieldContext {
  /** SQL identifier; no '/', so the associated data splits one way only. */
  table: string;
  /** SQL identifier, as table. */
  column: string;
  /** The row's stable id; last in the associated data, so any text is fine. */
  rowId: string;
}

export type FieldDecryptReason = 'malformed' | 'unsupported-version' | 'authentication';

/**
 * A sealed value that cannot be opened: damaged, moved to another row or column, or sealed under
 * another key. The message names the table and column only — never the value, the row or a key.
 */
export class FieldDecryptError extends Error {
  readonly reason: FieldDecryptReason;
  constructor(reason: FieldDecryptReason, table: string, column: string) {
    super(`sealed ${table}.${column} could not be decrypted (${reason})`);
    this.name = 'FieldDecryptError';
    this.reason = reason;
  }
}

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
// With the u flag a paired surrogate reads as one code point, so this finds only lone halves.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The form both the stored index and the search term go through: NFKC folds full-width digits
 * and letters (IME input) to ASCII, trim drops pasted spaces including U+3000, upper-case makes
 * the ID check character x/X one. The second NFKC keeps the result stable if fed back in.
 */
export function normaliseForIndex(value: string): string {
  return value.normalize('NFKC').toUpperCase().normalize('NFKC').trim();
}

export class FieldCipher {
  constructor(private readonly keys: KeyProvider) {}

  encrypt(plain: string, ctx: FieldContext): string {
    // UTF-8 would turn a lone surrogate into U+FFFD and decrypt would return another string.
    assertWellFormed(plain, 'plaintext');
    const aad = associatedData(ctx);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key('dataKey'), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}.${tag.toString('base64url')}`;
  }

  /** The plaintext, or FieldDecryptError for anything wrong with `sealed`. */
  decrypt(sealed: string, ctx: FieldContext): string {
    // A bad context is a caller bug, not bad data: it throws TypeError before the value is looked at.
    const aad = associatedData(ctx);
    const key = this.key('dataKey');
    const fail = (reason: FieldDecryptReason) => new FieldDecryptError(reason, ctx.table, ctx.column);
    if (typeof sealed !== 'string') throw fail('malformed');
    const parts = sealed.split('.');
    if (parts.length !== 4) throw fail('malformed');
    const [version, ivText, bodyText, tagText] = parts;
    if (version !== VERSION) throw fail(/^v\d+$/.test(version ?? '') ? 'unsupported-version' : 'malformed');
    const iv = decodePart(ivText);
    const body = decodePart(bodyText);
    const tag = decodePart(tagText);
    if (!iv || !body || !tag || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw fail('malformed');
    try {
      // authTagLength as a second guard on the tag size checked above: GCM would otherwise accept
      // a truncated, weaker tag.
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad);
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(body), decipher.final()]);
      return plain.toString('utf8');
    } catch {
      // Node says only "unable to authenticate data"; no need to keep it.
      throw fail('authentication');
    }
  }

  /**
   * Keyed hash for exact-match search: HMAC-SHA256(indexKey, purpose + '\0' + normalised value),
   * base64url. The purpose ('id_card', 'phone', ...) keeps equal values in different fields from
   * linking; the key keeps the index from being brute-forced over the small ID-number space.
   */
  blindIndex(value: string, purpose: string): string {
    // A purpose with NUL could collide with another purpose plus value; empty would mean no purpose.
    if (purpose.length === 0 || purpose.includes('\0')) throw new TypeError('blind index purpose must be non-empty without NUL');
    assertWellFormed(purpose, 'blind index purpose');
    assertWellFormed(value, 'blind index value');
    return createHmac('sha256', this.key('indexKey'))
      .update(`${purpose}\0${normaliseForIndex(value)}`, 'utf8')
      .digest('base64url');
  }

  private key(which: 'dataKey' | 'indexKey'): Buffer {
    const key = this.keys[which]();
    // A misconfigured provider is not a damaged value: plain Error, kept apart from FieldDecryptError.
    if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) throw new Error(`KeyProvider.${which}() must return ${KEY_BYTES} bytes`);
    return key;
  }
}

function associatedData(ctx: FieldContext): Buffer {
  if (!IDENTIFIER.test(ctx.table) || !IDENTIFIER.test(ctx.column)) {
    throw new TypeError('field context table and column must be SQL identifiers');
  }
  if (typeof ctx.rowId !== 'string' || ctx.rowId.length === 0) throw new TypeError('field context rowId must be non-empty');
  assertWellFormed(ctx.rowId, 'field context rowId');
  return Buffer.from(`${ctx.table}/${ctx.column}/${ctx.rowId}`, 'utf8');
}

/** Strict base64url: Buffer.from ignores stray characters and spare low bits, so one sealed value could be spelt several ways. */
function decodePart(text: string | undefined): Buffer | null {
  if (text === undefined || !BASE64URL.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

function assertWellFormed(text: string, what: string): void {
  if (typeof text !== 'string') throw new TypeError(`${what} must be a string`);
  if (LONE_SURROGATE.test(text)) throw new TypeError(`${what} has a lone UTF-16 surrogate`);
}
