import { Badge } from 'antd';
import { useInboxCounts } from './inbox.queries';

/** The menu badge: everything waiting for a supervisor's decision. */
export function InboxBadge() {
  const counts = useInboxCounts();
  return <Badge count={counts.data?.toDecide ?? 0} size="small" offset={[8, -2]} />;
}
