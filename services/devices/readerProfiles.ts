import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Vendor-mode (HID) reader profiles: which USB devices the kiosk may open and how to read their
 * reports. The file doubles as the allow-list, so a typo must fail loudly at startup rather than
 * silently leave a desk without a reader: unknown keys are rejected, not stripped.
 */

/** USB ids: `lsusb` prints them in hex, so "0x08ff" is accepted next to the plain number 2303. */
const usbId = z.union(
  [
    z.number().int().min(0).max(0xffff),
    z
      .string()
      .regex(/^0x[0-9a-fA-F]{1,4}$/)
      .transform((s) => Number.parseInt(s.slice(2), 16)),
  ],
  { error: 'expected a USB id: a number 0-65535 or a hex string like "0x08ff"' },
);

/** Same shape the IPC contract accepts for a reader id, so ids round-trip through the UI. */
const readerId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w:.-]+$/, 'letters, digits and _ : . - only')
  // services/readerRegistry.ts lists the keyboard reader under this id; a clash would merge them.
  .refine((id) => id !== 'wedge', '"wedge" is reserved for the keyboard-emulating reader');

export const REPORT_DECODERS = ['uid-bytes', 'ascii-digits'] as const;
export type ReportDecoder = (typeof REPORT_DECODERS)[number];

export const BYTE_ORDERS = ['normal', 'reversed'] as const;
export type ByteOrder = (typeof BYTE_ORDERS)[number];

export const readerProfileSchema = z.strictObject({
  /** JSON has no comments; installers leave notes here. */
  $comment: z.string().optional(),
  id: readerId,
  name: z.string().min(1).max(100),
  vendorId: usbId,
  productId: usbId,
  /** Set it when the reader exposes several HID interfaces (e.g. a keyboard and a vendor one). */
  usagePage: usbId.optional(),
  /** Set it to tell two readers of the same model apart. */
  serialNumber: z.string().min(1).max(128).optional(),
  reportDecoder: z.enum(REPORT_DECODERS),
  /** Where the payload starts in the report: 1 when the device prefixes a report id byte. */
  offset: z.number().int().min(0).max(255).default(0),
  // Required, not defaulted: a wrong byte order maps a card to a different member.
  byteOrder: z.enum(BYTE_ORDERS),
});
export type ReaderProfile = z.infer<typeof readerProfileSchema>;

export const readerProfilesFileSchema = z
  .strictObject({
    $comment: z.string().optional(),
    version: z.literal(1),
    profiles: z.array(readerProfileSchema).max(32),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.profiles.forEach((p, i) => {
      if (seen.has(p.id)) {
        ctx.addIssue({ code: 'custom', path: ['profiles', i, 'id'], message: `duplicate reader id "${p.id}"` });
      }
      seen.add(p.id);
    });
  });

export class ReaderProfilesError extends Error {
  constructor(file: string, detail: string) {
    super(`reader profiles ${file}: ${detail}`);
    this.name = 'ReaderProfilesError';
  }
}

/** Validates already-parsed JSON; `source` names it in error messages. */
export function parseReaderProfiles(json: unknown, source = '(inline)'): ReaderProfile[] {
  const parsed = readerProfilesFileSchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new ReaderProfilesError(source, detail);
  }
  return parsed.data.profiles;
}

/** Reads and validates a profile file (e.g. resources/readers/hid-readers.json); throws ReaderProfilesError. */
export function loadReaderProfiles(path: string): ReaderProfile[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ReaderProfilesError(path, `cannot read file (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ReaderProfilesError(path, `not valid JSON (${(error as Error).message})`);
  }
  return parseReaderProfiles(json, path);
}

/** "08ff:0009", as lsusb and the udev rules write it; for logs and status names. */
export function formatUsbId(vendorId: number, productId: number): string {
  const h = (n: number) => n.toString(16).padStart(4, '0');
  return `${h(vendorId)}:${h(productId)}`;
}
