'use strict';
/*
 * Drover interop driver: drives the real `bullmq` npm package on behalf of Java tests.
 *
 * One long-lived process, controlled over stdin/stdout with newline-delimited JSON:
 *   request   {"id":1,"op":"add","queue":"q","name":"n","data":{...},"opts":{...}}
 *   response  {"id":1,"ok":true,"result":...}   or   {"id":1,"ok":false,"error":"...","stack":"..."}
 *   event     {"event":"processed","worker":"w1","queue":"q","jobId":"1",...}   (unsolicited, no "id")
 *
 * Requests run concurrently; responses carry the request's id. stdout carries protocol lines only
 * (console.log/info/debug are redirected to stderr). The process closes every BullMQ object and
 * exits 0 when stdin reaches EOF.
 *
 * The bullmq installation is chosen by the per-version wrapper (../bullmq5/driver.js,
 * ../bullmq6/driver.js), by `--bullmq-dir <dir>` or by the DROVER_BULLMQ_DIR environment variable:
 * `bullmq`, `ioredis` and `cron-parser` are all resolved from that directory, so the driver itself
 * has no dependencies and exists once.
 *
 * Ops (fields in brackets are optional; every op takes [url] [connection] [prefix] to override the
 * defaults set by `connect`, so one process can serve many servers and prefixes):
 *   ping, version, connect {url, [prefix]}, closeAll, crash (SIGKILL itself, like a crashed worker host)
 *   openQueue {queue, opts}            re-create the Queue object with constructor options
 *   closeQueue {queue}
 *   add {queue, name, data, [opts]}    -> job JSON incl. state      addBulk {queue, jobs:[{name,data,opts}]}
 *   getJob {queue, jobId}              -> job JSON | null           getJobState {queue, jobId}
 *   getJobCounts {queue, [types]}      getJobs {queue, types, [start], [end], [asc]}
 *   getJobLogs {queue, jobId}          pause / resume / isPaused {queue}
 *   retryJobs {queue, [opts]}          promoteJobs {queue, [opts]}
 *   clean {queue, grace, limit, type}  drain {queue, [delayed]}   obliterate {queue, [opts]}
 *   getWorkers {queue}                 getMetrics {queue, type, [start], [end]}
 *   upsertJobScheduler {queue, schedulerId, repeat, template}      getJobScheduler {queue, schedulerId}
 *   getJobSchedulers {queue, [start], [end], [asc]}  getJobSchedulersCount {queue}
 *   removeJobScheduler {queue, schedulerId}
 *   flowAdd {flow, [opts]}  flowAddBulk {flows}  flowGet {opts}
 *   workerStart {queue, [concurrency], [opts], [behaviour], [workerId]} -> {workerId}
 *   workerStop {workerId, [force]}     workerList
 *   eventsStart {queue, [opts], [eventsId]} -> {eventsId, lastEventId}   eventsStop {eventsId}
 *   cronNext {pattern, [tz], [from], [count], [endDate]} -> [ms, ...] (bullmq's own cron-parser)
 *   nextMillis {millis, opts, [strategy: defaultRepeatStrategy | getNextMillis]} -> ms | null
 *   call {target: queue|job|jobStatic|worker|events|flow|bullmq, method, [args], queue/jobId/workerId/eventsId}
 *        invokes any public method with JSON arguments; results are converted to JSON (Jobs -> job JSON).
 * Requests run one at a time in arrival order unless they carry "concurrent": true.
 *
 * Written for Drover; it only calls BullMQ's public API.
 */

const fs = require('fs');
const path = require('path');
const readline = require('readline');

// ---------------------------------------------------------------------------------------------
// stdout is the protocol channel: keep every library's console output off it.
const protocolWrite = process.stdout.write.bind(process.stdout);
for (const level of ['log', 'info', 'debug']) {
  console[level] = (...args) => console.error(...args);
}

function send(obj) {
  protocolWrite(JSON.stringify(obj, jsonReplacer) + '\n');
}

function jsonReplacer(_key, value) {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return Array.from(value);
  if (value instanceof Error) return errorJson(value);
  return value;
}

function errorJson(err) {
  return { name: err.name, message: err.message, stack: err.stack };
}

function emitEvent(event, fields) {
  send(Object.assign({ event }, fields));
}

// ---------------------------------------------------------------------------------------------
// Module resolution: everything comes from the chosen bullmq installation.

function findPackageRoot(fromFile, name) {
  let dir = path.dirname(fromFile);
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        if (JSON.parse(fs.readFileSync(pj, 'utf8')).name === name) return dir;
      } catch (_e) {
        // keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package root of ${name} not found above ${fromFile}`);
    dir = parent;
  }
}

function loadPackage(name, fromDir) {
  const entry = require.resolve(name, { paths: [fromDir] });
  const root = findPackageRoot(entry, name);
  const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  return { module: require(entry), root, version };
}

let B; // the bullmq module
let IORedis; // the ioredis constructor
let cronParser; // the cron-parser module bullmq itself depends on
const versions = { node: process.version };

function init(bullmqDir) {
  const dir = path.resolve(bullmqDir);
  const bullmq = loadPackage('bullmq', dir);
  B = bullmq.module;
  versions.bullmq = bullmq.version;
  versions.bullmqDir = bullmq.root;
  const ioredis = loadPackage('ioredis', dir);
  IORedis = ioredis.module.default || ioredis.module.Redis || ioredis.module;
  versions.ioredis = ioredis.version;
  // cron-parser as bullmq resolves it (nested copy first, then hoisted).
  const cron = loadPackage('cron-parser', bullmq.root);
  cronParser = cron.module;
  versions.cronParser = cron.version;
}

// ---------------------------------------------------------------------------------------------
// Connection settings

const settings = {
  url: 'redis://127.0.0.1:6379',
  prefix: undefined, // bullmq's default ("bull") when undefined
  connection: undefined, // parsed from url unless given explicitly
};

// redis-sentinel://[user:pass@]h:p,h:p/name[?db=N] and redis-cluster://[user:pass@]h:p,h:p (rediss-... for TLS),
// the multi-host forms Drover accepts, as ioredis options: {sentinels, name} or {cluster: nodes, redisOptions}.
function parseMultiHostUrl(url) {
  const m = /^(rediss?)-(sentinel|cluster):\/\/(?:(.*)@)?([^@/?]+)(?:\/([^?]*))?(?:\?(.*))?$/.exec(url);
  if (!m) return null;
  const [, scheme, kind, login, hosts, path, query] = m;
  const nodes = hosts.split(',').map((h) => {
    const i = h.lastIndexOf(':');
    return i < 0 ? { host: h, port: kind === 'sentinel' ? 26379 : 6379 } : { host: h.slice(0, i), port: Number(h.slice(i + 1)) };
  });
  const node = {};
  if (login) {
    const i = login.indexOf(':');
    const user = i < 0 ? login : login.slice(0, i);
    if (user) node.username = decodeURIComponent(user);
    if (i >= 0) node.password = decodeURIComponent(login.slice(i + 1));
  }
  if (scheme === 'rediss') node.tls = {};
  if (kind === 'cluster') return { cluster: nodes, redisOptions: node };
  const db = new URLSearchParams(query || '').get('db');
  return Object.assign({ sentinels: nodes, name: decodeURIComponent(path || '') }, node, db ? { db: Number(db) } : {},
    scheme === 'rediss' ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {});
}

// A Cluster cannot travel as plain options: bullmq needs an IORedis.Cluster instance, closed by closeAll.
const clusterClients = [];
function connectionFor(opts, extra) {
  if (!opts.cluster) return opts;
  const c = new IORedis.Cluster(opts.cluster, { redisOptions: Object.assign({}, opts.redisOptions, extra || {}) });
  c.on('error', () => {});
  clusterClients.push(c);
  return c;
}

function parseRedisUrl(url) {
  const multi = parseMultiHostUrl(url);
  if (multi) return multi;
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new Error(`unsupported redis url scheme: ${u.protocol}`);
  }
  const opts = {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
  };
  if (u.username) opts.username = decodeURIComponent(u.username);
  if (u.password) opts.password = decodeURIComponent(u.password);
  const dbPath = u.pathname.replace(/^\//, '');
  if (dbPath) opts.db = Number(dbPath);
  if (u.searchParams.has('db')) opts.db = Number(u.searchParams.get('db'));
  if (u.protocol === 'rediss:') opts.tls = {};
  return opts;
}

function connectionOpts(req) {
  if (req && req.connection) return Object.assign({}, req.connection);
  if (req && req.url) return parseRedisUrl(req.url);
  return Object.assign({}, settings.connection || parseRedisUrl(settings.url));
}

function prefixOf(req) {
  return req && req.prefix !== undefined ? req.prefix : settings.prefix;
}

function baseOpts(req, extra) {
  const o = Object.assign({}, extra || {});
  o.connection = connectionFor(connectionOpts(req), { maxRetriesPerRequest: null });
  const prefix = prefixOf(req);
  if (prefix !== undefined && o.prefix === undefined) o.prefix = prefix;
  return o;
}

// ---------------------------------------------------------------------------------------------
// Registries of live BullMQ objects

const queues = new Map(); // connection \0 prefix \0 name -> Queue
const workers = new Map(); // workerId -> { worker, queue }
const queueEvents = new Map(); // eventsId -> { qe, queue }
const flowProducers = new Map(); // connection \0 prefix -> FlowProducer
const rawClients = new Map(); // connection -> plain ioredis client for small reads (stream ids, ping)
let seq = 0;

function connKey(req) {
  return JSON.stringify(connectionOpts(req));
}

function queueKey(req, name) {
  const p = prefixOf(req);
  return `${connKey(req)}\u0000${p === undefined ? '' : p}\u0000${name}`;
}

function requireString(req, field) {
  const v = req[field];
  if (typeof v !== 'string' || v.length === 0) throw new Error(`missing string field "${field}"`);
  return v;
}

async function getQueue(req) {
  const name = requireString(req, 'queue');
  const key = queueKey(req, name);
  let q = queues.get(key);
  if (!q) {
    q = new B.Queue(name, baseOpts(req, req.queueOpts));
    q.on('error', (err) => emitEvent('error', { source: 'queue', queue: name, message: String(err && err.message) }));
    queues.set(key, q);
    try {
      await q.waitUntilReady();
    } catch (e) {
      queues.delete(key);
      q.close().catch(() => {});
      throw e;
    }
  }
  return q;
}

async function getFlowProducer(req) {
  const p = prefixOf(req);
  const key = `${connKey(req)}\u0000${p === undefined ? '' : p}`;
  let fp = flowProducers.get(key);
  if (!fp) {
    fp = new B.FlowProducer(baseOpts(req));
    fp.on('error', (err) => emitEvent('error', { source: 'flow', message: String(err && err.message) }));
    flowProducers.set(key, fp);
    await fp.waitUntilReady();
  }
  return fp;
}

function getRawClient(req) {
  const key = connKey(req);
  let client = rawClients.get(key);
  if (!client) {
    const opts = connectionOpts(req);
    client = opts.cluster ? connectionFor(opts, { maxRetriesPerRequest: 3 })
      : new IORedis(Object.assign(opts, { maxRetriesPerRequest: 3 }));
    client.on('error', () => {});
    rawClients.set(key, client);
  }
  return client;
}

// ---------------------------------------------------------------------------------------------
// Serialisation of results

function isJob(v) {
  return v instanceof B.Job;
}

async function jobJson(job, withState) {
  if (!job) return null;
  const j = {
    id: job.id === undefined ? null : job.id,
    name: job.name,
    data: job.data,
    opts: job.opts,
    progress: job.progress,
    returnvalue: job.returnvalue === undefined ? null : job.returnvalue,
    failedReason: job.failedReason === undefined ? null : job.failedReason,
    stacktrace: job.stacktrace === undefined ? null : job.stacktrace,
    attemptsMade: job.attemptsMade,
    attemptsStarted: job.attemptsStarted,
    stalledCounter: job.stalledCounter,
    timestamp: job.timestamp,
    processedOn: job.processedOn === undefined ? null : job.processedOn,
    finishedOn: job.finishedOn === undefined ? null : job.finishedOn,
    delay: job.delay === undefined ? null : job.delay,
    priority: job.priority === undefined ? null : job.priority,
    queueQualifiedName: job.queueQualifiedName,
    parentKey: job.parentKey === undefined ? null : job.parentKey,
    parent: job.parent === undefined ? null : job.parent,
    repeatJobKey: job.repeatJobKey === undefined ? null : job.repeatJobKey,
    deduplicationId: job.deduplicationId === undefined ? null : job.deduplicationId,
    deferredFailure: job.deferredFailure === undefined ? null : job.deferredFailure,
    processedBy: job.processedBy === undefined ? null : job.processedBy,
  };
  if (withState !== false && job.id !== undefined && job.id !== null) {
    j.state = await job.getState();
  }
  return j;
}

/** Turns any BullMQ result into plain JSON (Jobs become job JSON, flows become {job, children}). */
async function toPlain(value, withState, depth) {
  const d = depth || 0;
  if (d > 32) return null;
  if (value === undefined || value === null) return null;
  if (typeof value === 'function') return null;
  if (typeof value !== 'object') return value;
  if (isJob(value)) return jobJson(value, withState);
  if (value instanceof Error) return errorJson(value);
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value) || value instanceof Set) {
    const out = [];
    for (const v of value) out.push(await toPlain(v, withState, d + 1));
    return out;
  }
  const entries = value instanceof Map ? Array.from(value.entries()) : Object.entries(value);
  const out = {};
  for (const [k, v] of entries) {
    if (typeof v === 'function') continue;
    out[k] = await toPlain(v, withState, d + 1);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Worker with data-driven behaviour

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/*
 * job.data.__behave (all keys optional, applied in this order):
 *   sleepMs: n            wait n ms first
 *   progress: value       job.updateProgress(value) (a number or an object)
 *   log: "line" | [...]   job.log(line) for each line
 *   failAttempts: n       throw Error(fail || "attempt failed") while job.attemptsMade < n, then go on
 *   unrecoverable: "r"    throw UnrecoverableError(r)
 *   fail: "reason"        throw Error(reason) (unless failAttempts already decided this attempt)
 *   rateLimitMs: n        worker.rateLimit(n) and throw the RateLimitError (job goes back to wait)
 *   return: value         the return value (default: null)
 * A worker can also be started with a default behaviour ({"behaviour": {...}}) used when the job has none.
 */
function makeProcessor(entry) {
  return async (job, token) => {
    const behave = (job.data && typeof job.data === 'object' && job.data.__behave) || entry.behaviour || {};
    if (behave.sleepMs) await sleep(Number(behave.sleepMs));
    if (behave.progress !== undefined) await job.updateProgress(behave.progress);
    if (behave.log !== undefined) {
      for (const line of [].concat(behave.log)) await job.log(String(line));
    }
    if (behave.failAttempts !== undefined) {
      if (job.attemptsMade < Number(behave.failAttempts)) {
        throw new Error(behave.fail || `attempt ${job.attemptsMade + 1} failed`);
      }
    } else if (behave.fail !== undefined && behave.unrecoverable === undefined) {
      throw new Error(String(behave.fail));
    }
    if (behave.unrecoverable !== undefined) throw new B.UnrecoverableError(String(behave.unrecoverable));
    if (behave.rateLimitMs !== undefined) {
      await entry.worker.rateLimit(Number(behave.rateLimitMs));
      throw B.Worker.RateLimitError();
    }
    void token;
    return behave.return === undefined ? null : behave.return;
  };
}

async function workerStart(req) {
  const queueName = requireString(req, 'queue');
  const workerId = req.workerId || `w${++seq}`;
  if (workers.has(workerId)) throw new Error(`worker ${workerId} already exists`);
  const wopts = Object.assign({}, req.opts || {});
  if (req.concurrency !== undefined) wopts.concurrency = req.concurrency;
  if (wopts.metrics === true || req.metrics === true) {
    wopts.metrics = { maxDataPoints: B.MetricsTime ? B.MetricsTime.ONE_WEEK * 2 : 20160 };
  }
  const entry = { queue: queueName, behaviour: req.behaviour, worker: null };
  const worker = new B.Worker(queueName, makeProcessor(entry), baseOpts(req, wopts));
  entry.worker = worker;
  const base = { worker: workerId, queue: queueName, prefix: prefixOf(req) === undefined ? 'bull' : prefixOf(req) };
  worker.on('active', (job) => emitEvent('active', Object.assign({ jobId: job.id, name: job.name }, base)));
  worker.on('progress', (job, progress) =>
    emitEvent('progress', Object.assign({ jobId: job.id, progress }, base)));
  worker.on('completed', (job, returnvalue) =>
    emitEvent('processed', Object.assign({
      jobId: job.id, name: job.name, returnvalue: returnvalue === undefined ? null : returnvalue,
      attemptsMade: job.attemptsMade, attemptsStarted: job.attemptsStarted,
      processedOn: job.processedOn, finishedOn: job.finishedOn,
    }, base)));
  worker.on('failed', (job, err) =>
    emitEvent('failed', Object.assign({
      jobId: job ? job.id : null, name: job ? job.name : null,
      failedReason: err ? err.message : null, errorName: err ? err.name : null,
      attemptsMade: job ? job.attemptsMade : null, finishedOn: job ? job.finishedOn || null : null,
    }, base)));
  worker.on('stalled', (jobId, prev) => emitEvent('stalled', Object.assign({ jobId, prev }, base)));
  worker.on('error', (err) => emitEvent('error', Object.assign({ source: 'worker', message: String(err && err.message) }, base)));
  workers.set(workerId, entry);
  await worker.waitUntilReady();
  return { workerId };
}

function getWorker(req) {
  const entry = workers.get(req.workerId);
  if (!entry) throw new Error(`unknown worker ${req.workerId}`);
  return entry;
}

async function workerStop(req) {
  const entry = getWorker(req);
  workers.delete(req.workerId);
  await entry.worker.close(!!req.force);
  return true;
}

// ---------------------------------------------------------------------------------------------
// QueueEvents: every event is forwarded as {"event":"queueEvent", ...}

async function lastStreamId(req, queueName) {
  const prefix = prefixOf(req) === undefined ? 'bull' : prefixOf(req);
  const key = `${prefix}:${queueName}:events`;
  const last = await getRawClient(req).xrevrange(key, '+', '-', 'COUNT', 1);
  return last.length ? last[0][0] : '0-0';
}

async function eventsStart(req) {
  const queueName = requireString(req, 'queue');
  const eventsId = req.eventsId || `e${++seq}`;
  if (queueEvents.has(eventsId)) throw new Error(`queue events ${eventsId} already exists`);
  const opts = Object.assign({}, req.opts || {});
  // Start from the stream's current end, read now: nothing added after this call returns is missed
  // (QueueEvents' own default "$" would only count from its first XREAD, which starts later).
  if (opts.lastEventId === undefined) opts.lastEventId = await lastStreamId(req, queueName);
  const qe = new B.QueueEvents(queueName, baseOpts(req, opts));
  const evPrefix = prefixOf(req) === undefined ? 'bull' : prefixOf(req);
  const origEmit = qe.emit.bind(qe);
  qe.emit = (type, ...args) => {
    if (type === 'error') {
      emitEvent('error', { source: 'queueEvents', eventsId, queue: queueName, message: String(args[0] && args[0].message) });
    } else {
      const payload = args.length > 0 && args[0] && typeof args[0] === 'object' ? args[0] : {};
      const streamId = args.find((a) => typeof a === 'string' && /^\d+-\d+$/.test(a));
      // QueueEvents re-emits job events as "<type>:<jobId>" too; forward each stream entry once.
      const perJobCopy = payload.jobId !== undefined && type.endsWith(`:${payload.jobId}`);
      if (!perJobCopy) {
        emitEvent('queueEvent', { eventsId, queue: queueName, prefix: evPrefix, type, args: payload, streamId: streamId || null });
      }
    }
    return origEmit(type, ...args);
  };
  queueEvents.set(eventsId, { qe, queue: queueName });
  await qe.waitUntilReady();
  return { eventsId, lastEventId: opts.lastEventId === undefined ? null : opts.lastEventId };
}

async function eventsStop(req) {
  const entry = queueEvents.get(req.eventsId);
  if (!entry) throw new Error(`unknown queue events ${req.eventsId}`);
  queueEvents.delete(req.eventsId);
  await entry.qe.close();
  return true;
}

// ---------------------------------------------------------------------------------------------
// Cron: next fire times exactly as bullmq's cron-parser computes them

function cronNext(req) {
  const pattern = requireString(req, 'pattern');
  const count = req.count === undefined ? 1 : Number(req.count);
  const from = req.from === undefined ? Date.now() : Number(req.from);
  const opts = Object.assign({}, req.opts || {}, { currentDate: new Date(from) });
  if (req.tz) opts.tz = req.tz;
  if (req.endDate !== undefined) opts.endDate = new Date(req.endDate);
  let interval;
  if (cronParser.CronExpressionParser) {
    interval = cronParser.CronExpressionParser.parse(pattern, opts); // cron-parser 5.x
  } else {
    const p = cronParser.parseExpression ? cronParser : cronParser.default;
    interval = p.parseExpression(pattern, opts); // cron-parser 4.x
  }
  const out = [];
  for (let i = 0; i < count; i++) {
    let next;
    try {
      next = interval.next();
    } catch (_e) {
      break; // past endDate / no more dates
    }
    const d = next && typeof next.toDate === 'function' ? next.toDate() : next;
    out.push(d.getTime());
  }
  return out;
}

/** bullmq's own strategy function: `defaultRepeatStrategy` (cron) or `getNextMillis`. */
function nextMillis(req) {
  const fnName = req.strategy || 'defaultRepeatStrategy';
  const fn = B[fnName];
  if (typeof fn !== 'function') throw new Error(`bullmq ${versions.bullmq} exports no ${fnName}`);
  const r = fn(Number(req.millis === undefined ? Date.now() : req.millis), req.opts || {});
  return r === undefined ? null : r;
}

// ---------------------------------------------------------------------------------------------
// Generic calls: {"op":"call","target":"queue|job|worker|events|flow|bullmq","method":"...","args":[...]}

async function invoke(obj, method, args, label) {
  if (!obj) throw new Error(`no ${label}`);
  const fn = obj[method];
  if (typeof fn !== 'function') throw new Error(`${label} has no method ${method}`);
  return fn.apply(obj, Array.isArray(args) ? args : args === undefined ? [] : [args]);
}

async function genericCall(req) {
  const method = requireString(req, 'method');
  const target = req.target || 'queue';
  let result;
  switch (target) {
    case 'queue':
      result = await invoke(await getQueue(req), method, req.args, `queue ${req.queue}`);
      break;
    case 'job': {
      const q = await getQueue(req);
      const job = await q.getJob(String(req.jobId));
      if (!job) throw new Error(`job ${req.jobId} not found in ${req.queue}`);
      result = await invoke(job, method, req.args, `job ${req.jobId}`);
      break;
    }
    case 'jobStatic': // e.g. Job.fromId(queue, id) — queue object is passed as the first argument
      result = await invoke(B.Job, method, [await getQueue(req)].concat(req.args || []), 'Job');
      break;
    case 'worker':
      result = await invoke(getWorker(req).worker, method, req.args, `worker ${req.workerId}`);
      break;
    case 'events': {
      const entry = queueEvents.get(req.eventsId);
      if (!entry) throw new Error(`unknown queue events ${req.eventsId}`);
      result = await invoke(entry.qe, method, req.args, `queue events ${req.eventsId}`);
      break;
    }
    case 'flow':
      result = await invoke(await getFlowProducer(req), method, req.args, 'flow producer');
      break;
    case 'bullmq': // exported functions, e.g. getNextMillis
      result = await invoke(B, method, req.args, 'bullmq');
      break;
    default:
      throw new Error(`unknown call target ${target}`);
  }
  return toPlain(result, req.withState);
}

// ---------------------------------------------------------------------------------------------
// Ops

async function closeAll() {
  const closing = [];
  for (const [, e] of workers) closing.push(closeWithin(e.worker.close(), 5000, () => e.worker.close(true)));
  workers.clear();
  for (const [, e] of queueEvents) closing.push(e.qe.close());
  queueEvents.clear();
  for (const [, q] of queues) closing.push(q.close());
  queues.clear();
  for (const [, fp] of flowProducers) closing.push(fp.close());
  flowProducers.clear();
  for (const [, c] of rawClients) closing.push(c.quit().catch(() => c.disconnect()));
  rawClients.clear();
  for (const c of clusterClients.splice(0)) closing.push(c.quit().catch(() => c.disconnect()));
  await Promise.allSettled(closing);
}

function closeWithin(promise, ms, onTimeout) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(Promise.resolve(onTimeout()).catch(() => {})), ms);
  });
  return Promise.race([promise.finally(() => clearTimeout(timer)), timeout]);
}

const ops = {
  ping: async (req) => (req.redis ? getRawClient(req).ping() : 'pong'),
  version: async () => versions,

  connect: async (req) => {
    await closeAll();
    if (req.url) settings.url = req.url;
    settings.connection = req.connection ? Object.assign({}, req.connection) : undefined;
    settings.prefix = req.prefix === null ? undefined : req.prefix;
    // fail fast on a bad url / unreachable server
    const pong = await getRawClient(req).ping();
    return Object.assign({ pong }, versions);
  },

  openQueue: async (req) => {
    const key = queueKey(req, requireString(req, 'queue'));
    const old = queues.get(key);
    if (old) {
      queues.delete(key);
      await old.close();
    }
    await getQueue(Object.assign({}, req, { queueOpts: req.opts }));
    return true;
  },
  closeQueue: async (req) => {
    const key = queueKey(req, requireString(req, 'queue'));
    const q = queues.get(key);
    if (q) {
      queues.delete(key);
      await q.close();
    }
    return !!q;
  },

  add: async (req) => jobJson(await (await getQueue(req)).add(requireString(req, 'name'), req.data === undefined ? {} : req.data, req.opts || {}), req.withState),
  addBulk: async (req) => {
    const q = await getQueue(req);
    const jobs = (req.jobs || []).map((j) => ({ name: j.name, data: j.data === undefined ? {} : j.data, opts: j.opts || {} }));
    return toPlain(await q.addBulk(jobs), req.withState);
  },
  getJob: async (req) => jobJson(await (await getQueue(req)).getJob(String(req.jobId)), req.withState),
  getJobState: async (req) => (await getQueue(req)).getJobState(String(req.jobId)),
  getJobCounts: async (req) => (await getQueue(req)).getJobCounts(...(req.types || [])),
  getJobs: async (req) => {
    const q = await getQueue(req);
    const jobs = await q.getJobs(req.types || [], req.start || 0, req.end === undefined ? -1 : req.end, !!req.asc);
    return toPlain(jobs, req.withState);
  },
  getJobLogs: async (req) => (await getQueue(req)).getJobLogs(String(req.jobId), req.start || 0, req.end === undefined ? -1 : req.end, req.asc !== false),
  pause: async (req) => { await (await getQueue(req)).pause(); return true; },
  resume: async (req) => { await (await getQueue(req)).resume(); return true; },
  isPaused: async (req) => (await getQueue(req)).isPaused(),
  retryJobs: async (req) => { await (await getQueue(req)).retryJobs(req.opts || {}); return true; },
  promoteJobs: async (req) => { await (await getQueue(req)).promoteJobs(req.opts || {}); return true; },
  clean: async (req) => (await getQueue(req)).clean(Number(req.grace || 0), Number(req.limit || 0), req.type || 'completed'),
  drain: async (req) => { await (await getQueue(req)).drain(!!req.delayed); return true; },
  obliterate: async (req) => { await (await getQueue(req)).obliterate(req.opts || {}); return true; },
  getWorkers: async (req) => (await getQueue(req)).getWorkers(),
  getMetrics: async (req) => (await getQueue(req)).getMetrics(req.type || 'completed', req.start || 0, req.end === undefined ? -1 : req.end),

  upsertJobScheduler: async (req) => jobJson(await (await getQueue(req)).upsertJobScheduler(
    requireString(req, 'schedulerId'), req.repeat || {}, req.template || {}), req.withState),
  getJobScheduler: async (req) => toPlain(await (await getQueue(req)).getJobScheduler(requireString(req, 'schedulerId'))),
  getJobSchedulers: async (req) => toPlain(await (await getQueue(req)).getJobSchedulers(
    req.start || 0, req.end === undefined ? -1 : req.end, !!req.asc)),
  getJobSchedulersCount: async (req) => (await getQueue(req)).getJobSchedulersCount(),
  removeJobScheduler: async (req) => (await getQueue(req)).removeJobScheduler(requireString(req, 'schedulerId')),

  flowAdd: async (req) => toPlain(await (await getFlowProducer(req)).add(req.flow, req.opts), req.withState),
  flowAddBulk: async (req) => toPlain(await (await getFlowProducer(req)).addBulk(req.flows || []), req.withState),
  flowGet: async (req) => toPlain(await (await getFlowProducer(req)).getFlow(req.opts), req.withState),

  workerStart,
  workerStop,
  workerList: async () => Array.from(workers.entries()).map(([id, e]) => ({ workerId: id, queue: e.queue, running: e.worker.isRunning() })),
  eventsStart,
  eventsStop,

  cronNext: async (req) => cronNext(req),
  nextMillis: async (req) => nextMillis(req),

  call: genericCall,
  closeAll: async () => { await closeAll(); return true; },
  /** Simulates a crashed process: no cleanup, locks stay until they expire. */
  crash: async () => { setImmediate(() => process.kill(process.pid, 'SIGKILL')); return true; },
};

async function handle(req) {
  const id = req && req.id !== undefined ? req.id : null;
  try {
    const op = ops[req.op];
    if (!op) throw new Error(`unknown op ${req.op}`);
    const result = await op(req);
    send({ id, ok: true, result: result === undefined ? null : result });
  } catch (e) {
    send({ id, ok: false, error: e && e.message ? e.message : String(e), stack: e && e.stack ? e.stack : null });
  }
}

function main(bullmqDir) {
  const argIdx = process.argv.indexOf('--bullmq-dir');
  const dir = bullmqDir || (argIdx >= 0 ? process.argv[argIdx + 1] : process.env.DROVER_BULLMQ_DIR);
  if (!dir) {
    console.error('usage: node driver.js --bullmq-dir <dir with node_modules/bullmq>');
    process.exit(2);
  }
  try {
    init(dir);
  } catch (e) {
    console.error(`cannot load bullmq from ${dir}: ${e.message}. Run "node driver/install.js" in the node directory (or "npm install" there).`);
    process.exit(3);
  }
  if (process.env.DROVER_REDIS_URL) settings.url = process.env.DROVER_REDIS_URL;
  if (process.env.DROVER_PREFIX) settings.prefix = process.env.DROVER_PREFIX;

  // Requests run one after another in arrival order, so a pipelined "connect" is in force for the
  // lines after it. A request with "concurrent": true skips the line (for ops that wait a long time,
  // e.g. a graceful worker stop while other requests go on).
  const pending = new Set();
  let chain = Promise.resolve();
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  rl.on('line', (line) => {
    if (!line.trim()) return;
    let req;
    try {
      req = JSON.parse(line);
    } catch (e) {
      send({ id: null, ok: false, error: `bad json: ${e.message}` });
      return;
    }
    let p;
    if (req && req.concurrent === true) {
      p = handle(req);
    } else {
      p = chain.then(() => handle(req));
      chain = p;
    }
    pending.add(p);
    p.finally(() => pending.delete(p));
  });
  rl.on('close', async () => {
    const hardStop = setTimeout(() => process.exit(0), 15000);
    try {
      await Promise.allSettled(Array.from(pending));
      await closeAll();
    } catch (e) {
      console.error('error while closing:', e);
    }
    clearTimeout(hardStop);
    process.exit(0);
  });
  process.on('unhandledRejection', (reason) => {
    emitEvent('error', { source: 'unhandledRejection', message: String(reason && reason.message ? reason.message : reason) });
  });
  send({ event: 'ready', versions });
}

module.exports = { main, parseRedisUrl };

if (require.main === module) main();
