import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard, type Dashboard } from '../../src/serve/index.js';
import { expectInert } from '../report/hostile-data.js';
import { buildDashboardFixture, type DashboardFixture } from './dashboard-fixture.js';

/** Sends a raw HTTP/1.1 request (no client-side path normalization) and returns status, headers, body. */
function raw(port: number, target: string, opts: { method?: string; host?: string; address?: string } = {}): Promise<{ status: number; head: string; body: string }> {
  return new Promise((ok, fail) => {
    const s = connect(port, opts.address ?? '127.0.0.1');
    let data = '';
    s.on('data', (b) => (data += b.toString('utf8')));
    s.on('error', fail);
    s.on('end', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n', 2);
      ok({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0), head, body });
    });
    s.write(`${opts.method ?? 'GET'} ${target} HTTP/1.1\r\nHost: ${opts.host ?? `127.0.0.1:${port}`}\r\nConnection: close\r\n\r\n`);
  });
}

describe('keel serve dashboard', () => {
  let fx: DashboardFixture;
  let d: Dashboard;
  beforeAll(async () => {
    fx = await buildDashboardFixture();
    d = await startDashboard({ root: fx.root, storage: fx.storage });
  });
  afterAll(async () => {
    await d.close();
  });

  it('binds 127.0.0.1 by default and is unreachable on other interfaces', async () => {
    expect(d.host).toBe('127.0.0.1');
    const external = Object.values(networkInterfaces()).flat().find((i) => i?.family === 'IPv4' && !i.internal)?.address;
    if (external !== undefined) await expect(raw(d.port, '/', { address: external })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('lists runs, studies and reports, with every hostile string shown as text', async () => {
    const index = await raw(d.port, '/');
    expect(index.status).toBe(200);
    expect(index.head).toMatch(/content-security-policy: default-src 'none'; style-src 'sha256-/i);
    expect(index.head).toMatch(/x-content-type-options: nosniff/i);
    // Runs show their epochs and last values; reports their gate and area counts.
    expect(index.body).toContain('3 epochs: loss 0.333, val_loss 0.4, accuracy 0.8');
    expect(index.body).toMatch(/<span class="status (pass|fail)">[^<]+<\/span> <small>\d pass, \d warn, \d fail, \d not judged, \d n\/a, \d not run/);
    for (const path of ['/', '/runs/0', '/reports/0', '/studies/1']) {
      const r = await raw(d.port, path);
      expect(r.status, path).toBe(200);
      expectInert(r.body);
      if (path !== '/') expect(r.body).toContain('<svg');
    }
    const study = (await raw(d.port, '/studies/1')).body;
    for (const id of ['study-history', 'study-intermediate', 'study-parallel', 'study-importances', 'study-trials']) expect(study, id).toContain(`id="${id}`);
    const run = await raw(d.port, '/runs/0');
    // Live learning curves: the run page reloads itself every 5 s (the dashboard's own script, which can pause it) and draws loss and metrics.
    expect(run.body).toMatch(/<body data-refresh="5">/);
    expect(run.body).toContain('<script src="/static/dashboard.js" defer></script>');
    const script = await raw(d.port, '/static/dashboard.js');
    expect([script.status, script.body]).toEqual([200, expect.stringContaining('location.reload()')]);
    for (const id of ['run-loss', 'run-metrics', 'run-epochs']) expect(run.body, id).toContain(`id="${id}`);
    for (const path of ['/', '/runs/0', '/reports/0', '/studies/1', '/nope', '/../x']) {
      expect((await raw(d.port, path)).head, path).toMatch(/content-security-policy: default-src 'none'; style-src 'sha256-[^;]+; img-src data:; base-uri 'none'; form-action 'none'; script-src 'self'; frame-ancestors 'none'/i);
    }
    const json = await raw(d.port, '/reports/0/report.json');
    expect(json.head).toMatch(/content-type: application\/json/i);
    expect((JSON.parse(json.body) as { format: string }).format).toBe('keel-audit/1');
  });

  it('compares runs: overlaid smoothed curves with raw values faint, a metric picker, a log scale, served script only', async () => {
    const page = await raw(d.port, '/compare?run=0&run=1&metric=loss&smooth=0.5&log=1');
    expect(page.status).toBe(200);
    expectInert(page.body);
    expect(page.head).toMatch(/form-action 'none'; script-src 'self'; frame-ancestors 'none'/i);
    expect(page.body).toContain('<script src="/static/dashboard.js" defer></script>');
    // Two runs, each drawn twice (raw faint + smoothed); the legend names each run once.
    const svg = /<svg[^]*?<\/svg>/.exec(page.body)![0];
    expect(svg.match(/<path class="series"/g)).toHaveLength(4);
    expect(svg.match(/opacity="0.3"/g)).toHaveLength(2);
    // The second run's loss 2, 1, 0.667, 0.5 smoothed with weight 0.5 (debiased EMA): 2, 1.333, 0.952, 0.711.
    const marks = (raw: boolean): number[][] => [...svg.matchAll(/<title>z-run [^<]*?(\(raw\))?: (\d), ([\d.]+)<\/title>/g)].filter((m) => (m[1] !== undefined) === raw).map((m) => [Number(m[2]), +Number(m[3]).toFixed(2)]);
    expect(marks(false)).toEqual([[1, 2], [2, 1.33], [3, 0.95], [4, 0.71]]);
    expect(marks(true)).toEqual([[1, 2], [2, 1], [3, 0.67], [4, 0.5]]);
    expect(page.body).toMatch(/<option value="val_loss">val_loss<\/option>/);
    expect(page.body).toMatch(/<option value="loss" selected>/);
    expect(page.body).toMatch(/<input type="checkbox" name="log" value="1" checked>/);
    expect(page.body).toMatch(/<input type="range" name="smooth" min="0" max="0.99" step="0.01" value="0.5">/);
    const none = await raw(d.port, '/compare');
    expect(none.body).toContain('Select one or more runs.');
    const odd = await raw(d.port, '/compare?run=7&metric=nope');
    expect(odd.body).toContain('1 unknown run id(s) ignored.');
    expect((await raw(d.port, '/')).body).toContain('href="/compare?run=0&#38;run=1"');
    const script = (await raw(d.port, '/static/dashboard.js')).body;
    expect(script).toContain("location.assign('/compare?'");
  });

  it('refuses path traversal, encoded or not', async () => {
    const attempts = ['/../package.json', '/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/reports/0/../../../etc/passwd', '/reports/0%2f..%2f..%2fhostile.csv', '/runs/..%5c..%5ctune.db', '//etc/passwd', '/reports/0/report.json/..', '/%252e%252e/etc/passwd', '/hostile.csv', '/tune.db', 'http://127.0.0.1/../etc/passwd',
      '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd', '/.%2e/.%2e/etc/passwd', '/runs/%2e%2e', '/reports/0/..%2F..%2Ftune.db', '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', '/..%c0%af..%c0%afetc/passwd', '/%u002e%u002e/etc/passwd', '/reports/0/report.json%00.html', '/runs/0/../../../tune.db', '/\\..\\..\\tune.db'];
    for (const a of attempts) {
      const r = await raw(d.port, a);
      expect([400, 404], a).toContain(r.status);
      expect(r.body).not.toMatch(/root:|SQLite format|diagnosis/);
    }
  });

  it('is read-only and answers only to loopback host names', async () => {
    expect((await raw(d.port, '/', { method: 'POST' })).status).toBe(405);
    expect((await raw(d.port, '/reports/0', { method: 'DELETE' })).status).toBe(405);
    expect((await raw(d.port, '/', { host: 'evil.example' })).status).toBe(421);
  });

  it('refuses a missing SQLite storage instead of creating one', async () => {
    await expect(startDashboard({ root: fx.root, storage: `sqlite:${fx.root}/missing.db` })).rejects.toMatchObject({ code: 'SERVE_STORAGE' });
  });

  it('binds another interface only when asked', async () => {
    const open = await startDashboard({ root: fx.root, host: '0.0.0.0' });
    try {
      expect(open.host).toBe('0.0.0.0');
      expect((await raw(open.port, '/', { host: 'dashboard.lan' })).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});
