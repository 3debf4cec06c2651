import { existsSync } from 'node:fs';
import { Document, Packer, Paragraph } from 'docx';
import PDFDocument from 'pdfkit';
import { DEFAULT_EXTRACT_LIMITS } from './file-text';
import { extractText, parsePolicyText } from './index';

const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';

const LINES = [
  '1. 测试市人民政府办公室关于印发测试方案的通知（2023 年 5 月 8 日）',
  '测政办〔2023〕5 号',
  '一、主要任务',
  '（一）推行新设企业“开办即开户”。鼓励银行金融机构进驻各级政务服务大厅。（牵头单位：市行政审批局；配合单位：各县（市、区）人民政府；完成时限：2023 年 10 月底前）',
  '（二）推行“远程视频踏勘”。制定事项清单。（牵头单位：市发改委；完成时限：6月底前）',
];

function expectParsed(text: string) {
  const { documents } = parsePolicyText(text);
  expect(documents).toHaveLength(1);
  const [doc] = documents;
  expect(doc).toMatchObject({ docNumber: '测政办〔2023〕5号', issuedOn: '2023-05-08', region: '测试市' });
  expect(doc.measures.map((m) => [m.number, m.title, m.leadUnits, m.responsibleUnits, m.deadline])).toEqual([
    ['一', '推行新设企业“开办即开户”', ['市行政审批局'], ['各县（市、区）人民政府'], '2023-10-31'],
    ['二', '推行“远程视频踏勘”', ['市发改委'], [], '2023-06-30'],
  ]);
}

function buildPdf(lines: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font(CJK_FONT, 'WenQuanYiZenHei').fontSize(11);
    lines.forEach((l, i) => {
      if (i === lines.length - 1) doc.addPage(); // the last measure on page 2
      doc.text(l);
    });
    doc.end();
  });
}

describe('extractText', () => {
  it('reads .txt and .md as UTF-8 without a BOM', async () => {
    const text = await extractText(Buffer.from('\ufeff' + LINES.join('\n'), 'utf8'), '通知.txt');
    expect(text.startsWith('1.')).toBe(true);
    expectParsed(text);
    expectParsed(await extractText(Buffer.from(LINES.join('\n\n')), 'notice.md'));
  });

  it('reads a .docx built in the test', async () => {
    const doc = new Document({ sections: [{ children: LINES.map((l) => new Paragraph(l)) }] });
    const buffer = await Packer.toBuffer(doc);
    const text = await extractText(buffer, '通知.docx');
    expect(text).toContain('测政办〔2023〕5 号');
    expectParsed(text);
  });

  (existsSync(CJK_FONT) ? it : it.skip)(
    'reads a .pdf built in the test, with page markers and wrapped lines',
    async () => {
      const text = await extractText(await buildPdf(LINES), '通知.pdf');
      expect(text).toMatch(/^# Page 1:/);
      expect(text).toContain('# Page 2:');
      expectParsed(text);
    },
    20000,
  );

  it('refuses unsupported and empty files with a Chinese message', async () => {
    await expect(extractText(Buffer.from('x'), 'a.xlsx')).rejects.toThrow('不支持的文件类型');
    await expect(extractText(Buffer.from('  \n'), 'a.txt')).rejects.toThrow('没有可识别的文字');
    await expect(extractText(Buffer.from('not a pdf'), 'a.pdf')).rejects.toThrow('PDF');
  });

  it('refuses a .docx that inflates past the limit before decoding it (a zip bomb)', async () => {
    const doc = new Document({ sections: [{ children: [new Paragraph('督'.repeat(2_000_000))] }] });
    const bomb = await Packer.toBuffer(doc);
    expect(bomb.length).toBeLessThan(512 * 1024);
    const limits = { ...DEFAULT_EXTRACT_LIMITS, maxInflatedBytes: 4 * 1024 * 1024 };
    const started = Date.now();
    await expect(extractText(bomb, 'bomb.docx', limits)).rejects.toThrow(/解压后超过 4 MB/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('gives up on a file that takes longer than the hard timeout, in a thread that is then ended', async () => {
    const doc = new Document({ sections: [{ children: LINES.map((l) => new Paragraph(l)) }] });
    const buffer = await Packer.toBuffer(doc);
    await expect(
      extractText(buffer, 'slow.docx', { ...DEFAULT_EXTRACT_LIMITS, timeoutMs: 1 }),
    ).rejects.toThrow(/解析超时/);
  });
});
