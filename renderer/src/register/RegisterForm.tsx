import { Alert, Form } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TappedCard } from '../cards/CardClaim';
import { useNav } from '../state/NavContext';
import { CardCapture, cardIsBindable } from './CardCapture';
import { DuplicateWarning } from './DuplicateWarning';
import { PHONE_RE, type ConsentChoice, type RegisterFormValues } from './formModel';
import { idCardStatus } from './idCardStatus';
import { PhotoCapture } from './PhotoCapture';
import { PlanFields } from './PlanFields';
import { ProfileFields } from './ProfileFields';
import { SaveBar } from './SaveBar';
import { SensitiveFields } from './SensitiveFields';
import { useDuplicates } from './useDuplicates';
import { usePlans } from './usePlans';
import { useRegisterSubmit, type RegisteredMember } from './useRegisterSubmit';

interface Props {
  /** YYYY-MM-DD in the branch's zone: the default start date and the bound for birthdays. */
  today: string;
  onRegistered(member: RegisteredMember): void;
}

/**
 * The registration form in three columns, so it fits a 1366×768 desk without scrolling the
 * page: profile and photo | consent, the sensitive fields it unlocks and the probable
 * duplicates (is this person already a member?) | plan, card and save. Each column scrolls on
 * its own if it must.
 */
export function RegisterForm({ today, onRegistered }: Props) {
  const { t } = useTranslation();
  const { openMember } = useNav();
  const [form] = Form.useForm<RegisterFormValues>();
  const [consent, setConsent] = useState<ConsentChoice>('pending');
  const [photo, setPhoto] = useState<string | null>(null);
  const [card, setCard] = useState<TappedCard | null>(null);
  const [acknowledged, setAcknowledged] = useState(false);
  const idFinishedRef = useRef(false);
  const plansState = usePlans();

  // Duplicates are looked up only for a complete mobile number and a valid ID number.
  const phone = (Form.useWatch('phone', form) ?? '').trim();
  const idCard = Form.useWatch('idCard', form);
  const idStatus = idCardStatus(idCard, today, true);
  const dupState = useDuplicates(
    PHONE_RE.test(phone) ? phone : null,
    consent === 'granted' && idStatus.kind === 'valid' ? idStatus.card.number : null,
  );
  const dupKey = dupState.duplicates.map((d) => d.id).join(',');
  // A different set of matches needs a fresh look: the tick was for the members shown then.
  const [ackKey, setAckKey] = useState(dupKey);
  if (ackKey !== dupKey) {
    setAckKey(dupKey);
    setAcknowledged(false);
  }

  const save = useRegisterSubmit({
    form,
    extras: { consent, photo, card, acknowledgeDuplicates: acknowledged },
    plans: plansState.plans,
    hasUnacknowledgedDuplicates: dupState.duplicates.length > 0 && !acknowledged,
    cardBindable: cardIsBindable(card),
    idFinishedRef,
    refreshDuplicates: dupState.refresh,
    onAcknowledgeReset: () => setAcknowledged(false),
    onRegistered,
  });

  const onConsent = (choice: ConsentChoice) => {
    setConsent(choice);
    save.clearArea('consent');
    // Declining empties the sensitive fields: nothing typed before the answer may be kept.
    if (choice !== 'granted') {
      form.setFields([
        { name: 'idCard', value: undefined, errors: [] },
        { name: 'healthNotes', value: undefined, errors: [] },
      ]);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      className="reg-form"
      aria-label={t('register.title')}
      disabled={save.busy}
      initialValues={{ gender: 'unspecified', preferredCourses: [], startsOn: dayjs(today), amountYuan: null, birthday: null }}
    >
      <div className="reg-col">
        <ProfileFields today={today} />
        <PhotoCapture
          photo={photo}
          onChange={(next) => {
            setPhoto(next);
            save.clearArea('photo');
          }}
          error={save.areaErrors.photo ?? null}
          disabled={save.busy}
        />
      </div>
      <div className="reg-col">
        <SensitiveFields
          form={form}
          today={today}
          consent={consent}
          onConsent={onConsent}
          consentError={save.areaErrors.consent ?? null}
          idFinishedRef={idFinishedRef}
          busy={save.busy}
        />
        <DuplicateWarning
          state={dupState}
          acknowledged={acknowledged}
          onAcknowledge={(value) => {
            setAcknowledged(value);
            save.clearArea('duplicates');
          }}
          error={save.areaErrors.duplicates ?? null}
          onOpen={openMember}
          busy={save.busy}
        />
      </div>
      <div className="reg-col">
        <PlanFields form={form} plansState={plansState} />
        <CardCapture
          card={card}
          onCard={(next) => {
            setCard(next);
            save.clearArea('card');
          }}
          error={save.areaErrors.card ?? null}
          busy={save.busy}
        />
        <div className="reg-footer">
          {save.failure && <Alert type="error" showIcon title={save.failure.title} description={save.failure.description} />}
          <SaveBar busy={save.busy} hasPhoto={photo !== null} hasCard={card !== null} onSave={() => void save.submit()} />
        </div>
      </div>
    </Form>
  );
}
