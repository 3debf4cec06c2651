import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { RemindersService } from '../../api/src/modules/reminders/reminders.service';
import { createTestApp, type TestApp } from '../../api/test/support/test-app';

const CHROMIUM = '/usr/bin/chromium';
const WEB_DIST = join(__dirname, '../../../dist/web');

export interface Journey {
  t: TestApp;
  browser: Browser;
  baseUrl: string;
  /** A fresh page logged in through the login form. */
  loginAs: (username: string) => Promise<Page>;
  close: () => Promise<void>;
}

/** The real app on a free port serving dist/web, and Debian's Chromium (never a downloaded browser). */
export async function startJourney(options: { now?: Date } = {}): Promise<Journey> {
  if (!existsSync(CHROMIUM))
    throw new Error('Chromium missing: run `apt-get install -y chromium` (npm test does it)');
  if (!existsSync(join(WEB_DIST, 'index.html')))
    throw new Error('dist/web missing: the e2e target builds it first');
  const t = await createTestApp({ now: options.now, env: { WEB_DIST } });
  await t.app.listen(0, '127.0.0.1');
  const address = t.app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return {
    t,
    browser,
    baseUrl,
    loginAs: async (username) => {
      const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
      await page.goto(`${baseUrl}/login`);
      await page.getByPlaceholder(/用户名/).fill(username);
      await page.getByPlaceholder(/密码/).fill(t.fixture.password);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      return page;
    },
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}

/** The journey's app runs no worker: deliver what the ledger holds, as the worker would. */
export async function deliverPending(t: TestApp): Promise<void> {
  const reminders = t.app.get(RemindersService);
  const rows: { id: string }[] = await t.dataSource.query(
    `SELECT id FROM reminder WHERE status = 'pending' ORDER BY created_at`,
  );
  for (const { id } of rows) await reminders.deliver(id, { finalAttempt: true });
}
