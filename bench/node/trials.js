'use strict';
/* The scenario implementations for bench.js; each returns {prepare(), run() -> jobs, extra(), close()}. */
const b = require('./lib');

const { spec } = b;

function singleAdds() {
  let queue; const payloads = [];
  return {
    async prepare() {
      await b.warmUp(spec.queue + '-warm', spec.warmupJobs, 1);
      for (let i = 0; i < 100; i++) payloads.push(b.uuidPayload());
      queue = new b.Queue(spec.queue, { connection: b.connection });
      await queue.waitUntilReady();
    },
    async run() {
      let next = 0;
      const producer = async () => {
        for (let i; (i = next++) < spec.jobs;) await queue.add('job', payloads[i % payloads.length]);
      };
      await Promise.all(Array.from({ length: Math.max(1, spec.addConcurrency) }, producer));
      return spec.jobs;
    },
    async close() { await queue.close(); },
  };
}

function bulkAdds() {
  let queue, batches;
  return {
    async prepare() {
      await b.warmUp(spec.queue + '-warm', spec.warmupJobs, 1);
      batches = b.chunks(spec.jobs, spec.bulk, (k) => ({ name: 'job', data: { i: k } }));
      queue = new b.Queue(spec.queue, { connection: b.connection });
      await queue.waitUntilReady();
    },
    async run() {
      for (const batch of batches) await queue.addBulk(batch);
      return spec.jobs;
    },
    async close() { await queue.close(); },
  };
}

function drain() {
  let worker;
  return {
    async prepare() {
      await b.warmUp(spec.queue + '-warm', spec.warmupJobs, spec.concurrency);
      const queue = new b.Queue(spec.queue, { connection: b.connection });
      await b.prefill(queue, spec.jobs, 1000);
      await queue.close();
      worker = b.newWorker(spec.queue, async () => null, spec.concurrency);
      await worker.waitUntilReady();
    },
    async run() {
      worker.run();
      await b.awaitCompleted(spec.queue, spec.jobs);
      return spec.jobs;
    },
    async close() { await worker.close(); },
  };
}

function mixed() {
  let worker, queue, batches;
  return {
    async prepare() {
      await b.warmUp(spec.queue + '-warm', spec.warmupJobs, spec.concurrency);
      batches = b.chunks(spec.jobs, spec.bulk, b.mixedJob);
      queue = new b.Queue(spec.queue, { connection: b.connection });
      await queue.waitUntilReady();
      worker = b.newWorker(spec.queue, async (job) => {
        if (job.data.fail && job.attemptsMade === 0) throw new Error('first attempt fails');
        return null;
      }, spec.concurrency);
      await worker.waitUntilReady();
    },
    async run() {
      worker.run();
      for (const batch of batches) await queue.addBulk(batch);
      await b.awaitCompleted(spec.queue, spec.jobs);
      return spec.jobs;
    },
    async close() { await worker.close(); await queue.close(); },
  };
}

module.exports = { singleAdds, bulkAdds, drain, mixed };
