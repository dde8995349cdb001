import '../members/memberPage.css';
import '../members/memberTabs.css';
import { MemberFinder } from '../members/MemberFinder';
import { MemberView } from '../members/MemberView';
import { useNav } from '../state/NavContext';

/**
 * 会员: find a member, then their page. Keyed by member, so opening another member starts clean
 * (revealed values and open dialogs never carry over from one member to the next).
 */
export function MembersPage() {
  const { memberId, go, openMember } = useNav();
  return (
    <div className="page member-page">
      {memberId ? <MemberView key={memberId} memberId={memberId} onBack={() => go('members')} /> : <MemberFinder onOpen={openMember} />}
    </div>
  );
}
