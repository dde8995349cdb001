import { Empty } from 'antd';

/** Placeholder until this screen is built. */
export function RegisterPage() {
  return <Empty className="page-empty" />;
}
