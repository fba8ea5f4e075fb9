import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { demoCommand } from '../../src/cli/commands/demo.js';
import { startDashboard } from '../../src/serve/index.js';
import { checkCommand } from '../../src/cli/commands/check.js';
import { fairnessCommand } from '../../src/cli/commands/fairness.js';
import { trainFitCommand } from '../../src/cli/commands/train-fit.js';
import { curvesSvg } from '../../src/train/index.js';
import { readTrainingHistory } from '../../src/data/index.js';
import { MedianPruner, RandomSampler, TrialPruned, createStudy, renderStudyHtml } from '../../src/tune/index.js';
import { readSklearnCsv, writeCsv } from '../data/helpers.js';
import { writeAdult, writeMnist, writeMnistFolders, writeMnistIdx, writeSms } from '../data/quality-fixtures.js';
import { decodeImage } from '../../src/io/index.js';
import { buildDashboardFixture } from '../serve/dashboard-fixture.js';
import { auditFigures, axeViolations, CHROMIUM, loadPlaywright, visit, type Browser, type Page, type Playwright } from '../helpers/browser-checks.js';

// Screenshots go to docs/ (committed) when KEEL_UPDATE_SCREENSHOTS=1, else to the test's temp folder.
const DOCS_DIR = join(import.meta.dirname, '../../docs');
const UPDATE = process.env.KEEL_UPDATE_SCREENSHOTS === '1';

const pw = await loadPlaywright();
const skip = typeof pw === 'string' ? pw : undefined;
if (skip !== undefined) process.stderr.write(`browser tests skipped: ${skip}\n`);

/** Counts inline SVG charts and those without any drawn shape. */
async function chartsDrawn(page: Page): Promise<{ charts: number; empty: number }> {
  // Runs in the browser: only DOM calls, no closure over test variables.
  return page.$$eval('svg.chart', (els) => ({ charts: els.length, empty: els.filter((e) => (e as { querySelectorAll(s: string): { length: number } }).querySelectorAll('path,rect,circle,line').length === 0).length }));
}

/**
 * Opens `url` again with the CSP bypassed (axe-core is a script, and Keel's pages allow none) and
 * expects every chart to pass the figure checks and the page to have no serious or critical axe
 * violation.
 */
async function expectGoodPictures(browser: Browser, url: string): Promise<number> {
  const { page } = await visit(browser, url, { bypassCSP: true });
  try {
    const f = await auditFigures(page);
    expect(f.problems, url).toEqual([]);
    expect(await axeViolations(page), url).toEqual([]);
    return f.charts;
  } finally {
    await page.close();
  }
}

/**
 * The data-quality pictures of a keel check page: which figures it has, and that every gallery
 * image is an inline PNG that decoded (no external asset) with its alt text.
 */
async function expectDataPictures(page: Page, file: string): Promise<void> {
  const ids = await page.$$eval('figure.figure', (els) => els.map((e) => (e as { id: string }).id));
  const images = await page.$$eval('.gallery img', (els) => els.map((e) => {
    const img = e as { src: string; naturalWidth: number; alt: string };
    return { data: img.src.startsWith('data:image/png;base64,'), width: img.naturalWidth, alt: img.alt !== '' };
  }));
  const texts = await page.$$eval('.gallery blockquote', (els) => els.length);
  const expected: Record<string, string[]> = {
    'check.html': ['fig-data-drift-0', 'fig-data-missing-rate', 'fig-data-missing-matrix', 'fig-data-outliers-0'],
    'check-images.html': ['fig-data-pixel-drift', 'fig-data-pixel-outliers', 'fig-data-label-issues'],
    'check-text.html': ['fig-data-label-issues'],
    'check-idx.html': ['fig-data-pixel-drift', 'fig-data-pixel-outliers'],
    'check-folder.html': ['fig-data-pixel-drift', 'fig-data-pixel-outliers'],
  };
  for (const id of expected[file] ?? []) expect(ids, file).toContain(id);
  if (file === 'check.html') expect(await page.$$eval('table#data-duplicate-groups tbody tr', (rows) => rows.length)).toBeGreaterThan(0);
  if (file === 'check-images.html') {
    expect(images.length).toBeGreaterThan(0);
    expect(images.every((i) => i.data && i.width === 28 && i.alt), file).toBe(true);
  }
  if (file === 'check-text.html') expect(texts).toBeGreaterThan(0);
}

/** Hrefs of the links matching `selector`. */
const hrefs = (page: Page, selector: string): Promise<string[]> => page.$$eval(selector, (els) => els.map((e) => (e as { getAttribute(n: string): string | null }).getAttribute('href') ?? ''));

describe.skipIf(skip !== undefined)(`browser (Playwright + Debian chromium)${skip === undefined ? '' : ` — skipped: ${skip}`}`, () => {
  it('renders the demo report and its dashboard with no console errors, every chart drawn, navigation working', async () => {
    const p = pw as Playwright;
    const out = join(mkdtempSync(join(tmpdir(), 'keel-browser-')), 'keel-demo');
    // The committed screenshots show what `keel demo` writes; ordinary runs use the quicker digits plan.
    const demo = await demoCommand(UPDATE ? { out, dataset: 'mnist', seed: 0 } : { out, dataset: 'digits', quick: true, seed: 0 });
    // Three more real runs for the comparison page: the wine data trained at three learning rates.
    const { features, labels, header } = readSklearnCsv('wine_data.csv');
    const wine = writeCsv(out, 'wine.csv', [header, ...features.map((f, i) => [...f, labels[i]!])]);
    const rates = ['0.0003', '0.003', '0.03'];
    for (const lr of rates) await trainFitCommand({ data: wine, target: 'label', out: join(out, 'wine', `lr-${lr}`), epochs: 30, lr: Number(lr), seed: 0 });
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
      await expectGoodPictures(browser, pathToFileURL(demo.reportHtml).href);
      const curves = join(out, 'curves.svg');
      writeFileSync(curves, curvesSvg(readTrainingHistory(join(out, 'train', 'history.json'))));
      expect(await expectGoodPictures(browser, pathToFileURL(curves).href)).toBe(2);

      const index = await visit(browser, dash.url);
      const links = { runs: await hrefs(index.page, 'a[href^="/runs/"]'), studies: await hrefs(index.page, 'a[href^="/studies/"]'), reports: await hrefs(index.page, 'a[href^="/reports/"]') };
      expect([links.runs.length, links.studies.length, links.reports.length]).toEqual([4, 1, 1]);
      type Link = { textContent: string | null; getAttribute(n: string): string | null };
      const wineRuns = (await index.page.$$eval('a[href^="/runs/"]', (els) => (els as Link[]).map((e) => ({ name: e.textContent ?? '', href: e.getAttribute('href') ?? '' })))).filter((l) => l.name.startsWith('wine/')).map((l) => l.href.replace('/runs/', ''));
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
        await expectGoodPictures(browser, `${dash.url}${path.slice(1)}`);
      }
      await expectGoodPictures(browser, dash.url);

      // Run comparison: the three wine runs overlaid, smoothed, raw values faint; the served script
      // reloads the page with the new query when a control changes.
      expect(wineRuns).toHaveLength(3);
      const compareUrl = `${dash.url}compare?${wineRuns.map((id) => `run=${id}`).join('&')}&metric=val_loss&smooth=0.6`;
      const cmp = await visit(browser, compareUrl);
      expect(await cmp.page.$$eval('svg.chart path.series', (els) => els.length)).toBe(6);
      const texts = (selector: string): Promise<(string | null)[]> => cmp.page.$$eval(selector, (els) => (els as { textContent: string | null }[]).map((e) => e.textContent));
      expect(await texts('svg.chart g.legend text')).toEqual(rates.map((lr) => `wine/lr-${lr}`));
      await Promise.all([cmp.page.waitForURL(/log=1/), cmp.page.click('input[name="log"]')]);
      expect(cmp.page.url()).toMatch(/[?&]log=1/);
      await cmp.page.screenshot({ path: join(DOCS, 'dashboard-compare.png'), fullPage: false });
      await Promise.all([cmp.page.waitForURL(/metric=val_accuracy/), cmp.page.selectOption('select[name="metric"]', 'val_accuracy')]);
      expect(await texts('svg.chart > title')).toEqual(['val_accuracy by epoch']);
      expect(cmp.errors).toEqual([]);
      await cmp.page.close();
      expect(await expectGoodPictures(browser, compareUrl)).toBe(1);
    } finally {
      await browser.close();
      await dash.close();
    }
  }, 900_000);

  it('shows hostile names in the dashboard as text: nothing runs, no console errors', async () => {
    const p = pw as Playwright;
    const fx = await buildDashboardFixture();
    const dash = await startDashboard({ root: fx.root, storage: fx.storage });
    const browser = await p.chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      for (const path of ['/', '/runs/0', '/studies/1', '/reports/0', '/compare?run=0&run=1&smooth=0.5&log=1']) {
        const d = await visit(browser, `${dash.url}${path.slice(1)}`);
        const c = await chartsDrawn(d.page);
        if (path !== '/') expect(c.charts, path).toBeGreaterThan(0);
        expect(c.empty, path).toBe(0);
        // The payloads set document.title to 'pwned-…' if they ever run; as text they only appear inside the title.
        expect(await d.page.title()).not.toMatch(/^pwned-/);
        expect(d.errors, path).toEqual([]);
        await d.page.close();
        await expectGoodPictures(browser, `${dash.url}${path.slice(1)}`);
      }
    } finally {
      await browser.close();
      await dash.close();
    }
  });
});

// Each command's own HTML page and SVG file, built from real data: a tuned study with pruning
// (keel tune --html), Adult, MNIST and SMS checks (keel check --html), an Adult sample with a
// keel-trained MLP (keel fairness --html, with the accuracy/disparity trade-off); curves.svg is checked with the demo.
describe.skipIf(skip !== undefined)('command pages in the browser: figure checks and axe-core', () => {
  it('keel tune --html, keel check --html and keel fairness --html', async () => {
    const p = pw as Playwright;
    const dir = mkdtempSync(join(tmpdir(), 'keel-pages-'));
    const study = await createStudy({ studyName: 'pages', sampler: new RandomSampler({ seed: 3 }), pruner: new MedianPruner({ nStartupTrials: 3 }) });
    await study.optimize(async (t) => {
      const lr = t.suggestFloat('lr', 1e-4, 1, { log: true });
      const width = t.suggestInt('width', 8, 64);
      const act = t.suggestCategorical('act', ['relu', 'tanh']);
      let v = 0;
      for (let s = 0; s < 6; s++) {
        v = Math.abs(Math.log10(lr) + 2) + 8 / width + (act === 'relu' ? 0 : 0.2) + 1 / (s + 1);
        await t.report(v, s);
        if (t.shouldPrune()) throw new TrialPruned();
      }
      return v;
    }, { nTrials: 30 });
    const pages: Record<string, string> = { 'study.html': renderStudyHtml(await study.getTrials(), { studyName: 'pages', directions: ['minimize'] }) };

    // keel check --html on real data: Adult with a selection-shifted test split (drift overlays, missing matrix,
    // outlier strips, duplicate groups), MNIST pixels with cleanlab's probabilities and a shifted test split
    // (pixel heatmaps, thumbnail gallery), SMS texts with cross-validated label issues (text gallery).
    const adultSplits = writeAdult(dir);
    await checkCommand({ data: adultSplits.train, test: adultSplits.test, target: 'income', json: join(dir, 'check.json'), html: join(dir, 'check.html') });
    const mnist = writeMnist(dir);
    await checkCommand({ data: mnist.x, labels: mnist.y, test: mnist.shifted, probs: mnist.probs, json: join(dir, 'check-images.json'), html: join(dir, 'check-images.html') });
    const sms = writeSms(dir);
    await checkCommand({ data: sms.path, target: 'label', text: 'text', folds: 3, seed: 1, json: join(dir, 'check-text.json'), html: join(dir, 'check-text.html') });
    // The image checks' own inputs: MNIST as IDX files (3-D arrays) and as PNG class folders, each with a shifted test split.
    const idx = writeMnistIdx(dir);
    await checkCommand({ data: idx.x, labels: idx.y, test: idx.shifted, testLabels: idx.shiftedLabels, json: join(dir, 'check-idx.json'), html: join(dir, 'check-idx.html') });
    const folders = writeMnistFolders(dir);
    await checkCommand({ data: folders.train, test: folders.test, json: join(dir, 'check-folder.json'), html: join(dir, 'check-folder.html') });

    const adult = gunzipSync(readFileSync(join(import.meta.dirname, '../fixtures/adult/adult.test.gz'))).toString('utf8').split('\n').filter((l) => l.split(',').length === 15).slice(0, 800);
    // An MLP trained by keel train on 1,500 Adult training rows, evaluated on 800 test rows: the page
    // then also has each sensitive feature's accuracy/disparity trade-off.
    const ADULT_HEADER = 'age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,capital-gain,capital-loss,hours-per-week,native-country,income';
    const adultTrain = gunzipSync(readFileSync(join(import.meta.dirname, '../fixtures/adult/adult.data.gz'))).toString('utf8').split('\n').filter((l) => l.split(',').length === 15).slice(0, 1500);
    const tidy = (l: string): string => l.replace(/\.$/, '').replace(/, /g, ',');
    writeFileSync(join(dir, 'adult-train.csv'), `${ADULT_HEADER}\n${adultTrain.map(tidy).join('\n')}\n`);
    writeFileSync(join(dir, 'adult.csv'), `${ADULT_HEADER}\n${adult.map(tidy).join('\n')}\n`);
    await trainFitCommand({ data: join(dir, 'adult-train.csv'), target: 'income', out: join(dir, 'adult-mlp'), epochs: 4, seed: 0 });
    await fairnessCommand({ data: join(dir, 'adult.csv'), target: 'income', sensitive: 'sex,race', positive: '>50K', model: join(dir, 'adult-mlp', 'model.onnx'), json: join(dir, 'fair.json'), html: join(dir, 'fairness.html'), bootstrap: 50 });
    expect(readFileSync(join(dir, 'fairness.html'), 'utf8').match(/id="fig-f\d-tradeoff"/g)).toHaveLength(2);

    for (const [name, html] of Object.entries(pages)) writeFileSync(join(dir, name), html);

    const browser = await p.chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const shots = UPDATE ? DOCS_DIR : join(dir, 'screenshots');
      mkdirSync(shots, { recursive: true });
      const pages = [['study.html', 'tune-study.png', 10], ['check.html', 'check-report.png', 9], ['check-images.html', 'check-report-images.png', 2], ['check-text.html', '', 0], ['check-idx.html', '', 2], ['check-folder.html', '', 2], ['fairness.html', 'fairness-report.png', 10]] as const;
      for (const [file, shot, minCharts] of pages) {
        const url = pathToFileURL(join(dir, file)).href;
        const v = await visit(browser, url);
        expect(v.errors, file).toEqual([]);
        // The fairness page's accuracy/disparity trade-off sits below the first screen: its screenshot is the whole page.
        const whole = file === 'fairness.html';
        if (shot !== '') await v.page.screenshot({ path: join(shots, shot), fullPage: whole });
        if (whole) {
          const bottom = await v.page.evaluate<number>(`Math.max(...[...document.querySelectorAll('figure[id$="-tradeoff"]')].map((f) => f.getBoundingClientRect().bottom + window.scrollY))`);
          const png = decodeImage(readFileSync(join(shots, shot)), shot);
          expect(bottom).toBeGreaterThan(900);
          expect(png.height, 'the screenshot holds the trade-off figures').toBeGreaterThanOrEqual(Math.ceil(bottom));
        }
        if (file.startsWith('check')) await expectDataPictures(v.page, file);
        await v.page.close();
        expect(await expectGoodPictures(browser, url), file).toBeGreaterThanOrEqual(minCharts);
      }
    } finally {
      await browser.close();
    }
  }, 300_000);
});
