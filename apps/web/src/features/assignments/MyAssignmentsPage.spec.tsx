import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { AssignmentStatus } from '@duban/contracts';
import { addDays } from '@duban/contracts';
import { today } from '../../lib/dates';
import { get, post } from '../../test/fetch-mock';
import { renderApp, userWith } from '../../test/render';
import type { MyAssignmentView } from '@duban/contracts';

let seq = 0;
function assignment(
  title: string,
  status: AssignmentStatus,
  deadline: string | null,
  daysLeft: number | null = null,
): MyAssignmentView {
  seq += 1;
  return {
    id: `88888888-8888-4888-8888-00000000000${seq}`,
    taskId: `99999999-9999-4999-8999-00000000000${seq}`,
    unitId: '00000000-0000-4000-8000-0000000000aa',
    unitName: '市行政审批局',
    role: 'lead',
    status,
    progress: 10,
    deadline,
    overdue: deadline !== null && deadline < today(),
    dueSoon: false,
    // The api counts working days; the page shows its figure as it is.
    daysLeft,
    daysLeftRuler: 'working_days',
    // As the api answers: before the deadline only.
    canRequestExtension: deadline === null || deadline >= today(),
    light: 'green',
    extensionCount: 0,
    acceptedAt: null,
    completedAt: null,
    version: 1,
    taskCode: `DB-${seq}`,
    taskTitle: title,
    taskStatus: 'in_progress',
    documentTitle: '关于优化营商环境的实施方案',
  };
}

const future = addDays(today(), 30);
const past = addDays(today(), -3);
const rows = [
  assignment('待签收的任务', 'pending', future, 21),
  assignment('办理中的任务', 'accepted', future, 21),
  assignment('已逾期的任务', 'accepted', past, -2),
  assignment('待销号的任务', 'completion_requested', future, 21),
  assignment('已办结的任务', 'completed', future),
];

const ACTION_LABELS = ['签收', '退回', '进展填报', '延期申请', '办结申请'];

/** The action buttons in a task's row, with antd's spacing between two Chinese characters removed. */
function actionsOf(title: string): { label: string; disabled: boolean }[] {
  const row = screen.getByText(title).closest('tr')!;
  // Plain DOM rather than role queries: computing accessible names over antd tables is slow in jsdom.
  return Array.from(row.querySelectorAll('button'))
    .map((button) => ({
      label: (button.textContent ?? '').replace(/\s/g, ''),
      disabled: (button as HTMLButtonElement).disabled,
    }))
    .filter((button) => ACTION_LABELS.includes(button.label));
}

const labels = (title: string) => actionsOf(title).map((a) => a.label);

describe('MyAssignmentsPage', () => {
  it('shows only the actions the state machine allows', async () => {
    renderApp('/my', {
      user: userWith(['unit']),
      handlers: [
        get('/assignments/mine', () => ({ items: rows, total: rows.length, page: 1, pageSize: 20 })),
      ],
    });
    await screen.findByText('待签收的任务');

    expect(labels('待签收的任务')).toEqual(['签收', '退回', '延期申请']);
    expect(labels('办理中的任务')).toEqual(['进展填报', '延期申请', '办结申请']);
    expect(labels('待销号的任务')).toEqual([]);
    expect(labels('已办结的任务')).toEqual([]);
    // After the deadline an extension can no longer be asked for.
    expect(actionsOf('已逾期的任务')).toEqual([
      { label: '进展填报', disabled: false },
      { label: '延期申请', disabled: true },
      { label: '办结申请', disabled: false },
    ]);
    expect(actionsOf('办理中的任务').find((a) => a.label === '延期申请')?.disabled).toBe(false);
  });

  it('签收 posts to the assignment and refreshes the list', async () => {
    const { fetchMock } = renderApp('/my', {
      user: userWith(['unit']),
      handlers: [
        get('/assignments/mine', () => ({ items: rows.slice(0, 1), total: 1, page: 1, pageSize: 20 })),
        post(`/assignments/${rows[0].id}/accept`, () => ({ ...rows[0], status: 'accepted' })),
      ],
    });
    await screen.findByText('待签收的任务');
    const row = screen.getByText('待签收的任务').closest('tr')!;
    fireEvent.click(within(row).getByText(/^签\s*收$/));

    await waitFor(() =>
      expect(
        fetchMock.calls.some(
          (c) => c.method === 'POST' && c.url.pathname === `/api/v1/assignments/${rows[0].id}/accept`,
        ),
      ).toBe(true),
    );
    await waitFor(() =>
      expect(
        fetchMock.calls.filter((c) => c.url.pathname === '/api/v1/assignments/mine').length,
      ).toBeGreaterThan(1),
    );
  });

  describe('on a phone', () => {
    const laptopWidth = window.innerWidth;
    beforeAll(() => Object.assign(window, { innerWidth: 390 }));
    afterAll(() => Object.assign(window, { innerWidth: laptopWidth }));

    it('lists cards with the source document, days left and the next action first', async () => {
      renderApp('/my', {
        user: userWith(['unit']),
        handlers: [
          get('/assignments/mine', () => ({ items: rows, total: rows.length, page: 1, pageSize: 20 })),
        ],
      });
      const title = await screen.findByText('办理中的任务');
      expect(document.querySelector('table')).toBeNull();
      expect(screen.queryByRole('navigation', { name: '主菜单' })).toBeNull();
      const card = title.closest('[role="listitem"]') as HTMLElement;
      expect(card.textContent).toContain('关于优化营商环境的实施方案');
      expect(card.textContent).toContain(`${future}（剩 21 个工作日）`);
      const primary = card.querySelector('button.ant-btn-primary');
      expect(primary?.textContent?.replace(/\s/g, '')).toBe('进展填报');
      const overdue = screen.getByText('已逾期的任务').closest('[role="listitem"]') as HTMLElement;
      expect(overdue.textContent).toContain('逾期 2 个工作日');
    });
  });
});
