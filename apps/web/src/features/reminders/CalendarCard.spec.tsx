import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { CalendarYear } from '@duban/contracts';
import { get, respond, type Handler } from '../../test/fetch-mock';
import { renderApp, userWith } from '../../test/render';

const unpackagedYear = (year: number): CalendarYear => ({
  year,
  packaged: false,
  workingDays: 260,
  exceptions: [{ date: `${year}-02-01`, isWorkingDay: false, source: 'override', note: '春节' }],
});

const calendarHandlers: Handler[] = [
  get('/calendar', ({ url }) => unpackagedYear(Number(url.searchParams.get('year')))),
  get('/reminders/rules', () => ({})),
  { method: 'DELETE', path: /^\/calendar\/days\//, reply: () => respond(204) },
];

describe('CalendarCard (工作日历)', () => {
  it('warns when the year has no packaged holidays and lets an admin undo an override', async () => {
    const { fetchMock } = renderApp('/reminders', { user: userWith(['admin']), handlers: calendarHandlers });
    const year = new Date().getFullYear();
    expect(await screen.findByText(new RegExp(`${year} 年的法定节假日尚未内置`))).toBeTruthy();
    const row = (await screen.findByText(`${year}-02-01`)).closest('tr')!;
    expect(within(row).getByText('管理员调整')).toBeTruthy();
    expect(within(row).getByText('休息')).toBeTruthy();

    fireEvent.click(within(row).getByText('撤销'));
    const confirm = (await screen.findByText('撤销这一天的调整？')).closest('.ant-popover')! as HTMLElement;
    fireEvent.click(within(confirm).getByRole('button', { name: /撤\s*销/ }));
    await waitFor(() =>
      expect(
        fetchMock.calls.some(
          (call) => call.method === 'DELETE' && call.url.pathname === `/api/v1/calendar/days/${year}-02-01`,
        ),
      ).toBe(true),
    );
  });

  it('is not shown to a supervisor, who may sweep but not change the calendar', async () => {
    const { fetchMock } = renderApp('/reminders', {
      user: userWith(['supervisor']),
      handlers: calendarHandlers,
    });
    expect(await screen.findByText('立即扫描')).toBeTruthy();
    expect(screen.queryByText('工作日历')).toBeNull();
    expect(fetchMock.calls.some((call) => call.url.pathname === '/api/v1/calendar')).toBe(false);
  });
});
