import { join } from 'node:path';
import type { Page } from 'playwright-core';

export const PHONES = [
  { width: 390, height: 844 },
  { width: 360, height: 780 },
];

/** Collects console errors and uncaught page errors, for a journey to assert there were none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  return errors;
}

/**
 * The page at each phone size: nothing wider than the screen (scrollWidth ≤ innerWidth), and a screenshot for
 * the record under `folder`. A failure names what sticks out, so it says where to look.
 */
export async function expectFits(page: Page, folder: string, name: string, sizes = PHONES): Promise<void> {
  for (const size of sizes) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(folder, `${name}-${size.width}.png`), fullPage: true });
    const { scrollWidth, innerWidth, wide } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      wide: [...document.querySelectorAll('body *')]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 6)
        .map((element) => `${element.tagName}.${element.className}`),
    }));
    expect({ name, size: size.width, scrollWidth, wide: scrollWidth > innerWidth ? wide : [] }).toEqual({
      name,
      size: size.width,
      scrollWidth: innerWidth,
      wide: [],
    });
  }
  await page.setViewportSize(sizes[0]);
}

/** The hrefs of the phone's menu drawer (opened and closed again). */
export async function drawerEntries(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: '打开菜单' }).click();
  const menu = page.getByRole('menu', { name: '主菜单' });
  await menu.waitFor();
  const entries = (await menu
    .locator('.ant-menu-item a')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href')))) as string[];
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden' });
  return entries;
}
