import { Empty } from 'antd';

/** Placeholder until this screen is built. */
export function ManagePage() {
  return <Empty className="page-empty" />;
}
