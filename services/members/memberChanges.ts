import { KioskError } from '../../core/contract/errors';
import type { ProfileChanges } from '../../core/contract/memberDto';
import type { MethodInput } from '../../core/contract/methods';
import { parseIdCard } from '../../core/members/idCard';
import type { MemberRecord } from '../../db/queries/memberRecords';
import type { MemberTable } from '../../db/schema';
import { FieldDecryptError, type FieldCipher } from '../privacy/fieldCipher';
import { given } from './registrationInput';
import { ID_CARD_INDEX_PURPOSE, openEmergencyContact, openMemberField, sealEmergencyContact, sealMemberField } from './sealedFields';

type UpdateInput = MethodInput<'members.update'>;
/** A contract field of the profile (the names the audit row lists). */
export type ProfileField = keyof ProfileChanges;

/** The member columns a correction may write. */
export type EditableColumns = Pick<
  MemberTable,
  | 'name'
  | 'gender'
  | 'birthday'
  | 'phone'
  | 'phone_tail'
  | 'emergency_contact_sealed'
  | 'id_card_sealed'
  | 'id_card_index'
  | 'health_notes_sealed'
  | 'medical_alert'
  | 'fitness_goal'
> & { preferred_courses: string };

/** Issue messages of the consent rules: codes the desk translates. */
export const CONSENT_REQUIRED = 'consent_required';
export const CONSENT_WITHDRAWN = 'consent_withdrawn';

/**
 * The changes as the service stores them, checked before anything is read or written: blank
 * optional text means "clear" (a cleared form field sends ''), the ID number is canonical and
 * valid (GB 11643, the reason in the issue), courses are unique. A withdrawal of consent cannot
 * come with a new ID number or health notes. Issue messages are reasons, never the values typed.
 */
export function normaliseChanges(input: UpdateInput, today: string): ProfileChanges {
  const issues: { path: string; message: string }[] = [];
  const changes: ProfileChanges = { ...input.changes };
  const rawId = input.changes.idCard === undefined ? undefined : given(input.changes.idCard);
  if (rawId !== undefined) {
    changes.idCard = rawId;
    if (rawId !== null) {
      const parsed = parseIdCard(rawId, today);
      if (parsed.ok) changes.idCard = parsed.value.number;
      else issues.push({ path: 'changes.idCard', message: parsed.reason });
    }
  }
  if (changes.healthNotes !== undefined) changes.healthNotes = given(changes.healthNotes);
  if (changes.fitnessGoal !== undefined) changes.fitnessGoal = given(changes.fitnessGoal);
  if (changes.preferredCourses !== undefined) changes.preferredCourses = [...new Set(changes.preferredCourses)];
  if (input.consent?.sensitive === false && (rawId != null || changes.healthNotes != null)) {
    issues.push({ path: 'consent.sensitive', message: CONSENT_WITHDRAWN });
  }
  if (issues.length > 0) throw new KioskError('INVALID_INPUT', 'the correction is invalid', issues);
  return changes;
}

/** Whether the changes put a value into a sensitive field (which needs the member's consent). */
export function setsSensitive(changes: ProfileChanges): boolean {
  return (changes.idCard !== undefined && changes.idCard !== null) || (changes.healthNotes !== undefined && changes.healthNotes !== null);
}

/** A sealed value opened for comparison; a damaged one counts as different, so it gets replaced. */
function opened<T>(open: () => T): T | typeof DAMAGED {
  try {
    return open();
  } catch (error) {
    if (error instanceof FieldDecryptError) return DAMAGED;
    throw error;
  }
}
const DAMAGED = Symbol('damaged');

/**
 * The columns that actually change, sealed with the member's AAD, and the contract fields they
 * carry. `withdraw` clears the ID number and health notes whatever the changes say.
 */
export function columnChanges(
  member: MemberRecord,
  changes: ProfileChanges,
  withdraw: boolean,
  cipher: FieldCipher,
): { set: Partial<EditableColumns>; fields: ProfileField[] } {
  const set: Partial<EditableColumns> = {};
  const fields: ProfileField[] = [];
  const id = member.id;
  const c: ProfileChanges = withdraw ? { ...changes, idCard: null, healthNotes: null } : changes;

  if (c.name !== undefined && c.name !== member.name) {
    set.name = c.name;
    fields.push('name');
  }
  if (c.gender !== undefined && c.gender !== member.gender) {
    set.gender = c.gender;
    fields.push('gender');
  }
  if (c.birthday !== undefined && c.birthday !== member.birthday) {
    set.birthday = c.birthday;
    fields.push('birthday');
  }
  if (c.phone !== undefined && c.phone !== member.phone) {
    // The desk searches by the last four digits.
    Object.assign(set, { phone: c.phone, phone_tail: c.phone.slice(-4) });
    fields.push('phone');
  }
  if (c.emergencyContact !== undefined) {
    const now = opened(() => openEmergencyContact(cipher, id, member.emergency_contact_sealed));
    const next = c.emergencyContact;
    const same = next === null ? now === null : now !== null && now !== DAMAGED && now.name === next.name && now.phone === next.phone;
    if (!same) {
      set.emergency_contact_sealed = next === null ? null : sealEmergencyContact(cipher, id, next);
      fields.push('emergencyContact');
    }
  }
  if (c.idCard !== undefined) {
    const index = c.idCard === null ? null : cipher.blindIndex(c.idCard, ID_CARD_INDEX_PURPOSE);
    const same = index === null ? member.id_card_sealed === null && member.id_card_index === null : member.id_card_sealed !== null && member.id_card_index === index;
    if (!same) {
      set.id_card_sealed = c.idCard === null ? null : sealMemberField(cipher, id, 'id_card_sealed', c.idCard);
      set.id_card_index = index;
      fields.push('idCard');
    }
  }
  if (c.healthNotes !== undefined) {
    const now = opened(() => openMemberField(cipher, id, 'health_notes_sealed', member.health_notes_sealed));
    if (now !== c.healthNotes) {
      set.health_notes_sealed = c.healthNotes === null ? null : sealMemberField(cipher, id, 'health_notes_sealed', c.healthNotes);
      // Branches see only this flag, never the notes (SECURITY.md).
      set.medical_alert = c.healthNotes === null ? 0 : 1;
      fields.push('healthNotes');
    }
  }
  if (withdraw && member.medical_alert !== 0 && set.medical_alert === undefined) {
    // A flag without notes (set by sync or older data) is health data too: it goes with them.
    set.medical_alert = 0;
    fields.push('healthNotes');
  }
  if (c.fitnessGoal !== undefined && c.fitnessGoal !== member.fitness_goal) {
    set.fitness_goal = c.fitnessGoal;
    fields.push('fitnessGoal');
  }
  if (c.preferredCourses !== undefined) {
    const json = JSON.stringify(c.preferredCourses);
    if (json !== member.preferred_courses) {
      set.preferred_courses = json;
      fields.push('preferredCourses');
    }
  }
  return { set, fields };
}
