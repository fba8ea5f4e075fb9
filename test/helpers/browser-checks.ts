/**
 * Browser checks of Keel's pictures, shared by the browser tests: Playwright (playwright-core)
 * drives Debian's chromium; every inline chart must have marks, non-overlapping tick labels, all
 * text inside the figure and a legend or colour bar wherever colour encodes data; axe-core
 * (injected into the page) must report no serious or critical accessibility violation.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const CHROMIUM = '/usr/bin/chromium';

/** The part of Playwright's Page the tests use. */
export interface Page {
  goto(url: string): Promise<unknown>;
  on(event: 'console' | 'pageerror', fn: (m: { type?: () => string; text?: () => string; message?: string }) => void): void;
  title(): Promise<string>;
  click(selector: string): Promise<void>;
  selectOption(selector: string, value: string): Promise<unknown>;
  waitForURL(url: RegExp): Promise<void>;
  url(): string;
  screenshot(o: { path: string; fullPage: boolean }): Promise<unknown>;
  $$eval<T>(selector: string, fn: (els: unknown[]) => T): Promise<T>;
  evaluate<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}
export interface Browser {
  newPage(o?: { viewport?: { width: number; height: number }; bypassCSP?: boolean }): Promise<Page>;
  close(): Promise<void>;
}
export interface Playwright {
  chromium: { launch(o: { executablePath: string; args: string[] }): Promise<Browser> };
}

/** Playwright, or why the browser tests are skipped. */
export async function loadPlaywright(): Promise<Playwright | string> {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install chromium)`;
  try {
    const name = 'playwright-core';
    return (await import(name)) as Playwright;
  } catch {
    return 'playwright-core is not installed (add it to devDependencies)';
  }
}

/** Opens a page, recording console errors and page errors. */
export async function visit(browser: Browser, url: string, o: { bypassCSP?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, ...(o.bypassCSP === true ? { bypassCSP: true } : {}) });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type?.() === 'error') errors.push(m.text?.() ?? '');
  });
  page.on('pageerror', (e) => errors.push(e.message ?? 'page error'));
  await page.goto(url);
  return { page, errors };
}

/** What the figure checks found on one page. */
export interface FigureAudit {
  readonly charts: number;
  /** Problems, one line each (chart id: what is wrong). */
  readonly problems: string[];
}

// Runs inside the page (plain JavaScript, no closure over test variables).
const FIGURE_CHECKS = `(() => {
  const problems = [];
  const charts = [...document.querySelectorAll('svg.chart')];
  const box = (e) => e.getBoundingClientRect();
  const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
  for (const svg of charts) {
    const id = (svg.querySelector('title') || {}).id || '?';
    // Open folded data tables do not matter here; charts must be visible to be measured.
    const s = box(svg);
    if (s.width === 0) { problems.push(id + ': not displayed'); continue; }
    if (svg.querySelectorAll('.mark, path.series, rect.cell, rect.bar').length === 0) problems.push(id + ': no marks');
    const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim() !== '');
    for (const t of texts) {
      const b = box(t);
      if (b.left < s.left - 1 || b.right > s.right + 1 || b.top < s.top - 1 || b.bottom > s.bottom + 1) problems.push(id + ': text outside the figure: ' + t.textContent);
    }
    const ticks = [...svg.querySelectorAll('text.tick')].filter((t) => t.textContent.trim() !== '');
    for (let i = 0; i < ticks.length; i++) for (let j = i + 1; j < ticks.length; j++) {
      if (ticks[i].parentNode === ticks[j].parentNode && overlap(box(ticks[i]), box(ticks[j]))) problems.push(id + ': tick labels overlap: ' + ticks[i].textContent + ' / ' + ticks[j].textContent);
    }
    const colour = svg.getAttribute('data-colour');
    if ((colour === 'series' || colour === 'categories') && !svg.querySelector('g.legend')) problems.push(id + ': colour encodes ' + colour + ' but there is no legend');
    if (colour === 'scale' && !svg.querySelector('g.colourbar')) problems.push(id + ': colour scale without a colour bar');
    if (colour === null) problems.push(id + ': does not say what colour encodes');
  }
  return { charts: charts.length, problems };
})()`;

/**
 * Checks every chart of the page: marks drawn, no overlapping tick labels, no text outside the
 * figure, a legend or colour bar where colour encodes data.
 */
export function auditFigures(page: Page): Promise<FigureAudit> {
  return page.evaluate<FigureAudit>(FIGURE_CHECKS);
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/**
 * Runs axe-core in the page (which must have been opened with `bypassCSP`, since Keel's pages
 * allow no script) and returns its serious and critical violations, one line each.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated rather than added as a tag, so it also runs in a bare SVG document.
  await page.evaluate(`${axeSource};0`);
  return page.evaluate<string[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.impact + ' ' + v.id + ': ' + v.help + ' (' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ') + ')'))`,
  );
}
