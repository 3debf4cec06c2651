import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { DocumentStatsPage, UnitStatsPage } from '@duban/contracts';
import { get } from '../../test/fetch-mock';
import { renderApp, userWith } from '../../test/render';

// echarts ships ES modules only, which jest does not load; the chart is not what this page test is about.
jest.mock('./TrendChart', () => ({ TrendChart: () => null }));

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The api's pages: 35 units and 23 documents, each page named after its number and the sort asked for. */
function unitsPage(url: URL): UnitStatsPage {
  const page = Number(url.searchParams.get('page'));
  const pageSize = Number(url.searchParams.get('pageSize'));
  const sort = url.searchParams.get('sort');
  const items = Array.from({ length: Math.min(pageSize, 35 - (page - 1) * pageSize) }, (_, i) => ({
    unitId: id(page * 100 + i),
    unitName: `单位${page}-${i + 1}（${sort}）`,
    total: 10,
    completed: 5,
    overdue: 1,
    completionRate: 50,
  }));
  return { items, total: 35, page, pageSize };
}
function documentsPage(url: URL): DocumentStatsPage {
  const page = Number(url.searchParams.get('page'));
  const label = `${url.searchParams.get('sort')}-${url.searchParams.get('order')}`;
  return {
    items: [
      {
        documentId: id(page),
        title: `文件${page}（${label}）`,
        total: 4,
        completed: 1,
        overdue: 2,
        completionRate: 25,
      },
    ],
    total: 23,
    page,
    pageSize: 10,
  };
}

const overview = {
  total: 0,
  completed: 0,
  inProgress: 0,
  overdue: 0,
  dueSoon: 0,
  completionRate: 0,
  onTimeRate: 0,
};

const card = (title: string) =>
  screen.getByText(title, { selector: '.ant-card-head-title' }).closest('.ant-card') as HTMLElement;

describe('DashboardPage', () => {
  function render() {
    return renderApp('/', {
      user: userWith(['supervisor']),
      handlers: [
        get('/stats/overview', () => overview),
        get('/stats/trend', () => ({ items: [] })),
        get('/stats/units', ({ url }) => unitsPage(url)),
        get('/stats/documents', ({ url }) => documentsPage(url)),
      ],
    });
  }
  const asked = (calls: { url: URL }[], path: string) =>
    calls
      .filter((call) => call.url.pathname.endsWith(path))
      .map((call) => Object.fromEntries(call.url.searchParams));

  it('pages the unit ranking on the server and numbers the ranks across pages', async () => {
    const { fetchMock } = render();
    await screen.findByText('单位1-1（completionRate）');
    const ranking = card('单位排名');
    fireEvent.click(within(ranking).getByTitle('4'));
    await screen.findByText('单位4-5（completionRate）');
    expect(within(ranking).getByText('单位4-1（completionRate）').closest('tr')!.textContent).toMatch(/^31/);
    expect(asked(fetchMock.calls, '/stats/units').at(-1)).toMatchObject({
      sort: 'completionRate',
      order: 'desc',
      page: '4',
      pageSize: '10',
    });
    // A new sort starts again at the first page.
    fireEvent.click(within(ranking).getByText('按逾期数'));
    await screen.findByText('单位1-1（overdue）');
    expect(asked(fetchMock.calls, '/stats/units').at(-1)).toMatchObject({ sort: 'overdue', page: '1' });
  });

  it('sorts and pages the documents on the server', async () => {
    const { fetchMock } = render();
    await screen.findByText('文件1（title-asc）');
    const documents = card('按文件统计');
    fireEvent.click(within(documents).getByTitle('3'));
    await screen.findByText('文件3（title-asc）');
    fireEvent.click(within(documents).getByText('逾期'));
    await screen.findByText('文件1（overdue-asc）');
    fireEvent.click(within(documents).getByText('逾期'));
    await screen.findByText('文件1（overdue-desc）');
    await waitFor(() =>
      expect(asked(fetchMock.calls, '/stats/documents').at(-1)).toMatchObject({
        sort: 'overdue',
        order: 'desc',
        page: '1',
        pageSize: '10',
      }),
    );
  });
});
