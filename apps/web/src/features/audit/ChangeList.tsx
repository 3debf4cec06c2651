import { Typography } from 'antd';
import type { AuditChange } from '@duban/contracts';

/** Changed fields as a person reads them: 完成时限：2023-06-30 → 2023-09-30 (the old value struck through). */
export function ChangeList({ changes }: { changes: AuditChange[] }) {
  return (
    <div style={{ fontSize: 13 }}>
      {changes.map((change) => (
        <div key={change.field} data-field={change.field}>
          <Typography.Text type="secondary">{change.label}：</Typography.Text>
          {change.before !== null && change.after !== null ? (
            <>
              <Typography.Text delete type="secondary">
                {change.before}
              </Typography.Text>
              {' → '}
              {change.after}
            </>
          ) : (
            (change.after ?? change.before)
          )}
        </div>
      ))}
    </div>
  );
}
