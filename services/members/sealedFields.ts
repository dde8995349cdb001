import type { FieldCipher } from '../privacy/fieldCipher';

/**
 * The member columns sealed per field (SECURITY.md "Personal data"). The associated data names
 * the row, so a sealed value copied onto another member fails to open instead of showing one
 * member another's ID number.
 */
export type SealedMemberColumn = 'id_card_sealed' | 'health_notes_sealed' | 'emergency_contact_sealed';

/** Blind-index purpose of the ID-card number (the duplicate check and exact search). */
export const ID_CARD_INDEX_PURPOSE = 'id_card';

export interface EmergencyContact {
  name: string;
  phone: string;
}

export function sealMemberField(cipher: FieldCipher, memberId: string, column: SealedMemberColumn, plain: string): string {
  return cipher.encrypt(plain, { table: 'member', column, rowId: memberId });
}

export function openMemberField(cipher: FieldCipher, memberId: string, column: SealedMemberColumn, sealed: string | null): string | null {
  return sealed === null ? null : cipher.decrypt(sealed, { table: 'member', column, rowId: memberId });
}

export function sealEmergencyContact(cipher: FieldCipher, memberId: string, contact: EmergencyContact): string {
  // Only the two known fields, in a fixed order: nothing else of the input object gets sealed.
  return sealMemberField(cipher, memberId, 'emergency_contact_sealed', JSON.stringify({ name: contact.name, phone: contact.phone }));
}

export function openEmergencyContact(cipher: FieldCipher, memberId: string, sealed: string | null): EmergencyContact | null {
  const json = openMemberField(cipher, memberId, 'emergency_contact_sealed', sealed);
  if (json === null) return null;
  const parsed = JSON.parse(json) as Partial<EmergencyContact>;
  return { name: String(parsed.name ?? ''), phone: String(parsed.phone ?? '') };
}
