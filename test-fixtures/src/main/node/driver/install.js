'use strict';
/*
 * Installs the pinned bullmq versions for Drover's interop tests: runs `npm install` in each version
 * directory (default: ../bullmq5 and ../bullmq6) unless its node_modules was already installed from the
 * same package.json + package-lock.json (a stamp file in node_modules records their hash).
 *
 * `npm install` with the committed package-lock.json installs exactly the locked versions. `npm ci` is not
 * used because it rejects these lockfiles: msgpackr-extract (an optional dependency of msgpackr, bullmq's
 * encoder) lists per-platform optional packages that the registry mirror reachable here does not serve, so
 * they are absent from the lockfile, and `npm ci` counts that as "out of sync". They are native speed-ups
 * only; msgpackr falls back to plain JavaScript without them.
 *
 *   node install.js [dir ...]      exit code 0 when every directory is installed
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const STAMP = '.drover-install-stamp';
const root = path.resolve(__dirname, '..');
const dirs = process.argv.length > 2 ? process.argv.slice(2).map((d) => path.resolve(d))
  : ['bullmq5', 'bullmq6'].map((d) => path.join(root, d));

function inputsHash(dir) {
  const h = crypto.createHash('sha256');
  for (const f of ['package.json', 'package-lock.json']) {
    h.update(f).update('\0').update(fs.readFileSync(path.join(dir, f))).update('\0');
  }
  h.update(process.version.split('.')[0]); // node major: native optional deps may differ
  return h.digest('hex');
}

let failed = false;
for (const dir of dirs) {
  const want = inputsHash(dir);
  const stamp = path.join(dir, 'node_modules', STAMP);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === want
      && fs.existsSync(path.join(dir, 'node_modules', 'bullmq', 'package.json'))) {
    console.log(`${path.basename(dir)}: node_modules up to date`);
    continue;
  }
  console.log(`${path.basename(dir)}: npm install (locked versions)`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) {
    console.error(`${path.basename(dir)}: npm install failed (${r.error ? r.error.message : `exit ${r.status}`})`);
    failed = true;
    continue;
  }
  const installed = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'bullmq', 'package.json'), 'utf8')).version;
  const pinned = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies.bullmq;
  if (installed !== pinned) {
    console.error(`${path.basename(dir)}: installed bullmq ${installed} but package.json pins ${pinned}`);
    failed = true;
    continue;
  }
  fs.writeFileSync(stamp, inputsHash(dir) + '\n'); // re-hash: the lock is what npm left
}
process.exit(failed ? 1 : 0);
