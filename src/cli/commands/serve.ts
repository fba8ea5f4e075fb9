import { startDashboard } from '../../serve/index.js';

/** Options of `keel serve`. */
export interface ServeCommandOptions {
  readonly storage?: string;
  readonly root: string;
  readonly host: string;
  readonly port: number;
}

/**
 * `keel serve`: starts the dashboard and runs until interrupted.
 * @example `await serveCommand({ storage: 'sqlite:tune.db', root: '.', host: '127.0.0.1', port: 8080 })`
 */
export async function serveCommand(o: ServeCommandOptions): Promise<void> {
  const d = await startDashboard({ storage: o.storage, root: o.root, host: o.host, port: o.port });
  process.stdout.write(`keel dashboard on ${d.url} (read-only${o.host === '127.0.0.1' || o.host === '::1' || o.host === 'localhost' ? '' : `; listening on ${o.host}, reachable from other machines`})\n`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      void d.close().then(done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
