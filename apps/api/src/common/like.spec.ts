import { containsPattern } from './like';

it('escapes LIKE wildcards so a search for 100% or a_b means those characters', () => {
  expect(containsPattern('100%')).toBe('%100\\%%');
  expect(containsPattern('a_b')).toBe('%a\\_b%');
  expect(containsPattern('c:\\x')).toBe('%c:\\\\x%');
  expect(containsPattern('营商环境')).toBe('%营商环境%');
});
