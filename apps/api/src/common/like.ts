/** `%text%` for (I)LIKE with the user's `%`, `_` and `\` taken literally (backslash is LIKE's default escape). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
