import dayjs, { type Dayjs } from 'dayjs';
import { CONSENT_TEXT_VERSION, type MemberPageDto, type ProfileChanges } from '../../../core/contract/memberDto';
import type { MethodInput } from '../../../core/contract/methods';

// Contract types only (no screen imports): this model is unit-tested under Node (tests/unit).
type Profile = MemberPageDto['profile'];
type Gender = Profile['gender'];
type CourseType = Profile['preferredCourses'][number];

/**
 * What the 编辑资料 form holds. The plain fields start with the stored values; the masked ones
 * (phone, emergency contact, ID number, health notes) start empty, so editing never shows them:
 * empty means "keep", and 清除 (the cleared set) means "delete".
 */
export interface EditValues {
  name: string;
  gender: Gender;
  birthday: Dayjs | null;
  fitnessGoal?: string;
  preferredCourses: CourseType[];
  phone?: string;
  emergencyName?: string;
  emergencyPhone?: string;
  idCard?: string;
  healthNotes?: string;
}

/** The optional masked fields staff may clear. */
export type Clearable = 'emergencyContact' | 'idCard' | 'healthNotes';

/** What happens to the separate consent: nothing, given now, or withdrawn now. */
export type ConsentAction = 'keep' | 'grant' | 'withdraw';

export function initialEditValues(p: Profile): EditValues {
  return {
    name: p.name,
    gender: p.gender,
    birthday: p.birthday ? dayjs(p.birthday) : null,
    fitnessGoal: p.fitnessGoal ?? '',
    preferredCourses: [...p.preferredCourses],
  };
}

/** Whether the member's consent is in force once this edit is saved (the ID and notes open with it). */
export function consentAfter(p: Profile, action: ConsentAction): boolean {
  if (action === 'grant') return true;
  if (action === 'withdraw') return false;
  return p.sensitiveConsent?.granted === true;
}

const blank = (value: string | undefined): string | null => {
  const text = value?.trim() ?? '';
  return text === '' ? null : text;
};

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * The members.update input with only what staff changed, or null when nothing changed. A
 * withdrawal always sends the ID number and notes as cleared: that is what withdrawing does.
 */
export function buildUpdate(
  memberId: string,
  v: EditValues,
  p: Profile,
  cleared: ReadonlySet<Clearable>,
  consent: ConsentAction,
  acknowledgeDuplicates: boolean,
): MethodInput<'members.update'> | null {
  const changes: ProfileChanges = {};
  const name = v.name.trim();
  if (name !== p.name) changes.name = name;
  if (v.gender !== p.gender) changes.gender = v.gender;
  const birthday = v.birthday ? v.birthday.format('YYYY-MM-DD') : null;
  if (birthday !== p.birthday) changes.birthday = birthday;
  const goal = blank(v.fitnessGoal);
  if (goal !== p.fitnessGoal) changes.fitnessGoal = goal;
  if (!sameSet(v.preferredCourses, p.preferredCourses)) changes.preferredCourses = v.preferredCourses;

  const phone = blank(v.phone);
  if (phone !== null) changes.phone = phone;
  const contactName = blank(v.emergencyName);
  const contactPhone = blank(v.emergencyPhone);
  if (cleared.has('emergencyContact')) changes.emergencyContact = null;
  else if (contactName && contactPhone) changes.emergencyContact = { name: contactName, phone: contactPhone };

  if (consent === 'withdraw') {
    changes.idCard = null;
    changes.healthNotes = null;
  } else {
    // New values only under consent (the inputs are locked without it; this keeps a value typed
    // before the consent was switched back from being sent).
    const open = consentAfter(p, consent);
    const idCard = open ? (blank(v.idCard)?.toUpperCase() ?? null) : null;
    if (cleared.has('idCard')) changes.idCard = null;
    else if (idCard !== null) changes.idCard = idCard;
    const notes = open ? blank(v.healthNotes) : null;
    if (cleared.has('healthNotes')) changes.healthNotes = null;
    else if (notes !== null) changes.healthNotes = notes;
  }

  const consentInput = consent === 'keep' ? undefined : { sensitive: consent === 'grant', textVersion: CONSENT_TEXT_VERSION };
  // The service takes a consent answer only with a correction (changes are never empty).
  if (Object.keys(changes).length === 0) return null;
  return {
    memberId,
    changes,
    ...(consentInput ? { consent: consentInput } : {}),
    ...(acknowledgeDuplicates ? { acknowledgeDuplicates: true } : {}),
  };
}
