import { Alert, Form } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberPageDto } from '../../../core/contract/memberDto';
import { call, type DeskError } from '../api/kiosk';
import { branchToday } from '../register/branchToday';
import { PHONE_RE } from '../register/formModel';
import { idCardStatus } from '../register/idCardStatus';
import { useDuplicates } from '../register/useDuplicates';
import { useDesk } from '../state/DeskContext';
import { useNav } from '../state/NavContext';
import { ActionDialog } from './ActionDialog';
import { EditBasicFields } from './EditBasicFields';
import { EditContactFields } from './EditContactFields';
import { EditDuplicates } from './EditDuplicates';
import { buildUpdate, consentAfter, initialEditValues, type Clearable, type ConsentAction, type EditValues } from './editModel';
import { EditSensitiveFields } from './EditSensitiveFields';
import { validated } from './formRules';
import './memberEdit.css';

/** The members the service named when it refused the save as a probable duplicate. */
function duplicateIds(error: DeskError): string[] {
  return error.code === 'CONFLICT' ? (error.issues ?? []).filter((i) => i.path === 'duplicates').map((i) => i.message) : [];
}

/**
 * 编辑资料: a manager corrects the profile (the member's right to correction, PIPL Art. 46). The
 * plain fields come prefilled; the masked ones stay masked and take a new value only when typed,
 * so editing never reveals them. Only what changed is sent. A phone or ID number another member
 * has is shown with their member numbers and needs "确认不是同一人".
 */
export function EditProfileDialog({ page, onClose, onDone }: { page: MemberPageDto; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const { timeZone, clockOffsetMs } = useDesk();
  const { openMember } = useNav();
  const p = page.profile;
  const [today] = useState(() => branchToday(timeZone, clockOffsetMs));
  const [form] = Form.useForm<EditValues>();
  const [consent, setConsent] = useState<ConsentAction>('keep');
  const [cleared, setCleared] = useState<ReadonlySet<Clearable>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);

  // The duplicate look-up follows the new phone and ID number as typed. The tick and the
  // service's refusal belong to the numbers they were given for: typing another clears them.
  const phone = Form.useWatch('phone', form)?.trim() ?? '';
  const idStatus = idCardStatus(Form.useWatch('idCard', form), today, true);
  const phoneKey = PHONE_RE.test(phone) ? phone : null;
  const idKey = consentAfter(p, consent) && idStatus.kind === 'valid' ? idStatus.card.number : null;
  const duplicates = useDuplicates(phoneKey, idKey);
  const numbersKey = `${phoneKey ?? ''}|${idKey ?? ''}`;
  const [ackFor, setAckFor] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ key: string; ids: string[] } | null>(null);
  const [dupError, setDupError] = useState<string | null>(null);
  const acknowledged = ackFor === numbersKey;
  const conflictIds = conflict?.key === numbersKey ? conflict.ids : [];
  const others = duplicates.duplicates.filter((d) => d.id !== p.id);

  const setFieldCleared = (field: Clearable, value: boolean) =>
    setCleared((prev) => {
      const next = new Set(prev);
      if (value) next.add(field);
      else next.delete(field);
      return next;
    });

  const submit = async () => {
    setNotice(null);
    setDupError(null);
    const v = await validated(form);
    if (!v) return null;
    if ((others.length > 0 || conflictIds.length > 0) && !acknowledged) {
      setDupError(t('register.duplicates.needAck'));
      return null;
    }
    const input = buildUpdate(p.id, v, p, cleared, consent, acknowledged);
    if (!input) {
      setNotice(consent === 'grant' ? t('memberPage.edit.grantNeedsValue') : t('memberPage.edit.nothingChanged'));
      return null;
    }
    const res = await call('members.update', input);
    const ids = res.ok ? [] : duplicateIds(res.error);
    if (ids.length > 0) {
      setConflict({ key: numbersKey, ids });
      setDupError(t('register.duplicates.needAck'));
      duplicates.refresh();
      return null;
    }
    return res;
  };

  return (
    <ActionDialog title={t('memberPage.edit.title')} okText={t('memberPage.edit.ok')} wide submit={submit} successText={t('memberPage.edit.done')} onClose={onClose} onDone={onDone}>
      <p className="muted mp-edit-intro">{t('memberPage.edit.intro')}</p>
      <Form form={form} layout="vertical" initialValues={initialEditValues(p)} requiredMark={false} className="mp-edit-form" onValuesChange={() => setNotice(null)}>
        <div className="mp-edit-grid">
          <EditBasicFields today={today} />
          <section className="mp-edit-column" aria-labelledby="mp-edit-private">
            <h4 className="mp-edit-heading" id="mp-edit-private">
              {t('memberPage.edit.private')}
            </h4>
            <EditContactFields profile={p} cleared={cleared} onCleared={setFieldCleared} />
            <EditSensitiveFields profile={p} today={today} consent={consent} onConsent={setConsent} cleared={cleared} onCleared={setFieldCleared} />
          </section>
        </div>
      </Form>
      <EditDuplicates
        memberId={p.id}
        state={duplicates}
        conflictIds={conflictIds}
        acknowledged={acknowledged}
        onAcknowledge={(value) => {
          setAckFor(value ? numbersKey : null);
          setDupError(null);
        }}
        error={dupError}
        onOpen={(id) => {
          onClose();
          openMember(id);
        }}
      />
      {notice && <Alert className="mp-dialog-error" type="info" showIcon title={notice} />}
    </ActionDialog>
  );
}
