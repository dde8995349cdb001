import { Empty } from 'antd';

/** Placeholder until this screen is built. */
export function MembersPage() {
  return <Empty className="page-empty" />;
}
