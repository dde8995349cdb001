import { RightOutlined, SearchOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Input, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { TierBadge } from '../components/TierBadge';
import { errorText } from '../i18n/errors';
import { MAX_QUERY, useMemberSearch } from '../state/useMemberSearch';

const LIMIT = 20;

/**
 * Finding a member to open: name, phone tail or member number, searched as staff type (a late
 * answer to an older query is dropped). Each result is one large button, easy to hit by touch.
 */
export function MemberFinder({ onOpen }: { onOpen(memberId: string): void }) {
  const { t } = useTranslation();
  const { query, setQuery, results, searching, error } = useMemberSearch(LIMIT);

  return (
    <section className="mp-finder" aria-label={t('memberPage.finder.title')}>
      <h2 className="mp-finder-title">
        <TeamOutlined aria-hidden /> {t('memberPage.finder.title')}
      </h2>
      <Input
        size="large"
        autoFocus
        aria-label={t('memberPage.finder.label')}
        placeholder={t('memberPage.finder.placeholder')}
        prefix={<SearchOutlined aria-hidden />}
        value={query}
        maxLength={MAX_QUERY}
        allowClear
        onChange={(e) => setQuery(e.target.value)}
      />
      {searching && (
        <div className="mp-finder-state">
          <Spin size="small" /> <span className="muted">{t('memberPage.finder.searching')}</span>
        </div>
      )}
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      {!query.trim() && <p className="muted mp-finder-state">{t('memberPage.finder.hint')}</p>}
      {!searching && results && results.length === 0 && <p className="muted mp-finder-state">{t('memberPage.finder.noResults')}</p>}
      {!searching && results && results.length > 0 && (
        <ul className="mp-finder-results" aria-label={t('memberPage.finder.results')}>
          {results.map((m) => (
            <li key={m.id}>
              <button type="button" className="mp-finder-result" onClick={() => onOpen(m.id)} aria-label={t('memberPage.finder.openAria', { name: m.name, memberNo: m.memberNo })}>
                <span className="mp-finder-name">{m.name}</span>
                <TierBadge tier={m.tier} size="small" />
                <span className="muted">{m.memberNo}</span>
                <span className="muted">{t('search.phoneTail', { tail: m.phoneTail })}</span>
                <span className={`status-pill status-${m.membershipStatus ?? 'none'}`}>{t(`member.status.${m.membershipStatus ?? 'none'}`)}</span>
                <RightOutlined className="mp-finder-chevron" aria-hidden />
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
