'use strict';
/*
 * Deterministic manual processing, for differential (parity) tests that run the same operations through
 * bullmq and through Drover and compare the Redis state they leave.
 *
 * Ops (merged into the driver's op table):
 *   setClock {ms | null}      Date.now() and `new Date()` return ms from now on (null: the real clock again)
 *   setRandom {value | null}  Math.random() returns value from now on (null: real randomness again)
 *   manualWorkerStart {queue, workerId, [opts]}   a Worker without processor (bullmq's manual processing)
 *   manualFetch {workerId, token}                 worker.getNextJob(token, {block:false}); the job is kept
 *                                                 under token -> job JSON | null
 *   manualSettle {workerId, token, action, ...}   ends the attempt of the job kept under token, as the
 *                                                 worker's own processJob would, and keeps the next job the
 *                                                 call fetched under the same token -> {next: job JSON | null}
 *     action "complete" {value, fetchNext}        job.moveToCompleted(value, token, fetchNext)
 *     action "fail" {message, unrecoverable, fetchNext}   job.moveToFailed(Error | UnrecoverableError, ...)
 *     action "delay" {timestamp}                  job.moveToDelayed(timestamp, token)
 *     action "rateLimit" {ms}                     worker.rateLimit(ms), then job.moveToWait(token) as the
 *                                                 worker does for a RateLimitError
 *   manualHeld {workerId, token}                  the job JSON kept under token, or null
 *
 * Only bullmq's public API is used, plus the two worker steps its own processing loop runs after a finishing
 * call (updateDelays and nextJobFromJobData, which also advances job schedulers).
 */

const RealDate = Date;
let fakeNow = null;

class ControlledDate extends RealDate {
  constructor(...args) {
    if (args.length === 0 && fakeNow !== null) {
      super(fakeNow);
    } else {
      super(...args);
    }
  }

  static now() {
    return fakeNow === null ? RealDate.now() : fakeNow;
  }
}

const realRandom = Math.random;

function setClock(req) {
  if (req.ms === null || req.ms === undefined) {
    fakeNow = null;
  } else {
    fakeNow = Number(req.ms);
    globalThis.Date = ControlledDate;
  }
  return fakeNow;
}

function setRandom(req) {
  if (req.value === null || req.value === undefined) {
    Math.random = realRandom;
  } else {
    const v = Number(req.value);
    Math.random = () => v;
  }
  return true;
}

/**
 * @param env {B: () => bullmq module, baseOpts, requireString, workers (Map), jobJson}
 */
function manualOps(env) {
  function entryOf(req) {
    const entry = env.workers.get(req.workerId);
    if (!entry || !entry.held) throw new Error(`unknown manual worker ${req.workerId}`);
    return entry;
  }

  async function start(req) {
    const queueName = env.requireString(req, 'queue');
    const workerId = env.requireString(req, 'workerId');
    if (env.workers.has(workerId)) throw new Error(`worker ${workerId} already exists`);
    const worker = new (env.B().Worker)(queueName, null, env.baseOpts(req, Object.assign({}, req.opts || {})));
    worker.on('error', () => {});
    env.workers.set(workerId, { worker, queue: queueName, held: new Map() });
    await worker.waitUntilReady();
    return { workerId };
  }

  async function keep(entry, token, job) {
    if (job) {
      entry.held.set(token, job);
      return env.jobJson(job, false);
    }
    entry.held.delete(token);
    return null;
  }

  async function fetch(req) {
    const entry = entryOf(req);
    const token = env.requireString(req, 'token');
    return keep(entry, token, await entry.worker.getNextJob(token, { block: false }));
  }

  /** What the worker's handleCompleted/handleFailed do with a finishing call's reply. */
  async function next(entry, token, reply) {
    if (!Array.isArray(reply)) return keep(entry, token, null);
    const [jobData, jobId, rateLimitDelay, delayUntil] = reply;
    entry.worker.updateDelays(rateLimitDelay, delayUntil);
    return keep(entry, token, await entry.worker.nextJobFromJobData(jobData, jobId, token));
  }

  async function settle(req) {
    const entry = entryOf(req);
    const token = env.requireString(req, 'token');
    const job = entry.held.get(token);
    if (!job) throw new Error(`no job held under token ${token}`);
    entry.held.delete(token);
    const B = env.B();
    switch (req.action) {
      case 'complete':
        return { next: await next(entry, token, await job.moveToCompleted(req.value, token, !!req.fetchNext)) };
      case 'fail': {
        const err = req.unrecoverable ? new B.UnrecoverableError(req.message) : new Error(req.message);
        return { next: await next(entry, token, await job.moveToFailed(err, token, !!req.fetchNext)) };
      }
      case 'delay':
        await job.moveToDelayed(Number(req.timestamp), token);
        return { next: null };
      case 'rateLimit': {
        await entry.worker.rateLimit(Number(req.ms));
        const ttl = await job.moveToWait(token);
        entry.worker.limitUntil = ttl > 0 ? Date.now() + ttl : 0;
        return { next: null };
      }
      default:
        throw new Error(`unknown settle action ${req.action}`);
    }
  }

  async function held(req) {
    const job = entryOf(req).held.get(env.requireString(req, 'token'));
    return job ? env.jobJson(job, false) : null;
  }

  return {
    setClock: async (req) => setClock(req),
    setRandom: async (req) => setRandom(req),
    manualWorkerStart: start,
    manualFetch: fetch,
    manualSettle: settle,
    manualHeld: held,
  };
}

module.exports = { manualOps };
