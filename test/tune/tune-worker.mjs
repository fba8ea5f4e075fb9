// A tuning worker in its own process, driven by test/tune/multi-process.test.ts.
// It imports the compiled package (dist/), like a user's script would.
import { createStudy, RandomSampler, TpeSampler } from '../../dist/tune/index.js';

const [mode, dbPath, count, seed] = process.argv.slice(2);
const heartbeat = { intervalMs: 100, gracePeriodMs: 500, requeue: true };

if (mode === 'optimize') {
  const study = await createStudy({ studyName: 'mp', storage: `sqlite:${dbPath}`, loadIfExists: true, sampler: new RandomSampler({ seed: Number(seed) }), heartbeat });
  await study.optimize(async (trial) => {
    const x = trial.suggestFloat('x', 0, 1);
    await new Promise((r) => setTimeout(r, 2));
    return x;
  }, { nTrials: Number(count) });
  await study.close();
  process.stdout.write('done\n');
} else if (mode === 'die') {
  const study = await createStudy({ studyName: 'mp', storage: `sqlite:${dbPath}`, loadIfExists: true, sampler: new RandomSampler({ seed: Number(seed) }), heartbeat });
  const trial = await study.ask();
  trial.suggestFloat('x', 0, 1);
  await trial.flush();
  process.kill(process.pid, 'SIGKILL');
} else if (mode === 'sample') {
  const study = await createStudy({ sampler: new TpeSampler({ seed: Number(seed), nStartupTrials: 5 }) });
  await study.optimize((t) => (t.suggestFloat('x', -3, 3) - 1) ** 2 + (t.suggestCategorical('c', ['a', 'b']) === 'a' ? 0 : 1) + t.suggestInt('n', 1, 9, { log: true }), { nTrials: Number(count) });
  process.stdout.write(JSON.stringify((await study.getTrials()).map((t) => t.params)));
}

// drain STORAGE_URL STUDY SEED KILL_AT: run reserved trials until none is left; with KILL_AT > 0,
// SIGKILL this process in the middle of its KILL_AT-th trial (after it reported a value).
if (mode === 'drain') {
  const [url, studyName, workerSeed, killAt] = process.argv.slice(3);
  const study = await createStudy({ studyName, storage: url, loadIfExists: true, sampler: new TpeSampler({ seed: Number(workerSeed), nStartupTrials: 10 }), heartbeat: { intervalMs: 250, gracePeriodMs: 5000, requeue: true } });
  let count = 0;
  await study.optimize(async (trial) => {
    count++;
    process.stdout.write(`start ${trial.number}\n`);
    const x = trial.suggestFloat('x', -5, 5);
    const y = trial.suggestFloat('y', -5, 5);
    await trial.report(x * x, 0);
    if (count === Number(killAt)) {
      await trial.flush();
      process.kill(process.pid, 'SIGKILL');
    }
    await new Promise((r) => setTimeout(r, 3));
    process.stdout.write(`ran ${trial.number}\n`);
    return (x - 1) ** 2 + (y + 2) ** 2;
  }, { onlyWaiting: true, pollMs: 50 });
  await study.close();
  process.stdout.write('done\n');
}
