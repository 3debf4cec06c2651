import { render, screen, within } from '@testing-library/react';
import type { TimelineEntry } from '@duban/contracts';
import { TaskHistory } from './TaskHistory';

const entry = (over: Partial<TimelineEntry>): TimelineEntry => ({
  at: '2023-03-10T02:00:00Z',
  action: 'task.update',
  actorName: '督查室 王督办',
  actorUnitName: '保定市人民政府',
  entityType: 'task',
  summary: '修改任务',
  changes: [],
  ...over,
});

describe('TaskHistory (办理记录)', () => {
  it('shows who did each step with their unit, the step in words and each change before → after', () => {
    render(
      <TaskHistory
        entries={[
          entry({
            changes: [{ field: 'deadline', label: '完成时限', before: '2023-06-30', after: '2023-09-30' }],
          }),
          entry({
            at: '2023-03-11T02:00:00Z',
            action: 'task.completed',
            actorName: null,
            actorUnitName: null,
            summary: '任务办结',
            changes: [{ field: 'status', label: '状态', before: '办理中', after: '已办结' }],
          }),
        ]}
      />,
    );
    const [edit, done] = screen.getAllByTestId('history-entry');
    expect(within(edit).getByText('督查室 王督办')).toBeTruthy();
    expect(edit.textContent).toContain('（保定市人民政府）');
    expect(edit.textContent).toContain('修改任务');
    expect(edit.querySelector('[data-field="deadline"]')!.textContent).toBe(
      '完成时限：2023-06-30 → 2023-09-30',
    );
    // The old value is struck through.
    expect(within(edit).getByText('2023-06-30').closest('del')).toBeTruthy();
    expect(done.textContent).toContain('系统');
    expect(done.querySelector('[data-field="status"]')!.textContent).toBe('状态：办理中 → 已办结');
    expect(document.body.textContent).not.toMatch(/task\.|\{"/);
  });

  it('says so when there is nothing yet', () => {
    render(<TaskHistory entries={[]} />);
    expect(screen.getByText('暂无记录')).toBeTruthy();
  });
});
