import { PaperClipOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import type { AttachmentView } from '@duban/contracts';
import { downloadFile } from '../lib/download';
import { API_BASE } from '../lib/http';
import { notifyError } from '../lib/notify';

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Evidence files: downloaded through fetch because the link needs the bearer token. */
export function AttachmentLinks({ attachments }: { attachments: AttachmentView[] }) {
  if (attachments.length === 0) return null;
  return (
    <Space orientation="vertical" size={0}>
      {attachments.map((file) => (
        <Button
          key={file.id}
          type="link"
          size="small"
          icon={<PaperClipOutlined />}
          onClick={() =>
            downloadFile(
              file.url.replace(API_BASE, '') || `/attachments/${file.id}`,
              {},
              file.fileName,
            ).catch(notifyError)
          }
        >
          {file.fileName}（{sizeText(file.size)}）
        </Button>
      ))}
    </Space>
  );
}
