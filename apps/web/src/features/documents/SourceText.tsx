import { Space, Typography } from 'antd';
import { useEffect, useMemo, useRef, type CSSProperties } from 'react';
import type { MeasureSpans } from '@duban/contracts';
import { segmentText, type SpanKind } from './source-highlight';

export const SPAN_STYLES: Record<SpanKind, CSSProperties> = {
  measure: { background: '#fffbe6' },
  title: { background: '#ffe58f', fontWeight: 600 },
  lead: { background: '#bae0ff' },
  responsible: { background: '#d9f7be' },
  deadline: { background: '#ffccc7' },
};
const LABELS: Record<SpanKind, string> = {
  measure: '措施',
  title: '标题',
  lead: '牵头单位',
  responsible: '责任单位',
  deadline: '完成时限',
};

/** The source text with the selected measure's spans marked; scrolls the measure into view. */
export function SourceText({ text, spans }: { text: string; spans: MeasureSpans | null }) {
  const segments = useMemo(() => segmentText(text, spans), [text, spans]);
  const container = useRef<HTMLDivElement>(null);
  const first = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const box = container.current;
    const mark = first.current;
    if (box && mark) box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
  }, [spans]);

  first.current = null;
  return (
    <div>
      <Space size="small" wrap style={{ marginBottom: 8 }}>
        {(Object.keys(LABELS) as SpanKind[]).map((kind) => (
          <span key={kind} style={{ ...SPAN_STYLES[kind], padding: '0 6px', borderRadius: 2, fontSize: 12 }}>
            {LABELS[kind]}
          </span>
        ))}
      </Space>
      <div
        ref={container}
        data-testid="source-text"
        style={{
          position: 'relative',
          height: 'calc(100vh - 300px)',
          minHeight: 360,
          overflow: 'auto',
          whiteSpace: 'pre-wrap',
          lineHeight: 1.9,
          padding: 12,
          border: '1px solid #f0f0f0',
          fontSize: 14,
        }}
      >
        {text ? null : <Typography.Text type="secondary">无原文</Typography.Text>}
        {segments.map((segment) => {
          if (segment.kinds.length === 0) return segment.text;
          const inner = segment.kinds[segment.kinds.length - 1];
          return (
            <mark
              key={segment.start}
              data-span={inner}
              ref={(node) => {
                if (node && !first.current) first.current = node;
              }}
              style={{ ...SPAN_STYLES.measure, ...SPAN_STYLES[inner], padding: 0 }}
            >
              {segment.text}
            </mark>
          );
        })}
      </div>
    </div>
  );
}
