import { Badge, Tooltip } from 'antd';
import { LIGHT_LABELS, type Light } from '@duban/contracts';

const COLORS: Record<Light, string> = { red: '#f5222d', yellow: '#faad14', green: '#52c41a' };
const HINTS: Record<Light, string> = { red: '已逾期', yellow: '临期或明显落后于序时进度', green: '正常推进' };

export function TrafficLight({ light, showLabel = true }: { light: Light; showLabel?: boolean }) {
  return (
    <Tooltip title={HINTS[light]}>
      <Badge
        color={COLORS[light]}
        text={showLabel ? LIGHT_LABELS[light] : undefined}
        aria-label={LIGHT_LABELS[light]}
      />
    </Tooltip>
  );
}
