// Preloaded (`node --import ./bench/peers/cpu-at-exit.mjs ...`) into both processes that
// bench/predict-overhead.ts compares: prints the process's own CPU time (user + system, since the
// process started) as the last line of stderr, so the two are compared on CPU time too, which the
// load of a shared machine moves far less than wall-clock time.
process.on('exit', () => {
  const c = process.cpuUsage();
  process.stderr.write(`\nKEEL_BENCH_CPU_MS ${((c.user + c.system) / 1000).toFixed(3)}\n`);
});
