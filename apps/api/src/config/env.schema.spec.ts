import { loadConfig } from './env.schema';

const base = { DATABASE_URL: 'postgres://localhost/duban' };

describe('configuration', () => {
  it('fills development defaults', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      env: 'development',
      role: 'all',
      port: 3000,
      redis: { url: 'redis://127.0.0.1:6379', prefix: 'duban' },
    });
    expect(config.demo).toEqual({ enabled: true, password: 'Duban@2023' });
  });

  it('refuses to start in production without a JWT secret and an admin password, naming both', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET: required in production[\s\S]*ADMIN_PASSWORD: required in production/,
    );
  });

  it('refuses a weak JWT secret in production', () => {
    for (const weak of ['a-long-production-secret', 'change-me-to-a-long-random-string', 'a'.repeat(40)]) {
      expect(() =>
        loadConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: weak, ADMIN_PASSWORD: 'admin-password' }),
      ).toThrow(/JWT_SECRET: too weak/);
    }
  });

  it('never loads demo data in production', () => {
    const config = loadConfig({
      ...base,
      NODE_ENV: 'production',
      JWT_SECRET: 'q8Zr4pW1xK9vN2mT7bY5cH3jL6sD0fGa',
      ADMIN_PASSWORD: 'admin-password',
      DEMO_DATA: 'true',
    });
    expect(config.demo.enabled).toBe(false);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ ...base, PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({})).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ...base, APP_ROLE: 'both' })).toThrow(/APP_ROLE/);
  });
});
