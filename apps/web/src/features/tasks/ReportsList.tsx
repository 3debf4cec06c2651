import { Button, Empty, List, Progress, Space, Typography } from 'antd';
import type { ProgressReportView } from '@duban/contracts';
import { AttachmentLinks } from '../../components/AttachmentLinks';
import { StatusTag } from '../../components/StatusTag';
import { formatDateTime } from '../../lib/dates';
import { useCan } from '../../lib/useCan';

export function ReportsList({ reports, onReview }: { reports: ProgressReportView[]; onReview: (report: ProgressReportView) => void }) {
  const can = useCan();
  if (reports.length === 0) return <Empty description="暂无进展填报" />;
  return (
    <List
      dataSource={reports}
      rowKey="id"
      renderItem={(report) => (
        <List.Item
          actions={
            can('reports.review') && report.status === 'submitted'
              ? [
                  <Button key="review" size="small" type="primary" onClick={() => onReview(report)}>
                    审核
                  </Button>,
                ]
              : []
          }
        >
          <List.Item.Meta
            title={
              <Space wrap>
                <span>{report.unitName}</span>
                <StatusTag kind="review" status={report.status} />
                <Typography.Text type="secondary">
                  {formatDateTime(report.createdAt)}
                  {report.createdByName ? ` · ${report.createdByName}` : ''}
                </Typography.Text>
              </Space>
            }
            description={
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Progress percent={report.progress} size="small" style={{ maxWidth: 240 }} />
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{report.content}</Typography.Paragraph>
                <AttachmentLinks attachments={report.attachments} />
                {report.reviewComment ? <Typography.Text type="secondary">审核意见：{report.reviewComment}</Typography.Text> : null}
              </Space>
            }
          />
        </List.Item>
      )}
    />
  );
}
