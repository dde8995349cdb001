import { ApiOutlined, DisconnectOutlined, UsbOutlined } from '@ant-design/icons';
import { Popover, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CARD_FORMATS, type CardFormat } from '../../../core/cards/cardFormat';
import type { ReaderStatusDto } from '../../../core/contract/dto';
import { errorText } from '../i18n/errors';
import { formatTime } from '../i18n/format';
import { useLocale } from '../i18n/useLocale';
import { useDesk } from '../state/DeskContext';
import { useSession } from '../state/SessionContext';

/**
 * Every card reader at a glance. A keyboard reader is invisible to the PC until it types, so it
 * reads "waiting for first card" until then; its card-number format is set right here (readers
 * print the same card as hex, 10-digit decimal, Wiegand-26…). HID readers report connected /
 * disconnected; when a desk has several they fold into one summary that opens the full list,
 * so the header stays on one line at 1366 px.
 */
function useReaderState(reader: ReaderStatusDto): { name: string; state: string; tone: 'ok' | 'idle' | 'bad'; detail?: string } {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone } = useDesk();
  const wedge = reader.kind === 'wedge';
  const name = wedge ? t('reader.wedgeName') : reader.name;
  // The driver's own words (English, technical) go to the tooltip, not the header.
  const detail = reader.error ?? undefined;
  if (!wedge && !reader.connected) return { name, state: t('reader.disconnected'), tone: 'bad', ...(detail ? { detail } : {}) };
  if (detail) return { name, state: t('reader.faulty'), tone: 'bad', detail };
  if (wedge) {
    return reader.lastReadAt
      ? { name, state: t('reader.lastRead', { time: formatTime(reader.lastReadAt, timeZone, locale) }), tone: 'ok' }
      : { name, state: t('reader.waitingFirstCard'), tone: 'idle' };
  }
  return reader.connected ? { name, state: t('reader.connected'), tone: 'ok' } : { name, state: t('reader.disconnected'), tone: 'bad' };
}

function ReaderEntry({ reader }: { reader: ReaderStatusDto }) {
  const { t } = useTranslation();
  const { configureReader } = useDesk();
  // The format is a desk setting: only someone signed in may change it (the service checks too).
  const { can } = useSession();
  const [saveError, setSaveError] = useState<string | null>(null);
  const { name, state, tone, detail } = useReaderState(reader);
  const wedge = reader.kind === 'wedge';

  const onFormat = async (format: CardFormat) => {
    const res = await configureReader(reader.id, format);
    setSaveError(res.ok ? null : errorText(t, res.error));
  };

  return (
    <li className={`reader reader-${tone}`} title={detail}>
      <span className="reader-icon" aria-hidden>
        {wedge ? <UsbOutlined /> : reader.connected ? <ApiOutlined /> : <DisconnectOutlined />}
      </span>
      <span className="reader-text">
        <span className="reader-name">{name}</span>
        <span className="reader-state">{saveError ?? state}</span>
      </span>
      {wedge && (
        <Select
          size="small"
          className="reader-format"
          aria-label={t('reader.format')}
          value={reader.format}
          disabled={!can('checkin.card')}
          onChange={(v: CardFormat) => void onFormat(v)}
          options={CARD_FORMATS.map((f) => ({ value: f, label: t(`reader.formats.${f}`) }))}
          popupMatchSelectWidth={false}
        />
      )}
    </li>
  );
}

function HidSummary({ readers }: { readers: ReaderStatusDto[] }) {
  const { t } = useTranslation();
  const connected = readers.filter((r) => r.connected && !r.error).length;
  const tone = connected === readers.length ? 'ok' : 'bad';
  return (
    <li className={`reader reader-${tone}`}>
      <Popover
        trigger="click"
        placement="bottom"
        title={t('reader.hidTitle')}
        content={
          <ul className="readers readers-column">
            {readers.map((r) => (
              <ReaderEntry key={r.id} reader={r} />
            ))}
          </ul>
        }
      >
        <button type="button" className="reader-summary">
          <span className="reader-icon" aria-hidden>
            {tone === 'ok' ? <ApiOutlined /> : <DisconnectOutlined />}
          </span>
          <span className="reader-text">
            <span className="reader-name">{t('reader.hidName')}</span>
            <span className="reader-state">{t('reader.hidConnected', { connected, total: readers.length })}</span>
          </span>
        </button>
      </Popover>
    </li>
  );
}

export function ReaderStatus() {
  const { t } = useTranslation();
  const { readers } = useDesk();
  const wedge = readers.filter((r) => r.kind === 'wedge');
  const hid = readers.filter((r) => r.kind === 'hid');
  return (
    <ul className="readers" aria-label={t('header.readers')}>
      {wedge.map((r) => (
        <ReaderEntry key={r.id} reader={r} />
      ))}
      {hid.length === 1 && hid[0] && <ReaderEntry reader={hid[0]} />}
      {hid.length > 1 && <HidSummary readers={hid} />}
    </ul>
  );
}
