// Splits a measure in two where the supervisor puts the cursor in its text.
import { Alert, Input, Modal, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import type { MeasureView } from '@duban/contracts';
import { notifySuccess } from '../../lib/notify';
import { useMeasureChanges } from './documents.queries';

export function SplitMeasureModal({
  documentId,
  measure,
  onClose,
}: {
  documentId: string;
  measure: MeasureView;
  onClose: () => void;
}) {
  const { split } = useMeasureChanges(documentId);
  const area = useRef<TextAreaRef>(null);
  const [at, setAt] = useState<number | null>(null);
  const [secondTitle, setSecondTitle] = useState('');
  const readCursor = () => setAt(area.current?.resizableTextArea?.textArea.selectionStart ?? null);
  const valid = at !== null && at > 0 && at < measure.body.length;
  return (
    <Modal
      open
      title={`拆分措施 ${measure.number}`}
      okText="拆分"
      okButtonProps={{ disabled: !valid }}
      confirmLoading={split.isPending}
      onCancel={onClose}
      onOk={() =>
        valid &&
        split.mutate(
          {
            measureId: measure.id,
            body: { at, secondTitle: secondTitle.trim() || undefined, version: measure.version },
          },
          {
            onSuccess: () => {
              notifySuccess('已拆分为两条措施');
              onClose();
            },
          },
        )
      }
    >
      <Typography.Paragraph type="secondary">
        在下方内容中点击要拆开的位置，之后的文字成为新的一条措施，牵头、责任单位和时限与原措施相同。
      </Typography.Paragraph>
      <Input.TextArea
        ref={area}
        value={measure.body}
        readOnly
        autoSize={{ minRows: 4, maxRows: 12 }}
        onClick={readCursor}
        onKeyUp={readCursor}
        aria-label="措施内容"
      />
      {valid ? (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          title={`第二条从“${measure.body.slice(at, at + 20)}…”开始`}
        />
      ) : null}
      <Input
        style={{ marginTop: 12 }}
        placeholder="第二条的标题（可不填，取第一句）"
        value={secondTitle}
        onChange={(event) => setSecondTitle(event.target.value)}
      />
    </Modal>
  );
}
