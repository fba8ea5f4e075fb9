import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../core/index.js';
import { SCRIPT_CONTENT_SECURITY_POLICY } from '../figure/index.js';
import { DASHBOARD_SCRIPT, DASHBOARD_SCRIPT_PATH } from './dashboard-script.js';
import { openStorage, type Storage } from '../tune/index.js';
import { readHistory, readReport, scanCatalog } from './catalog.js';
import { NAV, errorPage, indexPage, reportPage, runPage, studyPage, type StudySummary } from './dashboard-pages.js';
import { comparePage, parseCompareQuery } from './compare-page.js';

/** Options of {@link startDashboard}. */
export interface DashboardOptions {
  /** Folder scanned for runs (`history.json`) and audits (`report.json`); default the working directory. */
  readonly root?: string;
  /** Tuning storage URL (`sqlite:PATH`, `postgres://...`), read only. */
  readonly storage?: string | undefined;
  /** Interface to bind (default 127.0.0.1; anything else must be asked for explicitly). */
  readonly host?: string;
  /** Port (default 0: any free port). */
  readonly port?: number;
}

/** A running dashboard. */
export interface Dashboard {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const HEADERS = {
  'Content-Security-Policy': `${SCRIPT_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
} as const;

/** True when a raw request target tries to leave its route: dot segments, encoded separators, backslashes. */
export function unsafePath(raw: string): boolean {
  const path = raw.split('?')[0] ?? '';
  return !path.startsWith('/') || /(^|\/)\.\.?(\/|$)|%2e|%2f|%5c|\\|%00|\0/i.test(path) || path.includes('//');
}

function send(res: ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8', head = false): void {
  res.writeHead(status, { ...HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

async function studies(storage: Storage | undefined): Promise<readonly StudySummary[] | string> {
  if (storage === undefined) return [];
  try {
    const all = await storage.listStudies();
    return await Promise.all(
      all.map(async (study) => {
        const trials = await storage.getTrials(study.studyId);
        return { study, trials: trials.length, complete: trials.filter((t) => t.state === 'COMPLETE').length };
      }),
    );
  } catch (e) {
    return `Cannot read the storage: ${(e as Error).message}`;
  }
}

async function route(req: IncomingMessage, root: string, storage: Storage | undefined, storageUrl: string | undefined): Promise<[number, string, string?]> {
  const raw = req.url ?? '/';
  if (unsafePath(raw)) return [400, errorPage(400, 'Bad request path.')];
  const path = raw.split('?')[0]!;
  if (path === '/') return [200, indexPage(scanCatalog(root), await studies(storage), storageUrl)];
  if (path === DASHBOARD_SCRIPT_PATH) return [200, DASHBOARD_SCRIPT, 'text/javascript; charset=utf-8'];
  if (path === '/compare') {
    const runs = scanCatalog(root).runs;
    return [200, comparePage(runs, parseCompareQuery(raw.slice(path.length + 1), runs.length), NAV)];
  }
  const m = /^\/(runs|reports|studies)\/(\d{1,9})(\/report\.json)?$/.exec(path);
  if (!m) return [404, errorPage(404, 'Not found.')];
  const id = Number(m[2]);
  if (m[1] === 'studies' && m[3] === undefined && storage !== undefined) {
    const study = (await storage.listStudies()).find((s) => s.studyId === id);
    return study ? [200, studyPage(study, await storage.getTrials(study.studyId))] : [404, errorPage(404, 'No such study.')];
  }
  const cat = scanCatalog(root);
  if (m[1] === 'runs' && m[3] === undefined) {
    const e = cat.runs[id];
    return e ? [200, runPage(e, readHistory(e))] : [404, errorPage(404, 'No such run.')];
  }
  if (m[1] === 'reports') {
    const e = cat.reports[id];
    const r = e && readReport(e);
    if (!e || !r) return [404, errorPage(404, 'No such report.')];
    return m[3] === undefined ? [200, reportPage(e, r)] : [200, JSON.stringify(r), 'application/json; charset=utf-8'];
  }
  return [404, errorPage(404, 'Not found.')];
}

/**
 * Starts the read-only dashboard on 127.0.0.1 (unless another host is asked for). It serves only
 * its own pages, built from the run, report and study catalog; files are never addressed by path.
 *
 * @example
 * ```ts
 * const d = await startDashboard({ root: 'experiments', storage: 'sqlite:tune.db', port: 8080 });
 * console.log(d.url);
 * await d.close();
 * ```
 */
export async function startDashboard(o: DashboardOptions = {}): Promise<Dashboard> {
  const host = o.host ?? '127.0.0.1';
  const root = resolve(o.root ?? '.');
  const file = o.storage?.startsWith('sqlite:') ? o.storage.slice('sqlite:'.length).replace(/^\/\//, '') : undefined;
  // Opening a missing SQLite file would create it; a read-only dashboard refuses instead.
  if (file !== undefined && !existsSync(file)) throw new UsageError('SERVE_STORAGE', `${file}: no such SQLite storage; pass the file a study wrote (sqlite:PATH)`, { file });
  const storage = o.storage === undefined ? undefined : await openStorage(o.storage);
  const loopback = LOOPBACK.has(host);
  const server: Server = createServer((req, res) => {
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      res.setHeader('Allow', 'GET, HEAD');
      send(res, 405, errorPage(405, 'The dashboard is read-only.'));
      return;
    }
    // DNS rebinding: a loopback-only dashboard answers only to loopback host names.
    const hostHeader = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
    if (loopback && !LOOPBACK.has(hostHeader)) {
      send(res, 421, errorPage(421, 'Wrong host.'));
      return;
    }
    route(req, root, storage, o.storage).then(
      ([status, body, type]) => { send(res, status, body, type, head); },
      (e: unknown) => { send(res, 500, errorPage(500, e instanceof Error ? e.message : 'internal error'), undefined, head); },
    );
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', (e) => { fail(new UsageError('SERVE_LISTEN', `cannot listen on ${host}:${o.port ?? 0}: ${e.message}`, { host, port: o.port ?? 0 }, { cause: e })); });
    server.listen(o.port ?? 0, host, ok);
  });
  const addr = server.address() as AddressInfo;
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${shown}:${addr.port}/`,
    host: addr.address,
    port: addr.port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => { ok(); }));
      await storage?.close();
    },
  };
}
