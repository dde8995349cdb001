import type { Dayjs } from 'dayjs';
import type { TappedCard } from '../cards/CardClaim';
import { CONSENT_TEXT_VERSION, type COURSE_TYPES } from '../../../core/contract/memberDto';
import type { MethodInput } from '../../../core/contract/methods';
import { yuanToFen } from '../i18n/money';

export type CourseType = (typeof COURSE_TYPES)[number];
export type Gender = 'female' | 'male' | 'unspecified';
/** Not asked yet, agreed, or declined: only 'granted' opens the ID number and health notes. */
export type ConsentChoice = 'pending' | 'granted' | 'declined';

/** What the antd form holds; flat names so one Form.Item maps to one control. */
export interface RegisterFormValues {
  name: string;
  gender: Gender;
  birthday: Dayjs | null;
  phone: string;
  emergencyName?: string;
  emergencyPhone?: string;
  fitnessGoal?: string;
  preferredCourses: CourseType[];
  idCard?: string;
  healthNotes?: string;
  planCode?: string;
  startsOn: Dayjs | null;
  amountYuan: number | null;
}
export type FieldName = keyof RegisterFormValues;

/** Everything outside the antd form that goes into one registration. */
export interface RegisterExtras {
  consent: ConsentChoice;
  photo: string | null;
  card: TappedCard | null;
  acknowledgeDuplicates: boolean;
}

/** Mainland mobile numbers, as the contract's phoneInput checks them. */
export const PHONE_RE = /^1[3-9][0-9]{9}$/;

const blank = (value: string | undefined): string | null => {
  const text = value?.trim() ?? '';
  return text === '' ? null : text;
};

/**
 * The contract input. The sensitive fields are sent only with consent: a declined member's
 * fields are disabled and empty, and this makes sure nothing typed earlier slips through.
 */
export function buildRegisterInput(values: RegisterFormValues, extras: RegisterExtras): MethodInput<'members.register'> {
  const sensitive = extras.consent === 'granted';
  const emergencyName = blank(values.emergencyName);
  const emergencyPhone = blank(values.emergencyPhone);
  return {
    profile: {
      name: values.name.trim(),
      gender: values.gender,
      birthday: values.birthday ? values.birthday.format('YYYY-MM-DD') : null,
      phone: values.phone.trim(),
      idCard: sensitive ? (blank(values.idCard)?.toUpperCase() ?? null) : null,
      emergencyContact: emergencyName && emergencyPhone ? { name: emergencyName, phone: emergencyPhone } : null,
      healthNotes: sensitive ? blank(values.healthNotes) : null,
      fitnessGoal: blank(values.fitnessGoal),
      preferredCourses: values.preferredCourses,
    },
    consent: { sensitive, textVersion: CONSENT_TEXT_VERSION },
    photoDataUrl: extras.photo,
    plan: {
      code: values.planCode ?? '',
      startsOn: values.startsOn ? values.startsOn.format('YYYY-MM-DD') : '',
      amountFen: yuanToFen(values.amountYuan ?? 0),
    },
    card: extras.card ? { card: extras.card.card, format: extras.card.format } : null,
    acknowledgeDuplicates: extras.acknowledgeDuplicates,
  };
}

/** Where a service issue belongs on screen: a form field, or one of the areas outside the form. */
export type IssueTarget = { field: FieldName } | { area: 'consent' | 'photo' | 'card' | 'duplicates' };

const FIELD_OF_PATH: Record<string, FieldName> = {
  'profile.name': 'name',
  'profile.gender': 'gender',
  'profile.birthday': 'birthday',
  'profile.phone': 'phone',
  'profile.idCard': 'idCard',
  'profile.emergencyContact.name': 'emergencyName',
  'profile.emergencyContact.phone': 'emergencyPhone',
  'profile.emergencyContact': 'emergencyName',
  'profile.healthNotes': 'healthNotes',
  'profile.fitnessGoal': 'fitnessGoal',
  'profile.preferredCourses': 'preferredCourses',
  'plan.code': 'planCode',
  'plan.startsOn': 'startsOn',
  'plan.amountFen': 'amountYuan',
};

/** Issue paths are dotted (profile.idCard, card.card, profile.preferredCourses.2). */
export function issueTarget(path: string): IssueTarget | null {
  for (let p = path; p !== ''; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const field = FIELD_OF_PATH[p];
    if (field) return { field };
  }
  const head = path.split('.')[0];
  if (head === 'consent') return { area: 'consent' };
  if (head === 'photoDataUrl') return { area: 'photo' };
  if (head === 'card') return { area: 'card' };
  if (head === 'duplicates') return { area: 'duplicates' };
  return null;
}
