import { documentDeadline, documentYear, parseDeadline, parsePolicyText } from './index';
import { arabicDate, looksLikeDeadline, parseDeadlineDetail } from './deadline';

describe('parseDeadline', () => {
  it.each([
    ['2023年底前', null, '2023-12-31'],
    ['2023 年12 月', null, '2023-12-31'],
    ['2023年6月底前', null, '2023-06-30'],
    ['2023 年 10 月底前', null, '2023-10-31'],
    ['2024年2月底前', null, '2024-02-29'],
    ['2023年上半年', null, '2023-06-30'],
    ['2023年下半年', null, '2023-12-31'],
    ['三季度', 2023, '2023-09-30'],
    ['2023年第一季度', null, '2023-03-31'],
    ['6月底前', 2023, '2023-06-30'],
    ['3 月20 日前', 2023, '2023-03-20'],
    ['2023年9月30日', null, '2023-09-30'],
    ['2025年第三季度', null, '2025-09-30'],
    ['2024年12月31日前', null, '2024-12-31'],
    ['2025年6月上旬', null, '2025-06-10'],
    ['11月中旬前', 2025, '2025-11-20'],
    ['2025年6月下旬', null, '2025-06-30'],
    ['2025年年中', null, '2025-06-30'],
    ['年内完成', 2025, '2025-12-31'],
    ['2025.9', null, '2025-09-30'],
    ['2025.09.15前', null, '2025-09-15'],
    ['2025/12/31', null, '2025-12-31'],
    ['2025-2027年', null, '2027-12-31'],
    ['二〇二五年十二月底前', null, '2025-12-31'],
    ['二〇二五年三月三十一日前', null, '2025-03-31'],
    ['十一月二十日', 2025, '2025-11-20'],
    ['２０２５年６月底前', null, '2025-06-30'],
  ])('%s → %s', (text, year, want) => {
    expect(parseDeadline(text, year)).toEqual({ deadline: want, ongoing: false });
  });

  it('reads "X节前" as the day before the festival that year, and no date around or during it', () => {
    // 春节 2024 is 10 February, 中秋 2024 17 September, 端午 2025 31 May, 清明 2024 4 April
    const read = (text: string) => parseDeadline(text, 2024).deadline;
    expect(['2024年春节前', '2024年中秋节前', '2025年端午节前', '2024年清明节前'].map(read)).toEqual([
      '2024-02-09',
      '2024-09-16',
      '2025-05-30',
      '2024-04-03',
    ]);
    expect(['2024年元旦前', '国庆节前', '五一劳动节前'].map(read)).toEqual([
      '2023-12-31',
      '2024-09-30',
      '2024-04-30',
    ]);
    expect(['2024年春节期间', '春节前后', '春节后'].map(read)).toEqual([null, null, null]);
    // one festival under two names is one date
    expect(parseDeadlineDetail('2024年五一劳动节前', null).dateCount).toBe(1);
  });

  it('takes the next festival after the notice when the festival has no year', () => {
    expect(parseDeadlineDetail('春节前', 2023, '2023-11-20').deadline).toBe('2024-02-09');
    expect(parseDeadlineDetail('春节前', 2023, '2023-01-05').deadline).toBe('2023-01-21');
    // a printed year is kept even when it is behind the notice (deadline_before_document says so)
    expect(parseDeadlineDetail('2023年春节前', 2023, '2023-11-20').deadline).toBe('2023-01-21');
    expect(looksLikeDeadline('春节前完成')).toBe(true);
  });

  it('takes the document year for a month without one, and none without any year', () => {
    expect(parseDeadline('6月底前', 2022).deadline).toBe('2022-06-30');
    expect(parseDeadline('6月底前', null).deadline).toBeNull();
  });

  it('marks ongoing work', () => {
    for (const t of ['长期坚持', '持续推进', '长期', '常态化'])
      expect(parseDeadline(t, 2023)).toEqual({ deadline: null, ongoing: true });
    expect(parseDeadline('2023年6月底前，长期坚持', null)).toEqual({ deadline: '2023-06-30', ongoing: true });
  });

  it('does not take the year work starts ("2025年起", "自2025年3月开始") for a deadline', () => {
    expect(parseDeadline('2025年起长期坚持', null)).toEqual({ deadline: null, ongoing: true });
    expect(parseDeadline('自2025年3月开始，2025年底前完成', null).deadline).toBe('2025-12-31');
    expect(parseDeadlineDetail('自2025年3月起', null).dateCount).toBe(0);
  });

  it('reads a duration ("3年内", "两年内", "三年内完成") as no deadline, unlike 年内 on its own', () => {
    for (const t of ['3年内', '3 年内完成', '两年内', '一年内', '三年内完成', '十年内', '几年内', '半年内'])
      expect(parseDeadlineDetail(t, 2025)).toEqual({ deadline: null, ongoing: false, dateCount: 0 });
  });

  it('reads 一月 as a month only where a date says so (一月一调度 is "once a month")', () => {
    expect(arabicDate('一月一调度、一季一通报')).toBe('一月一调度、一季一通报');
    expect(parseDeadlineDetail('一月一调度、一季一通报', 2025).dateCount).toBe(0);
    for (const [t, want] of [
      ['三月底前', '2025-03-31'],
      ['五月前', '2025-05-31'],
      ['九月上旬', '2025-09-10'],
      ['二月十日', '2025-02-10'],
      ['2025年三月', '2025-03-31'],
      ['截至七月', '2025-07-31'],
    ])
      expect(parseDeadline(t, 2025).deadline).toBe(want);
    const [document] = parsePolicyText(
      [
        '关于做好调度工作的通知',
        '测政办〔2025〕8号',
        '1.建立调度机制。（牵头单位：市发展改革委；完成时限：一月一调度、一季一通报）',
      ].join('\n'),
    ).documents;
    expect(document.measures[0].deadline).toBeNull();
  });

  it('keeps a date before 起草/起步, reads 2025年中 as mid-year but not 2025年中央, and no year outside 19xx/20xx', () => {
    expect(parseDeadline('2025年底起草完成', null).deadline).toBe('2025-12-31');
    expect(parseDeadline('2025年6月起步', null).deadline).toBe('2025-06-30');
    expect(parseDeadline('2025年中', null).deadline).toBe('2025-06-30');
    expect(parseDeadline('2025年中前完成', null).deadline).toBe('2025-06-30');
    expect(parseDeadline('2025年中央资金到位', null).deadline).toBe('2025-12-31');
    expect(parseDeadlineDetail('1200.5', null).dateCount).toBe(0);
    expect(looksLikeDeadline('1200.5')).toBe(false);
    expect(looksLikeDeadline('2025.5')).toBe(true);
  });

  it('reads a month with 份 or 完成 and no year (三月份, 七月完成, 9月份前) in the document year', () => {
    for (const [t, want] of [
      ['三月份', '2023-03-31'],
      ['七月完成', '2023-07-31'],
      ['9月份前', '2023-09-30'],
      ['十二月份前', '2023-12-31'],
      ['2023年十月份', '2023-10-31'],
      ['三月以前', '2023-03-31'],
      ['六月之前', '2023-06-30'],
    ])
      expect(parseDeadline(t, 2023).deadline).toBe(want);
    expect(parseDeadline('一月一调度', 2023).deadline).toBeNull();
  });

  it('reads four digits before 年 as a year only when they are 19xx/20xx (not 1000年, 5000年6月, 12000年)', () => {
    for (const t of ['1000年', '5000年底前', '5000年6月', '12000年', '3000年上半年'])
      expect(parseDeadlineDetail(t, 2023)).toEqual({ deadline: null, ongoing: false, dateCount: 0 });
    for (const t of ['1000年', '5000年底前']) expect(looksLikeDeadline(t)).toBe(false);
    expect(parseDeadline('1999年12月', null).deadline).toBe('1999-12-31');
  });

  it('reads 今年/本年度 as the document year and 明年/次年 as the next, only before a date', () => {
    for (const [t, want] of [
      ['明年6月底前', '2024-06-30'],
      ['明年底前', '2024-12-31'],
      ['次年3月', '2024-03-31'],
      ['明年上半年', '2024-06-30'],
      ['今年三月份', '2023-03-31'],
      ['本年度内', '2023-12-31'],
    ])
      expect(parseDeadline(t, 2023).deadline).toBe(want);
    expect(parseDeadline('明年6月底前', null).deadline).toBeNull();
    expect(parseDeadline('明年起长期坚持', 2023)).toEqual({ deadline: null, ongoing: true });
    expect(looksLikeDeadline('明年6月底前')).toBe(true);
  });

  it('takes the last of several dates; a later month inherits the earlier year', () => {
    expect(parseDeadline('2023年6月底前完成试点，2024年底前全面推开', null).deadline).toBe('2024-12-31');
    expect(parseDeadline('2023年6月底前、12月底前', null).deadline).toBe('2023-12-31');
    expect(parseDeadlineDetail('2023年6月底前、12月底前', null).dateCount).toBe(2);
  });
});

describe('documentYear: which year "6月底前" belongs to', () => {
  it.each([
    [{ issuedOn: '2023-03-01', docNumber: '测政办〔2023〕9号' }, null, 2023],
    [{ issuedOn: null, docNumber: '测政办〔2022〕8号' }, null, 2022],
    [{ issuedOn: null, docNumber: '赣市府办字（2023）52号' }, null, 2023],
    [{ issuedOn: '2024-01-05', docNumber: '测政办〔2023〕99号' }, null, 2024],
    [{ issuedOn: null, docNumber: '测政办9号' }, 2021, 2021],
    [{}, null, null],
  ])('%j (fallback %s) → %s', (document, fallback, want) => {
    expect(documentYear(document, fallback)).toBe(want);
  });

  it('reads a deadline text against the document, as the parser does on import', () => {
    const text = [
      '关于做好企业服务工作的通知',
      '测政办〔2022〕8号',
      '1.开展企业服务工作。（牵头单位：市行政审批局；完成时限：6月底前）',
    ];
    const [document] = parsePolicyText(text.join('\n')).documents;
    expect(document.measures[0].deadline).toBe('2022-06-30');
    expect(documentDeadline('6月底前', document)).toEqual({ deadline: '2022-06-30', ongoing: false });
  });
});
