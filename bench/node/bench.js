'use strict';
/*
 * BullMQ side of Drover's benchmark harness: runs one scenario with the bullmq pinned in
 * test-fixtures/src/main/node/bullmq6 (no other dependencies). Mirrors dev.drover.bench.DroverChild:
 *
 *   node bench/node/bench.js '<RunSpec JSON>'
 *
 * Protocol (one JSON object per stdout line): {"ready":true} once prepared (connected, warmed up, prefilled);
 * the orchestrator writes "go\n" to stdin to start the measured window; {"result":{...}} when done; stdin EOF
 * then means "clean up and exit". Figures: jobs, elapsedMs, cpuMs (process.cpuUsage), peakHeapMb (heapUsed
 * sampled every 10 ms in the window), peakRssMb (resourceUsage().maxRSS, process lifetime), latency percentiles.
 */
const readline = require('readline');
const { performance } = require('perf_hooks');
const b = require('./lib');
const trials = require('./trials');
const { latency } = require('./latency');

const FACTORIES = {
  'queue-add': trials.singleAdds, 'queue-add-bulk': trials.bulkAdds, 'worker-generic': trials.drain,
  'worker-concurrent': trials.drain, latency, mixed: trials.mixed,
};

async function main() {
  const factory = FACTORIES[b.spec.scenario];
  if (!factory) throw new Error(`unknown scenario ${b.spec.scenario}`);
  const trial = factory();
  await trial.prepare();
  const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  b.send({ ready: true });
  const go = await lines.next();
  if (go.done || go.value.trim() !== 'go') throw new Error(`expected 'go', got ${go.value}`);

  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => { peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed); }, 10);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const jobs = await trial.run();
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  b.send({ result: Object.assign({
    jobs, elapsedMs, cpuMs: (cpu.user + cpu.system) / 1000, peakHeapMb: peakHeap / 1048576,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }, trial.extra ? trial.extra() : {}) });

  while (!(await lines.next()).done) { /* wait for EOF */ }
  await trial.close();
  process.exit(0);
}

main().catch((e) => { b.log(e && e.stack || e); process.exit(1); });
