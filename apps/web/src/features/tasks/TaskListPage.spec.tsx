import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { TaskSummary } from '@duban/contracts';
import { get, respond } from '../../test/fetch-mock';
import { renderApp, userWith } from '../../test/render';
import { exportUrl } from './tasks.api';

const DOC_ID = '44444444-4444-4444-8444-444444444444';
const task: TaskSummary = {
  id: '55555555-5555-4555-8555-555555555555',
  code: 'DB-2024-001',
  title: '推行企业开办一日办结',
  documentId: DOC_ID,
  documentTitle: '关于优化营商环境的实施方案',
  measureNumber: '1',
  deadline: '2024-06-30',
  ongoing: false,
  reportCycle: 'monthly',
  status: 'in_progress',
  progress: 40,
  overdue: true,
  dueSoon: false,
  light: 'red',
  daysLeft: -7,
  daysLeftRuler: 'working_days',
  version: 3,
  createdAt: '2024-01-02T08:00:00Z',
  assignments: [
    {
      id: '66666666-6666-4666-8666-666666666661',
      unitId: '77777777-7777-4777-8777-777777777771',
      unitName: '市市场监督管理局',
      role: 'lead',
      status: 'accepted',
      progress: 40,
      deadline: '2024-06-30',
      overdue: true,
    },
  ],
};

describe('TaskListPage', () => {
  it('builds the ledger export URL from the same filters as the list', () => {
    expect(exportUrl({ status: 'in_progress', overdue: 'true', q: '', documentId: DOC_ID })).toBe(
      `/api/v1/exports/tasks.xlsx?status=in_progress&overdue=true&documentId=${DOC_ID}`,
    );
    expect(exportUrl({})).toBe('/api/v1/exports/tasks.xlsx');
  });

  it('lists with the URL filters and exports the ledger with them (token attached, no paging)', async () => {
    const { fetchMock } = renderApp(
      `/tasks?overdue=true&light=red&documentId=${DOC_ID}&deadlineTo=2024-12-31`,
      {
        user: userWith(['supervisor']),
        handlers: [
          get('/tasks', () => ({ items: [task], total: 1, page: 1, pageSize: 20 })),
          get('/exports/tasks.xlsx', () =>
            respond(200, 'xlsx-bytes', {
              'Content-Disposition': "attachment; filename*=UTF-8''%E7%9D%A3%E5%8A%9E%E5%8F%B0%E8%B4%A6.xlsx",
            }),
          ),
        ],
      },
    );

    expect(await screen.findByText('推行企业开办一日办结')).toBeTruthy();
    // The overdue unit stands out in the row (its brief says overdue).
    expect(screen.getByText('牵头：市市场监督管理局').closest('.ant-tag')?.className).toContain(
      'ant-tag-red',
    );
    const list = fetchMock.calls.find((c) => c.url.pathname === '/api/v1/tasks')!;
    expect(Object.fromEntries(list.url.searchParams)).toEqual({
      documentId: DOC_ID,
      light: 'red',
      overdue: 'true',
      deadlineTo: '2024-12-31',
      page: '1',
      pageSize: '20',
    });

    // jsdom cannot follow a download link; record which file the page asked the browser to save.
    const saved: string[] = [];
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    fireEvent.click(screen.getByText(/导出台账/));
    await waitFor(() =>
      expect(fetchMock.calls.some((c) => c.url.pathname === '/api/v1/exports/tasks.xlsx')).toBe(true),
    );
    const exported = fetchMock.calls.find((c) => c.url.pathname === '/api/v1/exports/tasks.xlsx')!;
    expect(`${exported.url.pathname}${exported.url.search}`).toBe(
      exportUrl({ documentId: DOC_ID, light: 'red', overdue: 'true', deadlineTo: '2024-12-31' }),
    );
    expect(exported.url.searchParams.has('page')).toBe(false);
    expect(exported.headers.Authorization).toBe('Bearer test-token');
    await waitFor(() => expect(saved).toEqual(['督办台账.xlsx']));
  });

  it('hides 新建任务 and 导出台账 from a unit user', async () => {
    renderApp('/tasks', {
      user: userWith(['unit']),
      handlers: [get('/tasks', () => ({ items: [task], total: 1, page: 1, pageSize: 20 }))],
    });
    expect(await screen.findByText('推行企业开办一日办结')).toBeTruthy();
    expect(screen.queryByText(/导出台账/)).toBeNull();
    expect(screen.queryByText(/新建任务/)).toBeNull();
  });

  it('says 10,000+ for a capped total and walks the next and previous pages by the api cursors', async () => {
    const pageOf = (n: number) => ({
      items: [{ ...task, id: `55555555-5555-4555-8555-55555555555${n}`, title: `第 ${n} 页的任务` }],
      total: 10000,
      totalCapped: true,
      page: n,
      pageSize: 20,
      nextCursor: `next-of-${n}`,
      prevCursor: n > 1 ? `prev-of-${n}` : null,
    });
    const byCursor: Record<string, number> = { 'next-of-1': 2, 'next-of-2': 3, 'prev-of-3': 2 };
    const { fetchMock } = renderApp('/tasks?overdue=true', {
      user: userWith(['supervisor']),
      handlers: [get('/tasks', ({ url }) => pageOf(byCursor[url.searchParams.get('cursor') ?? ''] ?? 1))],
    });
    const lists = () => fetchMock.calls.filter((c) => c.url.pathname === '/api/v1/tasks');
    const click = (which: 'next' | 'prev') =>
      fireEvent.click(
        document.querySelector(`li.ant-pagination-${which} button, li.ant-pagination-${which}`)!,
      );
    expect(await screen.findByText('第 1 页的任务')).toBeTruthy();
    expect(screen.getByText('共 10,000+ 条')).toBeTruthy();
    click('next');
    expect(await screen.findByText('第 2 页的任务')).toBeTruthy();
    expect(Object.fromEntries(lists().at(-1)!.url.searchParams)).toEqual({
      overdue: 'true',
      page: '2',
      pageSize: '20',
      cursor: 'next-of-1',
    });
    click('next');
    expect(await screen.findByText('第 3 页的任务')).toBeTruthy();
    click('prev');
    expect(await screen.findByText('第 2 页的任务')).toBeTruthy();
    expect(lists().map((c) => c.url.searchParams.get('cursor'))).toEqual([
      null,
      'next-of-1',
      'next-of-2',
      'prev-of-3',
    ]);
  });
});
