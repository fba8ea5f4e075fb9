import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAudit, writeAudit } from '../../src/report/index.js';
import { startDashboard } from '../../src/serve/index.js';
import { buildDashboardFixture } from '../serve/dashboard-fixture.js';
import { FIXTURES } from './hostile-data.js';

const CHROMIUM = '/usr/bin/chromium';
// Screenshots go to docs/ (committed) when KEEL_UPDATE_SCREENSHOTS=1, else to the test's temp folder.
const DOCS_DIR = join(import.meta.dirname, '../../docs');

interface Page {
  goto(url: string): Promise<unknown>;
  on(event: 'console' | 'pageerror', fn: (m: { type?: () => string; text?: () => string; message?: string }) => void): void;
  title(): Promise<string>;
  click(selector: string): Promise<void>;
  url(): string;
  screenshot(o: { path: string; fullPage: boolean }): Promise<unknown>;
  $$eval<T>(selector: string, fn: (els: unknown[]) => T): Promise<T>;
}
interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface Playwright {
  chromium: { launch(o: { executablePath: string; args: string[] }): Promise<Browser> };
}

async function loadPlaywright(): Promise<Playwright | string> {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install chromium)`;
  try {
    const name = 'playwright-core';
    return (await import(name)) as Playwright;
  } catch {
    return 'playwright-core is not installed (add it to devDependencies)';
  }
}

const pw = await loadPlaywright();
const skip = typeof pw === 'string' ? pw : undefined;
if (skip !== undefined) process.stderr.write(`browser tests skipped: ${skip}\n`);

/** Opens a page, records console errors and page errors, and checks every chart has drawn content. */
async function visit(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type?.() === 'error') errors.push(m.text?.() ?? '');
  });
  page.on('pageerror', (e) => errors.push(e.message ?? 'page error'));
  await page.goto(url);
  return { page, errors };
}

async function chartsDrawn(page: Page): Promise<{ charts: number; empty: number }> {
  // Runs in the browser: only DOM calls, no closure over test variables.
  return page.$$eval('svg.chart', (els) => ({ charts: els.length, empty: els.filter((e) => (e as { querySelectorAll(s: string): { length: number } }).querySelectorAll('path,rect,circle,line').length === 0).length }));
}

describe.skipIf(skip !== undefined)(`browser (Playwright + Debian chromium)${skip === undefined ? '' : ` — skipped: ${skip}`}`, () => {
  it('renders the audit report and the dashboard with no console errors, every chart drawn, links working', async () => {
    const p = pw as Playwright;
    const out = mkdtempSync(join(tmpdir(), 'keel-browser-'));
    const report = await runAudit({ model: join(FIXTURES, 'cnn.onnx'), data: join(FIXTURES, 'cnn_x.npy'), labels: join(FIXTURES, 'cnn_y.npy'), config: { sections: ['model', 'data', 'performance', 'explain', 'robustness', 'efficiency'] } });
    const files = writeAudit(report, join(out, 'audit'));
    const fx = await buildDashboardFixture();
    const dash = await startDashboard({ root: fx.root, storage: fx.storage });
    const browser = await p.chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const DOCS = process.env.KEEL_UPDATE_SCREENSHOTS === '1' ? DOCS_DIR : join(out, 'screenshots');
      mkdirSync(DOCS, { recursive: true });
      const r = await visit(browser, pathToFileURL(files.html).href);
      const drawn = await chartsDrawn(r.page);
      expect(drawn.charts).toBeGreaterThan(8);
      expect(drawn.empty).toBe(0);
      await r.page.click('nav a[href="#area-robustness"]');
      expect(r.page.url()).toMatch(/#area-robustness$/);
      await r.page.screenshot({ path: join(DOCS, 'audit-report.png'), fullPage: false });
      expect(r.errors).toEqual([]);

      for (const path of ['/', '/runs/0', '/studies/1', '/reports/0']) {
        const d = await visit(browser, `${dash.url}${path.slice(1)}`);
        const c = await chartsDrawn(d.page);
        if (path !== '/') expect(c.charts, path).toBeGreaterThan(0);
        expect(c.empty, path).toBe(0);
        // The payloads set document.title to 'pwned-…' if they ever run; as text they only appear inside the title.
        expect(await d.page.title()).not.toMatch(/^pwned-/);
        expect(d.errors, path).toEqual([]);
        if (path === '/') {
          await d.page.screenshot({ path: join(DOCS, 'dashboard.png'), fullPage: true });
          await d.page.click('a[href="/studies/1"]');
          expect(d.page.url()).toMatch(/\/studies\/1$/);
        }
        if (path === '/studies/1') await d.page.screenshot({ path: join(DOCS, 'dashboard-study.png'), fullPage: false });
      }
    } finally {
      await browser.close();
      await dash.close();
    }
  });
});
