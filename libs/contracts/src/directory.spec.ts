import { createUnitSchema, createUserSchema, passwordProblem } from './directory';

describe('unit and user names', () => {
  it('refuses invisible and control characters, so a zero-width copy of a name cannot be made', () => {
    for (const name of [
      '测试市\u200b财政局',
      '测试市财政局\u200d',
      '\u202e测试市财政局',
      '测试\u0007市财政局',
    ]) {
      const result = createUnitSchema.safeParse({ name });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/不可见字符/);
    }
  });

  it('normalises compatibility forms (NFKC) but keeps full-width Chinese punctuation', () => {
    expect(createUnitSchema.parse({ name: '  测试市第２中学\u3000' }).name).toBe('测试市第2中学');
    expect(createUnitSchema.parse({ name: '各县（市、区）人民政府' }).name).toBe('各县（市、区）人民政府');
    const user = { username: 'clerk', unitId: null, roles: ['unit'], password: 'x8#Lq2!vPz' };
    expect(createUserSchema.safeParse({ ...user, displayName: '张\u200b三' }).success).toBe(false);
  });
});

describe('password policy', () => {
  it('refuses short, common and username-bearing passwords', () => {
    expect(passwordProblem('Ab1!', 'clerk')).toMatch(/至少 8 位/);
    expect(passwordProblem('12345678', 'clerk')).toMatch(/常见/);
    expect(passwordProblem('P@ssw0rd', 'clerk')).toMatch(/常见/);
    expect(passwordProblem('aaaaaaaaaa', 'clerk')).toMatch(/常见/);
    expect(passwordProblem('Clerk2024!x', 'clerk')).toMatch(/用户名/);
    expect(passwordProblem('x8#Lq2!vPz', 'clerk')).toBeNull();
  });
});
