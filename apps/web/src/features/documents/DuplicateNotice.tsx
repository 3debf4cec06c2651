import { Alert, Space } from 'antd';
import { Link } from 'react-router';
import { DOCUMENT_STATUS_LABELS, type DuplicateDocument } from '@duban/contracts';

/** "Imported before?": the documents already in the system with the same 发文字号 or text, each a link. */
export function DuplicateNotice({
  duplicates,
  onOpen,
}: {
  duplicates: DuplicateDocument[];
  /** Called when a link is followed (a dialog closes itself). */
  onOpen?: () => void;
}) {
  if (!duplicates.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title="该文件可能已导入过"
      description={
        <Space orientation="vertical" size={0}>
          {duplicates.map((d) => (
            <span key={d.id}>
              <Link to={`/documents/${d.id}`} onClick={onOpen}>
                {d.title}
              </Link>
              {d.docNumber ? `（${d.docNumber}）` : ''} · {DOCUMENT_STATUS_LABELS[d.status]} ·{' '}
              {d.reason === 'doc_number' ? '发文字号相同' : '正文相同'}
            </span>
          ))}
        </Space>
      }
    />
  );
}
