import { SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Spin } from 'antd';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberSummaryDto } from '../../../core/contract/dto';
import { errorText } from '../i18n/errors';
import { MAX_QUERY, useMemberSearch } from '../state/useMemberSearch';
import { TierBadge } from './TierBadge';


/**
 * Manual check-in for a forgotten card: name, phone tail or member number, searched as staff
 * type (debounced; a late answer to an older query is dropped), with a check-in button per row.
 */
function MemberSearchComponent({ onCheckIn }: { onCheckIn(memberId: string, name: string): void }) {
  const { t } = useTranslation();
  const { query, setQuery, results, searching, error } = useMemberSearch(8);

  const checkIn = (m: MemberSummaryDto) => {
    onCheckIn(m.id, m.name);
    setQuery('');
  };

  return (
    <section className="side-block search" aria-label={t('search.title')}>
      <h3 className="block-title">{t('search.title')}</h3>
      <Input
        aria-label={t('search.label')}
        placeholder={t('search.placeholder')}
        prefix={<SearchOutlined aria-hidden />}
        value={query}
        maxLength={MAX_QUERY}
        allowClear
        onChange={(e) => setQuery(e.target.value)}
      />
      {searching && (
        <div className="search-state">
          <Spin size="small" /> <span className="muted">{t('search.searching')}</span>
        </div>
      )}
      {error && <Alert type="error" showIcon title={errorText(t, error)} />}
      {!searching && results && results.length === 0 && <p className="muted search-state">{t('search.noResults')}</p>}
      {!searching && results && results.length > 0 && (
        <ul className="search-results" aria-label={t('search.results')}>
          {results.map((m) => (
            <li key={m.id}>
              <div className="result-main">
                <span className="result-name">{m.name}</span>
                <TierBadge tier={m.tier} size="small" />
              </div>
              <div className="result-meta">
                <span>{m.memberNo}</span>
                <span>{t('search.phoneTail', { tail: m.phoneTail })}</span>
                <span className={`status-pill status-${m.membershipStatus ?? 'none'}`}>
                  {t(`member.status.${m.membershipStatus ?? 'none'}`)}
                </span>
              </div>
              <Button type="primary" aria-label={t('search.checkInAria', { name: m.name, memberNo: m.memberNo })} onClick={() => checkIn(m)}>
                {t('search.checkIn')}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Memoised: a card tap re-renders the result and the queue, not this. */
export const MemberSearch = memo(MemberSearchComponent);
