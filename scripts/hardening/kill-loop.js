/**
 * The kill loop: real runs (small embedded-digits models) train under a real headless host while
 * the loop sends KILLS (default 36) random kill -9s, to a training worker or to the host itself.
 * After each kill it resumes what it interrupted (a killed host is restarted; the new host marks
 * its runs interrupted); at the end every run must train to completion. Then, for every run: steps
 * lost (a gap) or duplicated, PRAGMA integrity_check after each host kill and at the end, leftover
 * temporary checkpoint folders, and the losses of one killed run against the same run trained
 * without interruption. Prints one JSON summary; exit code 0 only if everything holds.
 *
 *   npm run build && node scripts/hardening/kill-loop.js [seed]
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { callApi, random, snapshotBuild, startHost } from './host-process.js';

const KILLS = Number(process.env.KILLS ?? 36);
const RUNS = Number(process.env.RUNS ?? 6);
const EPOCHS = Number(process.env.EPOCHS ?? 4);
const seed = Number(process.argv[2] ?? 1);
const rng = random(seed);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const runConfig = (runSeed) => ({
  data: { dataset: { source: 'embedded-mnist' } },
  model: { hidden: [32], latentDim: 4 },
  optim: { batchSize: 256, epochs: EPOCHS },
  eval: { iwaeK: 4, iwaePoints: 64, latentPoints: 200, maxHeldOut: 300 },
  reportEverySteps: 5,
  seed: runSeed,
  backend: 'wasm',
});

/** Child processes of `pid` (the host's training workers), from /proc. */
function childrenOf(pid) {
  const children = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return children;
}

function integrityCheck(dataDir) {
  const db = new Database(join(dataDir, 'workbench.sqlite'));
  try {
    return db.pragma('integrity_check', { simple: true });
  } finally {
    db.close();
  }
}

async function value(host, method, params) {
  const { status, body } = await callApi(host, method, params);
  if (status !== 200 || !body?.ok) throw new Error(`${method} answered ${status}: ${JSON.stringify(body?.error ?? body)}`);
  return body.value;
}

async function listRuns(host) {
  return (await value(host, 'listRuns', { limit: 1000 })).runs;
}

/**
 * Queues every run a kill left interrupted, and every 'queued' run a killed host had in its queue
 * (a run the new host already queued answers 409, which is fine); returns how many were queued.
 */
async function resumeInterrupted(host, resumes) {
  let count = 0;
  for (const run of await listRuns(host)) {
    if (run.status !== 'interrupted' && run.status !== 'stopped' && run.status !== 'queued') continue;
    const { status } = await callApi(host, 'startRun', { id: run.id });
    if (status === 200) {
      count++;
      if (run.status !== 'queued') resumes.set(run.id, (resumes.get(run.id) ?? 0) + 1);
    }
  }
  return count;
}

async function steps(host, runId) {
  const [series] = await value(host, 'getSeries', { runId, keys: ['train/loss'], buckets: 100_000 });
  return series.points.map((point) => ({ step: point.step, value: point.value ?? point.mean ?? point.last }));
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'vwb-kill-loop-'));
  const build = snapshotBuild();
  let host = await startHost(dataDir, [], build);
  const runIds = [];
  for (let i = 0; i < RUNS; i++) runIds.push((await value(host, 'createRun', { name: `kill-loop ${i}`, config: runConfig(100 + i) })).id);

  const kills = { worker: 0, host: 0 };
  const killLog = [];
  const integrityAfterHostKills = [];
  const resumes = new Map();
  const started = Date.now();
  while (kills.worker + kills.host < KILLS) {
    await sleep(500 + rng.int(2500));
    const active = (await listRuns(host)).filter((run) => run.status === 'running');
    const workers = childrenOf(host.child.pid);
    if (active.length === 0 && workers.length === 0) {
      // Everything finished before the kills did: queue more work by resuming or waiting.
      if ((await resumeInterrupted(host, resumes)) === 0 && (await listRuns(host)).every((run) => run.status === 'completed')) break;
      continue;
    }
    const target = workers.length > 0 && rng.next() < 0.5 ? 'worker' : 'host';
    if (target === 'worker') {
      const pid = rng.pick(workers);
      process.kill(pid, 'SIGKILL');
      kills.worker++;
      killLog.push({ target, pid, runs: active.map((run) => run.name) });
      await sleep(300);
    } else {
      process.kill(host.child.pid, 'SIGKILL');
      await new Promise((resolve) => (host.alive() ? host.child.once('exit', resolve) : resolve()));
      kills.host++;
      killLog.push({ target, pid: host.child.pid, runs: active.map((run) => run.name) });
      // Orphaned workers exit on their own when the IPC channel closes; give them a moment.
      await sleep(300);
      integrityAfterHostKills.push(integrityCheck(dataDir));
      host = await startHost(dataDir, [], build);
    }
    await resumeInterrupted(host, resumes);
  }

  // Let everything finish, resuming whatever is still interrupted.
  const deadline = Date.now() + 30 * 60_000;
  let runs = await listRuns(host);
  while (!runs.every((run) => run.status === 'completed' || run.status === 'failed') && Date.now() < deadline) {
    await resumeInterrupted(host, resumes);
    await sleep(1000);
    runs = await listRuns(host);
  }

  // A reference: run 0's config, trained without interruption.
  const reference = (await value(host, 'createRun', { name: 'reference (no kills)', config: runConfig(100) })).id;
  while ((await value(host, 'getRun', { id: reference })).run.status !== 'completed' && Date.now() < deadline) await sleep(500);

  const perRun = [];
  for (const id of runIds) {
    const run = (await value(host, 'getRun', { id })).run;
    const points = await steps(host, id);
    const distinct = new Set(points.map((p) => p.step));
    const expected = run.summary.stepsCompleted ?? 0;
    let lost = 0;
    for (let step = 0; step < expected; step++) if (!distinct.has(step)) lost++;
    perRun.push({ name: run.name, status: run.status, resumes: resumes.get(id) ?? 0, steps: points.length, expected, lost, duplicated: points.length - distinct.size, error: run.status === 'completed' ? undefined : run.error });
  }
  const killed = await steps(host, runIds[0]);
  const uninterrupted = await steps(host, reference);
  const maxLossDifference = killed.length === uninterrupted.length ? Math.max(...killed.map((p, i) => Math.abs(p.value - uninterrupted[i].value))) : null;

  host.child.kill('SIGTERM');
  await new Promise((resolve) => host.child.once('exit', resolve));
  const finalIntegrity = integrityCheck(dataDir);
  const checkpointsRoot = join(dataDir, 'checkpoints');
  const leftovers = existsSync(checkpointsRoot)
    ? readdirSync(checkpointsRoot).flatMap((run) => readdirSync(join(checkpointsRoot, run)).filter((name) => name.includes('.tmp-')).map((name) => `${run}/${name}`))
    : [];

  const summary = {
    seed,
    kills: { total: kills.worker + kills.host, ...kills },
    runs: RUNS,
    epochsPerRun: EPOCHS,
    runsCompleted: perRun.filter((run) => run.status === 'completed').length,
    runsResumed: perRun.filter((run) => run.resumes > 0).length,
    resumesTotal: [...resumes.values()].reduce((a, b) => a + b, 0),
    stepsLost: perRun.reduce((sum, run) => sum + run.lost, 0),
    stepsDuplicated: perRun.reduce((sum, run) => sum + run.duplicated, 0),
    integrityAfterHostKills: { checks: integrityAfterHostKills.length, ok: integrityAfterHostKills.filter((r) => r === 'ok').length },
    finalIntegrity,
    leftoverTemporaryCheckpoints: leftovers,
    lossesOfKilledRunVsUninterrupted: { steps: killed.length, referenceSteps: uninterrupted.length, maxAbsDifference: maxLossDifference },
    seconds: Math.round((Date.now() - started) / 1000),
    perRun,
    killLog,
  };
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(build, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(summary, null, 1)}\n`);
  const ok =
    summary.runsCompleted === RUNS && summary.stepsLost === 0 && summary.stepsDuplicated === 0 && finalIntegrity === 'ok' &&
    summary.integrityAfterHostKills.ok === summary.integrityAfterHostKills.checks && leftovers.length === 0 && maxLossDifference === 0;
  process.exitCode = ok ? 0 : 1;
}

await main();
