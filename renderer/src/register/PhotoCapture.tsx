import { CameraOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StatusChip } from './StatusChip';
import { captureFrame, useCamera } from './useCamera';

interface Props {
  photo: string | null;
  onChange(photo: string | null): void;
  error: string | null;
  disabled: boolean;
}

const PROBLEMS = ['denied', 'noCamera', 'busy', 'unsupported', 'error'] as const;
type Problem = (typeof PROBLEMS)[number];
const isProblem = (s: string): s is Problem => (PROBLEMS as readonly string[]).includes(s);

/**
 * The member's photo from the desk camera (it is what stops card lending). The camera runs
 * only while there is no photo; a missing photo is shown plainly but does not block saving.
 */
export function PhotoCapture({ photo, onChange, error, disabled }: Props) {
  const { t } = useTranslation();
  const { state, videoRef, retry } = useCamera(photo === null);
  const [captureFailed, setCaptureFailed] = useState(false);
  const problem = photo === null && isProblem(state) ? state : null;

  const take = () => {
    const video = videoRef.current;
    const url = video ? captureFrame(video) : null;
    setCaptureFailed(url === null);
    if (url) onChange(url);
  };

  return (
    <section className="reg-block" aria-labelledby="reg-photo-title">
      <div className="reg-block-head">
        <h3 className="reg-block-title" id="reg-photo-title">
          {t('register.sections.photo')}
        </h3>
        {photo ? <StatusChip tone="ok">{t('register.photo.taken')}</StatusChip> : <StatusChip tone="warn">{t('register.photo.missing')}</StatusChip>}
      </div>
      <div className="reg-photo">
        <div className="reg-photo-frame">
          {photo ? (
            <img src={photo} alt={t('register.photo.alt')} />
          ) : (
            <video ref={videoRef} muted playsInline aria-label={t('register.photo.preview')} hidden={state !== 'live'} />
          )}
          {photo === null && state === 'starting' && (
            <div className="reg-photo-overlay">
              <Spin size="small" />
              <span>{t('register.photo.starting')}</span>
            </div>
          )}
          {problem && (
            <div className="reg-photo-overlay reg-photo-problem" role="alert">
              <CameraOutlined className="reg-photo-problem-icon" />
              <span>{t(`register.photo.${problem}`)}</span>
            </div>
          )}
        </div>
        <div className="reg-photo-side">
          {photo ? (
            <Button icon={<ReloadOutlined />} disabled={disabled} onClick={() => onChange(null)}>
              {t('register.photo.retake')}
            </Button>
          ) : problem ? (
            <Button icon={<ReloadOutlined />} disabled={disabled} onClick={retry}>
              {t('register.photo.retry')}
            </Button>
          ) : (
            <Button type="primary" size="large" icon={<CameraOutlined />} disabled={disabled || state !== 'live'} onClick={take}>
              {t('register.photo.capture')}
            </Button>
          )}
          <p className="reg-note">{problem ? t('register.photo.canSkip') : t('register.photo.why')}</p>
          {(captureFailed || error) && (
            <p className="reg-area-error" role="alert">
              {error ?? t('register.photo.captureFailed')}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
