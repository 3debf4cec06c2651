import { Tag, Tooltip } from 'antd';
import type { ResolutionStatus, UnitResolution } from '@duban/contracts';

const LOOK: Record<ResolutionStatus, { color: string; label: string }> = {
  exact: { color: 'success', label: '已匹配' },
  alias: { color: 'cyan', label: '按简称匹配' },
  alias_proposed: { color: 'warning', label: '疑似已有单位的简称，请确认' },
  fuzzy: { color: 'warning', label: '模糊匹配，请核对' },
  group: { color: 'purple', label: '泛指单位' },
  unresolved: { color: 'error', label: '未匹配' },
};

/** Whether a name still needs a person's choice before publishing. */
export function needsChoice(resolution: UnitResolution | undefined): boolean {
  return !resolution || resolution.unitIds.length === 0;
}

/** A unit name as written in the document, coloured by how the directory resolved it. */
export function ResolutionTag({ name, resolution }: { name: string; resolution?: UnitResolution }) {
  const status: ResolutionStatus = resolution?.status ?? 'unresolved';
  const look =
    needsChoice(resolution) && status !== 'unresolved' && status !== 'alias_proposed'
      ? { color: 'error', label: `${LOOK[status].label}，需选择单位` }
      : LOOK[status];
  const candidates = resolution?.candidates ?? [];
  const tip = (
    <div>
      <div>{look.label}</div>
      {resolution?.groupPhrase ? <div>泛指表述不会新建为单位，交办前请选择具体单位</div> : null}
      {resolution?.regionUnknown ? <div>组织机构中没有本文件所属地区，未推荐其他地区的单位</div> : null}
      {resolution?.unitIds.length ? <div>对应 {resolution.unitIds.length} 个单位</div> : null}
      {candidates.length ? (
        <div>
          候选：
          {candidates.slice(0, 5).map((c) => (
            <div key={c.unitId}>{c.path}</div>
          ))}
        </div>
      ) : null}
    </div>
  );
  return (
    <Tooltip title={tip}>
      <Tag
        color={look.color}
        data-status={status}
        style={{ marginBottom: 4, whiteSpace: 'normal', maxWidth: '100%' }}
      >
        {name}
      </Tag>
    </Tooltip>
  );
}
