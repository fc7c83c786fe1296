'use strict';
/* Helpers shared by the BullMQ bench trials (see bench.js). */
const path = require('path');
const crypto = require('crypto');

const modules = path.resolve(__dirname, '../../test-fixtures/src/main/node/bullmq6/node_modules');
const { Queue, Worker, QueueEvents } = require(path.join(modules, 'bullmq'));
const IORedis = require(path.join(modules, 'ioredis'));

const spec = JSON.parse(process.argv[2]);
const url = new URL(spec.redisUrl);
const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
const log = (...a) => process.stderr.write(a.join(' ') + '\n');

function send(obj) { process.stdout.write(JSON.stringify(obj) + '\n'); }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function uuidPayload() {
  return Array.from({ length: 10 }, () => Array.from({ length: 10 }, () => crypto.randomUUID()));
}

async function prefill(queue, n, bulk) {
  for (let i = 0; i < n; i += bulk) {
    const jobs = [];
    for (let k = i; k < Math.min(n, i + bulk); k++) jobs.push({ name: 'job', data: { i: k } });
    await queue.addBulk(jobs);
  }
}

async function awaitCompleted(queueName, n) {
  const redis = new IORedis(connection);
  try {
    while ((await redis.zcard(`bull:${queueName}:completed`)) < n) await sleep(1);
  } finally { redis.disconnect(); }
}

function newWorker(name, processor, concurrency) {
  return new Worker(name, processor, { connection, concurrency, autorun: false });
}

async function warmUp(name, n, concurrency) {
  if (n <= 0) return;
  const queue = new Queue(name, { connection });
  const payload = uuidPayload();
  for (let i = 0; i < n; i++) await queue.add('warm', payload);
  await prefill(queue, n, 50);
  const worker = newWorker(name, async () => null, concurrency);
  worker.run();
  await awaitCompleted(name, 2 * n);
  await worker.close();
  await queue.close();
}

function mixedJob(k) {
  switch (k % 3) {
    case 0: return { name: 'delayed', data: { i: k }, opts: { delay: k % 100 } };
    case 1: return { name: 'prioritized', data: { i: k }, opts: { priority: 1 + (k % 10) } };
    default: return { name: 'retried', data: { i: k, fail: true }, opts: { attempts: 2, backoff: { type: 'fixed', delay: 0 } } };
  }
}

function chunks(n, size, make) {
  const out = [];
  for (let i = 0; i < n; i += size) {
    const c = [];
    for (let k = i; k < Math.min(n, i + size); k++) c.push(make(k));
    out.push(c);
  }
  return out;
}

module.exports = { spec, connection, log, sleep, uuidPayload, prefill, awaitCompleted, newWorker, warmUp, mixedJob,
  chunks, Queue, QueueEvents, send };
