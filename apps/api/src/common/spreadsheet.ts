// Text from users goes into sheets an office opens in Excel/WPS: a cell starting with = + - @ (or a
// tab/CR that hides one) would run as a formula (CSV/formula injection). A leading apostrophe
// keeps it text, as the spreadsheet programs themselves do.
const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
