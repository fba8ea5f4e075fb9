import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { demoCommand } from '../../src/cli/commands/demo.js';
import { startDashboard } from '../../src/serve/index.js';
import { buildDashboardFixture } from '../serve/dashboard-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
// Screenshots go to docs/ (committed) when KEEL_UPDATE_SCREENSHOTS=1, else to the test's temp folder.
const DOCS_DIR = join(import.meta.dirname, '../../docs');
const UPDATE = process.env.KEEL_UPDATE_SCREENSHOTS === '1';

interface Page {
  goto(url: string): Promise<unknown>;
  on(event: 'console' | 'pageerror', fn: (m: { type?: () => string; text?: () => string; message?: string }) => void): void;
  title(): Promise<string>;
  click(selector: string): Promise<void>;
  url(): string;
  screenshot(o: { path: string; fullPage: boolean }): Promise<unknown>;
  $$eval<T>(selector: string, fn: (els: unknown[]) => T): Promise<T>;
  close(): Promise<void>;
}
interface Browser {
  newPage(o?: { viewport: { width: number; height: number } }): Promise<Page>;
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

/** Opens a page, records console errors and page errors. */
async function visit(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type?.() === 'error') errors.push(m.text?.() ?? '');
  });
  page.on('pageerror', (e) => errors.push(e.message ?? 'page error'));
  await page.goto(url);
  return { page, errors };
}

/** Counts inline SVG charts and those without any drawn shape. */
async function chartsDrawn(page: Page): Promise<{ charts: number; empty: number }> {
  // Runs in the browser: only DOM calls, no closure over test variables.
  return page.$$eval('svg.chart', (els) => ({ charts: els.length, empty: els.filter((e) => (e as { querySelectorAll(s: string): { length: number } }).querySelectorAll('path,rect,circle,line').length === 0).length }));
}

/** Hrefs of the links matching `selector`. */
const hrefs = (page: Page, selector: string): Promise<string[]> => page.$$eval(selector, (els) => els.map((e) => (e as { getAttribute(n: string): string | null }).getAttribute('href') ?? ''));

describe.skipIf(skip !== undefined)(`browser (Playwright + Debian chromium)${skip === undefined ? '' : ` — skipped: ${skip}`}`, () => {
  it('renders the demo report and its dashboard with no console errors, every chart drawn, navigation working', async () => {
    const p = pw as Playwright;
    const out = join(mkdtempSync(join(tmpdir(), 'keel-browser-')), 'keel-demo');
    // The committed screenshots show what `keel demo` writes; ordinary runs use the quicker digits plan.
    const demo = await demoCommand(UPDATE ? { out, dataset: 'mnist', seed: 0 } : { out, dataset: 'digits', quick: true, seed: 0 });
    const dash = await startDashboard({ root: out, storage: `sqlite:${join(out, 'tune.db')}` });
    const browser = await p.chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const DOCS = UPDATE ? DOCS_DIR : join(out, 'screenshots');
      mkdirSync(DOCS, { recursive: true });
      const r = await visit(browser, pathToFileURL(demo.reportHtml).href);
      const drawn = await chartsDrawn(r.page);
      expect(drawn.charts).toBeGreaterThan(15);
      expect(drawn.empty).toBe(0);
      // The top of the page: gate, inputs and the summary table of the nine areas.
      expect(await r.page.$$eval('table.summary tbody tr', (rows) => rows.length)).toBe(9);
      await r.page.screenshot({ path: join(DOCS, 'audit-report.png'), fullPage: false });
      await r.page.click('nav a[href="#area-robustness"]');
      expect(r.page.url()).toMatch(/#area-robustness$/);
      await r.page.screenshot({ path: join(DOCS, 'audit-report-robustness.png'), fullPage: false });
      await r.page.click('table.summary a[href="#area-interpretability"]');
      expect(r.page.url()).toMatch(/#area-interpretability$/);
      expect(r.errors).toEqual([]);

      const index = await visit(browser, dash.url);
      const links = { runs: await hrefs(index.page, 'a[href^="/runs/"]'), studies: await hrefs(index.page, 'a[href^="/studies/"]'), reports: await hrefs(index.page, 'a[href^="/reports/"]') };
      expect([links.runs.length, links.studies.length, links.reports.length]).toEqual([1, 1, 1]);
      await index.page.screenshot({ path: join(DOCS, 'dashboard.png'), fullPage: true });
      await index.page.click(`a[href="${links.studies[0]!}"]`);
      expect(index.page.url()).toMatch(/\/studies\/\d+$/);
      expect(index.errors).toEqual([]);
      const shots: Record<string, string> = { [links.runs[0]!]: 'dashboard-run.png', [links.studies[0]!]: 'dashboard-study.png', [links.reports[0]!]: '' };
      for (const [path, shot] of Object.entries(shots)) {
        const d = await visit(browser, `${dash.url}${path.slice(1)}`);
        const c = await chartsDrawn(d.page);
        expect(c.charts, path).toBeGreaterThan(path.startsWith('/reports/') ? 15 : 0);
        expect(c.empty, path).toBe(0);
        expect(d.errors, path).toEqual([]);
        if (shot !== '') await d.page.screenshot({ path: join(DOCS, shot), fullPage: false });
        await d.page.close();
      }
    } finally {
      await browser.close();
      await dash.close();
    }
  }, 600_000);

  it('shows hostile names in the dashboard as text: nothing runs, no console errors', async () => {
    const p = pw as Playwright;
    const fx = await buildDashboardFixture();
    const dash = await startDashboard({ root: fx.root, storage: fx.storage });
    const browser = await p.chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      for (const path of ['/', '/runs/0', '/studies/1', '/reports/0']) {
        const d = await visit(browser, `${dash.url}${path.slice(1)}`);
        const c = await chartsDrawn(d.page);
        if (path !== '/') expect(c.charts, path).toBeGreaterThan(0);
        expect(c.empty, path).toBe(0);
        // The payloads set document.title to 'pwned-…' if they ever run; as text they only appear inside the title.
        expect(await d.page.title()).not.toMatch(/^pwned-/);
        expect(d.errors, path).toEqual([]);
        await d.page.close();
      }
    } finally {
      await browser.close();
      await dash.close();
    }
  });
});
