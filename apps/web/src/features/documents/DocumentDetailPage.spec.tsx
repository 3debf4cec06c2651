import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { DocumentView, MeasureView } from '@duban/contracts';
import { get, post, respond } from '../../test/fetch-mock';
import { renderApp, userWith } from '../../test/render';

const DOC_ID = '11111111-1111-4111-8111-111111111111';
const SOURCE = [
  '郑州市人民政府关于优化营商环境的实施方案',
  '一、重点任务',
  '1.推行企业开办一日办结。牵头单位：市市场监管局；责任单位：市行政审批局。完成时限：2024年6月底前。',
  '2.深化工程建设项目审批改革。牵头单位：市住建局；责任单位：各县（市、区）人民政府。完成时限：2024年9月底前。',
].join('\n');

/** Offsets of `part` inside the source, searching after `from` so the two measures do not collide. */
function spanOf(part: string, from = 0) {
  const start = SOURCE.indexOf(part, from);
  if (start < 0) throw new Error(`not in source: ${part}`);
  return { start, end: start + part.length };
}

function measure(
  seq: number,
  line: string,
  title: string,
  lead: string,
  responsible: string,
  deadlineText: string,
  deadline: string,
): MeasureView {
  const whole = spanOf(line);
  return {
    id: `22222222-2222-4222-8222-00000000000${seq}`,
    seq,
    number: String(seq),
    path: ['一、重点任务'],
    title,
    body: line,
    leadUnits: [lead],
    responsibleUnits: [responsible],
    deadlineText,
    deadline,
    ongoing: false,
    spans: {
      measure: whole,
      title: spanOf(title, whole.start),
      leadUnits: [spanOf(lead, whole.start)],
      responsibleUnits: [spanOf(responsible, whole.start)],
      deadline: spanOf(deadlineText, whole.start),
    },
    warnings: [],
    confidence: seq === 2 ? 0.55 : 0.97,
    resolution: {
      [lead]: {
        name: lead,
        unitIds: ['33333333-3333-4333-8333-000000000001'],
        status: 'alias',
        candidates: [],
      },
      [responsible]:
        seq === 2
          ? {
              name: responsible,
              unitIds: [],
              status: 'unresolved',
              candidates: [
                {
                  unitId: '33333333-3333-4333-8333-000000000009',
                  name: '中牟县人民政府',
                  score: 0.4,
                  path: '郑州市人民政府 › 中牟县人民政府',
                },
              ],
            }
          : {
              name: responsible,
              unitIds: ['33333333-3333-4333-8333-000000000002'],
              status: 'exact',
              candidates: [],
            },
    },
    taskId: null,
    version: 1,
  };
}

const LINE1 = SOURCE.split('\n')[2];
const LINE2 = SOURCE.split('\n')[3];
const doc: DocumentView = {
  id: DOC_ID,
  title: '郑州市人民政府关于优化营商环境的实施方案',
  issuer: '郑州市人民政府',
  docNumber: '郑政文〔2023〕62号',
  issuedOn: '2023-12-01',
  region: '郑州市',
  status: 'draft',
  measureCount: 2,
  taskCount: 0,
  createdAt: '2024-01-02T08:00:00Z',
  sourceText: SOURCE,
  fileName: 'plan.txt',
  warnings: [],
  duplicates: [],
  measures: [
    measure(1, LINE1, '推行企业开办一日办结', '市市场监管局', '市行政审批局', '2024年6月底前', '2024-06-30'),
    measure(
      2,
      LINE2,
      '深化工程建设项目审批改革',
      '市住建局',
      '各县（市、区）人民政府',
      '2024年9月底前',
      '2024-09-30',
    ),
  ],
};

/** The measure table's cell for a title (the same words are also marked in the source text). */
const tableText = (text: string) =>
  screen.getAllByText(text).find((node) => !node.closest('[data-testid="source-text"]'))!;

const marked = (kind: string) =>
  Array.from(screen.getByTestId('source-text').querySelectorAll(`mark[data-span="${kind}"]`))
    .map((node) => node.textContent)
    .join('');

describe('DocumentDetailPage measure review', () => {
  it('highlights the spans of the selected measure in the source text', async () => {
    renderApp(`/documents/${DOC_ID}`, {
      user: userWith(['supervisor']),
      handlers: [get(`/documents/${DOC_ID}`, () => doc)],
    });
    await screen.findByText('措施清单（2 条）');
    // The first measure is selected by default.
    expect(marked('title')).toBe('推行企业开办一日办结');
    expect(marked('lead')).toBe('市市场监管局');

    fireEvent.click(tableText('深化工程建设项目审批改革'));
    await waitFor(() => expect(marked('title')).toBe('深化工程建设项目审批改革'));
    expect(marked('lead')).toBe('市住建局');
    expect(marked('responsible')).toBe('各县（市、区）人民政府');
    expect(marked('deadline')).toBe('2024年9月底前');
    // Together the marks cover exactly the second measure's line, and nothing of the first.
    const allMarked = Array.from(screen.getByTestId('source-text').querySelectorAll('mark'))
      .map((node) => node.textContent)
      .join('');
    expect(allMarked).toBe(LINE2);
    expect(screen.getByTestId('source-text').textContent).toBe(SOURCE);
  });

  it('colours unit names by resolution and offers to create missing units after a 409', async () => {
    const { fetchMock } = renderApp(`/documents/${DOC_ID}`, {
      user: userWith(['supervisor']),
      handlers: [
        get(`/documents/${DOC_ID}`, () => doc),
        post(`/documents/${DOC_ID}/publish`, ({ body }) =>
          (body as { createMissingUnits?: boolean }).createMissingUnits
            ? {
                documentId: DOC_ID,
                tasksCreated: 2,
                assignmentsCreated: 4,
                unitsCreated: ['各县（市、区）人民政府'],
                taskIds: [],
                aliasesConfirmed: [],
                groupPhrasesLeft: [],
                measuresLeftUnassigned: [],
              }
            : respond(409, {
                code: 'UNRESOLVED_UNITS',
                message: '以下单位未能匹配组织机构',
                details: {
                  unresolved: ['各县（市、区）人民政府'],
                  items: [
                    {
                      measure: '1',
                      name: '各县（市、区）人民政府',
                      status: 'unresolved',
                      candidates: [],
                      groupPhrase: false,
                    },
                  ],
                },
              }),
        ),
      ],
    });
    const unresolvedTag = (await screen.findAllByText('各县（市、区）人民政府')).find((node) =>
      node.closest('[data-status]'),
    );
    expect(unresolvedTag?.closest('[data-status]')?.getAttribute('data-status')).toBe('unresolved');

    // Role queries are slow on a page this size; the buttons are found by their text.
    fireEvent.click(screen.getByText(/^交\s*办$/));
    // The confirmation dialog has its own 交办 button.
    await waitFor(() => expect(document.querySelector('.ant-modal-confirm')).not.toBeNull());
    const confirm = document.querySelector<HTMLElement>('.ant-modal-confirm')!;
    fireEvent.click(within(confirm).getByText(/^交\s*办$/));

    fireEvent.click(await screen.findByText('自动创建缺失单位并交办'));
    await waitFor(() =>
      expect(fetchMock.calls.filter((c) => c.url.pathname.endsWith('/publish')).map((c) => c.body)).toEqual([
        {},
        { createMissingUnits: true },
      ]),
    );
  });

  it('counts the measures needing a look, filters to them, and adds a measure by hand', async () => {
    const { fetchMock } = renderApp(`/documents/${DOC_ID}`, {
      user: userWith(['supervisor']),
      handlers: [
        get(`/documents/${DOC_ID}`, () => doc),
        post(`/documents/${DOC_ID}/measures`, ({ body }) => ({ ...doc.measures[0], ...(body as object) })),
      ],
    });
    await screen.findByText('措施清单（2 条）');
    // Measure 2 has an unresolved unit and a low confidence; measure 1 is clean.
    expect(screen.getByText('需核对 1')).toBeTruthy();
    fireEvent.click(screen.getByText('需核对（1）'));
    await waitFor(() => expect(screen.queryAllByText('推行企业开办一日办结').length).toBeLessThan(2));
    expect(tableText('深化工程建设项目审批改革')).toBeTruthy();

    fireEvent.click(screen.getByText('新增措施'));
    // Role queries are slow on a page this size: the dialog is found by its class.
    await waitFor(() => expect(document.querySelector('.ant-modal')).not.toBeNull());
    const dialog = document.querySelector<HTMLElement>('.ant-modal')!;
    fireEvent.change(within(dialog).getByLabelText('措施标题'), { target: { value: '建立监测点' } });
    fireEvent.click(within(dialog).getByText(/^新\s*增$/));
    await waitFor(() =>
      expect(fetchMock.calls.filter((c) => c.url.pathname.endsWith('/measures')).map((c) => c.body)).toEqual([
        expect.objectContaining({ title: '建立监测点', afterMeasureId: doc.measures[0].id }),
      ]),
    );
    // The whole page with its table, a dialog and a refetch: slow on a loaded machine.
  }, 90_000);

  it('warns about an earlier copy with a link, and confirms a duplicate publish on request', async () => {
    const earlier = '44444444-4444-4444-8444-444444444444';
    const { fetchMock } = renderApp(`/documents/${DOC_ID}`, {
      user: userWith(['supervisor']),
      handlers: [
        get(`/documents/${DOC_ID}`, () => ({
          ...doc,
          duplicates: [
            {
              id: earlier,
              title: '郑州市早先导入的方案',
              docNumber: doc.docNumber,
              status: 'published',
              reason: 'doc_number',
            },
          ],
        })),
        post(`/documents/${DOC_ID}/publish`, ({ body }) =>
          (body as { confirmDuplicate?: boolean }).confirmDuplicate
            ? {
                documentId: DOC_ID,
                tasksCreated: 2,
                assignmentsCreated: 4,
                unitsCreated: [],
                taskIds: [],
                aliasesConfirmed: [],
                groupPhrasesLeft: [],
                measuresLeftUnassigned: [],
              }
            : respond(409, {
                code: 'CONFLICT',
                message: '该文件已交办过（郑政文〔2023〕62号）',
                details: {
                  duplicates: [
                    {
                      id: earlier,
                      title: '郑州市早先导入的方案',
                      docNumber: doc.docNumber,
                      status: 'published',
                      reason: 'doc_number',
                    },
                  ],
                },
              }),
        ),
      ],
    });
    const link = await screen.findByText('郑州市早先导入的方案');
    expect(link.closest('a')?.getAttribute('href')).toBe(`/documents/${earlier}`);
    fireEvent.click(screen.getByText(/^交\s*办$/));
    await waitFor(() => expect(document.querySelector('.ant-modal-confirm')).not.toBeNull());
    fireEvent.click(
      within(document.querySelector<HTMLElement>('.ant-modal-confirm')!).getByText(/^交\s*办$/),
    );
    fireEvent.click(await screen.findByText('确认重复交办'));
    await waitFor(() =>
      expect(fetchMock.calls.filter((c) => c.url.pathname.endsWith('/publish')).map((c) => c.body)).toEqual([
        {},
        { confirmDuplicate: true },
      ]),
    );
    // The whole page with its table, a dialog and a refetch: slow on a loaded machine.
  }, 90_000);

  it('leaves the date to the document-year rule when only the deadline text is retyped', async () => {
    const patched: unknown[] = [];
    renderApp(`/documents/${DOC_ID}`, {
      user: userWith(['supervisor']),
      handlers: [
        get(`/documents/${DOC_ID}`, () => doc),
        {
          method: 'PATCH',
          path: `/documents/${DOC_ID}/measures/${doc.measures[0].id}`,
          reply: ({ body }) => {
            patched.push(body);
            return doc.measures[0];
          },
        },
      ],
    });
    await screen.findByText('措施清单（2 条）');
    fireEvent.click(screen.getByLabelText('编辑措施 1'));
    const drawer = await waitFor(() => document.querySelector<HTMLElement>('.ant-drawer')!);
    fireEvent.change(within(drawer).getByLabelText('原文时限表述'), { target: { value: '9月底前' } });
    fireEvent.click(within(drawer).getByText(/^保\s*存$/));
    await waitFor(() => expect(patched).toHaveLength(1));
    // No stale date from the picker: the server reads "9月底前" against the document's year, as on import.
    expect(patched[0]).toMatchObject({ deadlineText: '9月底前' });
    expect(patched[0]).not.toHaveProperty('deadline');
    expect(patched[0]).not.toHaveProperty('ongoing');
  }, 90_000);
});
