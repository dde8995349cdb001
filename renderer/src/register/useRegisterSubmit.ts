import type { FormInstance } from 'antd';
import { useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { IdCardFailureReason } from '../../../core/members/idCard';
import { planEndDate } from '../../../core/membership/plans';
import { call, type DeskError } from '../api/kiosk';
import { errorText } from '../i18n/errors';
import { buildRegisterInput, issueTarget, type RegisterExtras, type RegisterFormValues } from './formModel';
import type { PlanOption } from './usePlans';

/** What the success view shows. */
export interface RegisteredMember {
  memberId: string;
  memberNo: string;
  name: string;
  cardUid: string | null;
  plan: PlanOption | null;
  startsOn: string;
  validUntil: string | null;
  amountFen: number;
}

export type Area = 'consent' | 'photo' | 'card' | 'duplicates';
export type AreaErrors = Partial<Record<Area, string>>;

/** The failure shown by the save button: what went wrong and, for service errors, what to do. */
export interface SaveFailure {
  title: string;
  description?: string;
}

const ID_REASONS: readonly string[] = ['bad_format', 'bad_region', 'bad_birthday', 'bad_checksum'] satisfies IdCardFailureReason[];

interface Options {
  form: FormInstance<RegisterFormValues>;
  extras: RegisterExtras;
  plans: PlanOption[] | null;
  hasUnacknowledgedDuplicates: boolean;
  cardBindable: boolean;
  idFinishedRef: RefObject<boolean>;
  /** After a CONFLICT for duplicates: look again so the clerk sees whom. */
  refreshDuplicates(): void;
  onAcknowledgeReset(): void;
  onRegistered(member: RegisteredMember): void;
}

/**
 * Checks, sends members.register, and puts each refusal where the clerk will look: on the field
 * the issue names, on the consent, card or duplicates area, or by the save button.
 */
export function useRegisterSubmit(o: Options) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [areaErrors, setAreaErrors] = useState<AreaErrors>({});
  const [failure, setFailure] = useState<SaveFailure | null>(null);
  // The fields and areas say what is wrong; by the button one line is enough.
  const fixFields: SaveFailure = { title: t('register.save.fixFields') };

  const clearArea = (area: Area) => setAreaErrors((prev) => (prev[area] ? { ...prev, [area]: undefined } : prev));

  const showServiceError = (error: DeskError) => {
    if (error.code === 'CONFLICT' && error.issues?.some((i) => i.path === 'duplicates')) {
      o.refreshDuplicates();
      o.onAcknowledgeReset();
      setAreaErrors({ duplicates: t('register.duplicates.needAck') });
      setFailure(fixFields);
      return;
    }
    if (error.code === 'CONFLICT' && error.issues?.some((i) => i.message === 'card_taken')) {
      setAreaErrors({ card: t('register.card.alreadyBound') });
      setFailure(fixFields);
      return;
    }
    const issues = error.code === 'INVALID_INPUT' ? (error.issues ?? []) : [];
    const areas: AreaErrors = {};
    const fields: { name: keyof RegisterFormValues; errors: string[] }[] = [];
    for (const issue of issues) {
      const target = issueTarget(issue.path);
      if (!target) continue;
      if ('field' in target) {
        const text = target.field === 'idCard' && ID_REASONS.includes(issue.message) ? t(`register.idCard.${issue.message as 'bad_format'}`) : t('register.validation.invalidField');
        fields.push({ name: target.field, errors: [text] });
      } else if (target.area === 'consent') areas.consent = t('register.consent.required');
      else if (target.area === 'card') areas.card = issue.path === 'card.format' ? t('register.card.w26') : t('register.card.unreadable');
      else if (target.area === 'photo') areas.photo = t('register.photo.captureFailed');
    }
    if (fields.length > 0 || Object.keys(areas).length > 0) {
      o.form.setFields(fields);
      setAreaErrors(areas);
      setFailure(fixFields);
      return;
    }
    setFailure({ title: t('register.save.failed'), description: errorText(t, error) });
  };

  const { idFinishedRef } = o;
  const submit = async () => {
    idFinishedRef.current = true;
    setFailure(null);
    let values: RegisterFormValues;
    try {
      values = await o.form.validateFields();
    } catch {
      setFailure(fixFields);
      o.form.scrollToField(o.form.getFieldsError().find((f) => f.errors.length > 0)?.name ?? 'name', { block: 'center' });
      return;
    }
    if (!o.plans) {
      setFailure({ title: t('register.plan.loadFailed') });
      return;
    }
    if (o.hasUnacknowledgedDuplicates || !o.cardBindable) {
      if (o.hasUnacknowledgedDuplicates) setAreaErrors((prev) => ({ ...prev, duplicates: t('register.duplicates.needAck') }));
      setFailure(fixFields);
      return;
    }
    const input = buildRegisterInput(values, o.extras);
    setBusy(true);
    const res = await call('members.register', input);
    setBusy(false);
    if (!res.ok) {
      showServiceError(res.error);
      return;
    }
    const plan = o.plans?.find((p) => p.code === input.plan.code) ?? null;
    o.onRegistered({
      memberId: res.value.memberId,
      memberNo: res.value.memberNo,
      name: input.profile.name,
      cardUid: res.value.card?.cardUid ?? null,
      plan,
      startsOn: input.plan.startsOn,
      validUntil: plan ? planEndDate(input.plan.startsOn, plan.months) : null,
      amountFen: input.plan.amountFen,
    });
  };

  return { busy, areaErrors, clearArea, failure, submit };
}
