import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { DuplicateDocument, ImportedDocument, ImportJobView } from '@duban/contracts';
import { get, post } from '../../test/fetch-mock';
import { renderApp, userWith } from '../../test/render';

const earlier: DuplicateDocument = {
  id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  title: '河北省应急管理厅关于印发20条措施的通知（早先导入）',
  docNumber: '冀应急〔2023〕4号',
  status: 'published',
  reason: 'doc_number',
};
// A compilation of three notices; only the second is already in the system.
const compilation: ImportedDocument[] = [
  ['b1', '河北省市场监督管理局关于印发知识产权行政保护实施方案的通知', '冀市监函〔2023〕113号', []],
  ['b2', '河北省应急管理厅关于印发20条措施的通知', '冀应急〔2023〕4号', [earlier]],
  ['b3', '河北省市场监管系统双随机工作要点', '冀市监办〔2023〕2号', []],
].map(([id, title, docNumber, duplicates]) => ({
  id: `bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbb${id as string}`.slice(0, 36),
  title: title as string,
  docNumber: docNumber as string,
  measureCount: 12,
  duplicates: duplicates as DuplicateDocument[],
}));

function openImport(reply: () => unknown, job?: () => ImportJobView) {
  const view = renderApp('/documents', {
    user: userWith(['supervisor']),
    handlers: [
      get('/documents', () => ({ items: [], total: 0, page: 1, pageSize: 20 })),
      post('/documents/import', reply),
      ...(job ? [get(/^\/documents\/import-jobs\//, job)] : []),
    ],
  });
  return view;
}

async function pasteAndImport() {
  fireEvent.click(await screen.findByText('导入文件'));
  const dialog = await waitFor(() => document.querySelector<HTMLElement>('.ant-modal')!);
  fireEvent.change(within(dialog).getByLabelText('文件正文'), { target: { value: '汇编正文' } });
  fireEvent.click(within(dialog).getByText('解析导入'));
}

/** The dialog's list: each notice, and the duplicate warnings under the ones they concern. */
async function importedRows() {
  const list = await screen.findByRole('list', { name: '导入的文件' });
  return within(list).getAllByRole('listitem');
}

describe('ImportDialog: duplicates named for each notice of a compilation', () => {
  it('warns under the one notice of a background-parsed compilation that is already in the system', async () => {
    const { router } = openImport(
      () => ({ jobId: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc', state: 'waiting' }),
      () => ({
        jobId: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc',
        state: 'completed',
        progress: 100,
        documentIds: compilation.map((d) => d.id),
        documents: compilation,
        error: null,
      }),
    );
    await pasteAndImport();
    const rows = await importedRows();
    expect(rows).toHaveLength(3);
    expect(screen.getByText('已导入 3 份文件，其中 1 份可能已在系统中')).toBeTruthy();
    const [first, second, third] = rows;
    expect(within(first).queryByText('该文件可能已导入过')).toBeNull();
    expect(within(third).queryByText('该文件可能已导入过')).toBeNull();
    expect(within(second).getByText('该文件可能已导入过')).toBeTruthy();
    expect(second.textContent).toContain('发文字号相同');
    const link = within(second).getByText(earlier.title).closest('a')!;
    expect(link.getAttribute('href')).toBe(`/documents/${earlier.id}`);
    // Each notice opens from the list; the dialog stays until the supervisor has read it.
    expect(within(second).getByText(compilation[1].title).closest('a')!.getAttribute('href')).toBe(
      `/documents/${compilation[1].id}`,
    );
    expect(router.state.location.pathname).toBe('/documents');
    fireEvent.click(link);
    await waitFor(() => expect(router.state.location.pathname).toBe(`/documents/${earlier.id}`));
  }, 90_000);

  it('warns the same way on a direct import, and opens a clean single notice at once', async () => {
    let answer: ImportedDocument[] = [compilation[1]];
    const { router } = openImport(() => ({ documents: answer }));
    await pasteAndImport();
    const [row] = await importedRows();
    expect(within(row).getByText('该文件可能已导入过')).toBeTruthy();
    fireEvent.click(screen.getByText('完 成'));
    await waitFor(() => expect(screen.queryByRole('list', { name: '导入的文件' })).toBeNull());

    answer = [compilation[0]];
    await pasteAndImport();
    await waitFor(() => expect(router.state.location.pathname).toBe(`/documents/${compilation[0].id}`));
  }, 90_000);
});
