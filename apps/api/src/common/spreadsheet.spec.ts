import { safeCell } from './spreadsheet';

describe('safeCell', () => {
  it('quote-prefixes text that a spreadsheet would run as a formula, and nothing else', () => {
    for (const formula of ['=HYPERLINK("http://x","点我")', '+1+1', '-2+3', '@SUM(A1)', '\t=1'])
      expect(safeCell(formula)).toBe(`'${formula}`);
    expect(safeCell('推行新设企业“开办即开户”')).toBe('推行新设企业“开办即开户”');
    expect(safeCell('')).toBe('');
  });
});
