'use strict';
/*
 * latency trial for bench.js: an open-loop producer offers spec.rate jobs/s for spec.durationMs (adds are fired at
 * their due time without waiting for earlier ones), one worker of spec.concurrency processes them, and a
 * QueueEvents observes completions. enqueue->start is measured in the processor, enqueue->complete when the
 * completed event arrives. The queue, the worker and the events listener are connected, and the worker running, before
 * the window opens (the Drover trial does the same). Clock: performance.now() in this process.
 */
const { performance } = require('perf_hooks');
const b = require('./lib');

const { spec } = b;

function pct(values, p) {
  if (values.length === 0) return null;
  const s = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
}

function latency() {
  let queue, worker, events;
  const enqueuedAt = new Map();
  const start = [];
  const complete = [];
  let resolveAll;
  const allDone = new Promise((r) => { resolveAll = r; });
  return {
    async prepare() {
      await b.warmUp(spec.queue + '-warm', spec.warmupJobs, spec.concurrency);
      queue = new b.Queue(spec.queue, { connection: b.connection });
      await queue.waitUntilReady();
      worker = b.newWorker(spec.queue, async (job) => {
        enqueuedAt.set(job.id, job.data.t);
        start.push(performance.now() - job.data.t);
        return null;
      }, spec.concurrency);
      await worker.waitUntilReady();
      events = new b.QueueEvents(spec.queue, { connection: b.connection });
      events.on('completed', ({ jobId }) => {
        const t0 = enqueuedAt.get(jobId);
        if (t0 === undefined) return;
        enqueuedAt.delete(jobId);
        complete.push(performance.now() - t0);
        if (complete.length === spec.jobs) resolveAll();
      });
      await events.waitUntilReady();
      worker.run(); // idle on its marker until the window's first add, as the Drover trial's worker
    },
    async run() {
      const interval = 1000 / spec.rate;
      const begin = performance.now();
      const adds = [];
      let i = 0;
      while (i < spec.jobs) {
        const now = performance.now();
        while (i < spec.jobs && begin + i * interval <= now) {
          adds.push(queue.add('job', { t: performance.now() }));
          i++;
        }
        if (i < spec.jobs) await b.sleep(Math.max(0, begin + i * interval - performance.now()));
      }
      await Promise.all(adds);
      const timeout = b.sleep(spec.durationMs + 30000).then(() => b.log('latency: not every completion was observed in time'));
      await Promise.race([allDone, timeout]);
      return spec.jobs;
    },
    extra() {
      return { startP50Ms: pct(start, 50), startP99Ms: pct(start, 99), startMaxMs: pct(start, 100),
        completeP50Ms: pct(complete, 50), completeP99Ms: pct(complete, 99), completeMaxMs: pct(complete, 100),
        completedSeen: complete.length };
    },
    async close() { await worker.close(); await events.close(); await queue.close(); },
  };
}

module.exports = { latency };
