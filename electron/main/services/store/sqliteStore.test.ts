import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SweepSpec } from '../../../../shared/ipc/sweeps';
import { INTERRUPTED_QUEUED, INTERRUPTED_RUNNING } from './runsRepo';
import { SqliteStore } from './sqliteStore';
import { config, point, tempFolder, type TempFolder } from './testing';

let folder: TempFolder;
let store: SqliteStore;
beforeEach(() => {
  folder = tempFolder();
  store = folder.track(SqliteStore.open(folder.file('runs.db')));
});
afterEach(() => folder.cleanup());

const count = (table: string, runId: number) =>
  store.database.db.prepare(`SELECT count(*) FROM ${table} WHERE run_id = ?`).pluck().get(runId) as number;

const SPEC: SweepSpec = { name: 'lr sweep', base: { epochs: 3 }, grid: { lr: [0.01, 0.1] } };

describe('SqliteStore: a run from queue to finish', () => {
  it('round-trips create → markRunning → progress → metrics → confusion → model → finish', () => {
    const runId = store.createRun({ name: 'keras-mlp', config: config({ lr: 0.05, hidden: [64, 32], seed: 9 }), sweepId: null });
    const queued = store.getRun(runId)!;
    expect(queued).toMatchObject({ id: runId, name: 'keras-mlp', status: 'queued', seed: 9, dataset: 'mnist', sweepId: null, tags: [], notes: '' });
    expect(queued.config).toEqual(config({ lr: 0.05, hidden: [64, 32], seed: 9 }));
    expect(store.queuedRunIds()).toEqual([runId]);

    store.markRunning(runId, 300, 1000);
    store.updateProgress(runId, { step: 150, totalSteps: 300, epoch: 1.5, fraction: 0.5, etaSeconds: 12 });
    expect(store.getRun(runId)).toMatchObject({ status: 'running', startedAt: 1000, step: 150, totalSteps: 300, epoch: 1.5, progress: 0.5, etaSeconds: 12 });
    expect(store.queuedRunIds()).toEqual([]);

    store.appendMetrics(runId, [point('train/loss', 1, 2.3), point('lr', 1, 0.05), point('train/loss', 100, 0.9)]);
    store.appendMetrics(runId, [point('train/loss_epoch', 100, 1.1, 1), point('val/accuracy', 100, 0.91, 1)]);
    store.appendMetrics(runId, [point('train/loss', 200, 0.2), point('train/loss_epoch', 200, 0.5, 2), point('val/accuracy', 200, 0.89, 2)]);
    store.appendMetrics(runId, [point('train/loss', 250, 0.05, 2.5)]);
    store.appendConfusion([{ runId, split: 'validation', step: 200, epoch: 2, classes: 2, counts: [5, 1, 0, 4] }]);
    store.saveModel(runId, '{"layers":[]}');
    store.finishRun(runId, { status: 'finished', error: null, testAccuracy: 0.9, testLoss: 0.31, finishedAt: 5000 });

    const run = store.getRun(runId)!;
    expect(run).toMatchObject({ status: 'finished', finishedAt: 5000, progress: 1, etaSeconds: null, testAccuracy: 0.9, error: null });
    expect(run.bestValAccuracy).toBe(0.91);
    expect(run.finalValAccuracy).toBe(0.89);
    expect(run.finalTrainLoss).toBe(0.5); // the epoch mean, not the last noisy step
    expect(run.epoch).toBe(2.5);

    const [loss] = store.metricSeries({ runIds: [runId], names: ['train/loss'] });
    expect(loss).toEqual({
      runId,
      name: 'train/loss',
      steps: [1, 100, 200, 250],
      epochs: [0.01, 1, 2, 2.5],
      values: [2.3, 0.9, 0.2, 0.05],
      wallTimes: [1, 100, 200, 250].map((s) => 1_700_000_000_000 + s),
    });
    expect(store.confusion(runId)).toEqual([{ runId, split: 'validation', step: 200, epoch: 2, classes: 2, counts: [5, 1, 0, 4] }]);
    expect(store.model(runId)).toEqual({ runId, json: '{"layers":[]}' });
    expect(store.model(runId + 1)).toBeNull();
  });

  it('keeps the per-step loss as the final loss of a run that reports no epoch means (iteration mode)', () => {
    const runId = store.createRun({ name: 'tf', config: config({ epochs: 0, iterations: 1000 }), sweepId: null });
    store.appendMetrics(runId, [point('train/loss', 10, 0.8), point('train/loss', 20, 0.7)]);
    expect(store.getRun(runId)!.finalTrainLoss).toBe(0.7);
  });

  it('stores a diverged NaN loss and gives it back as NaN', () => {
    const runId = store.createRun({ name: 'hot', config: config({ lr: 50 }), sweepId: null });
    store.appendMetrics(runId, [point('train/loss', 1, 3), point('train/loss', 2, NaN), point('train/loss', 3, Infinity)]);
    const [loss] = store.metricSeries({ runIds: [runId], names: ['train/loss'] });
    expect(loss.values).toEqual([3, NaN, Infinity]);
    expect(store.getRun(runId)!.finalTrainLoss).toBeNull(); // no number, rather than a stale one
    store.appendMetrics(runId, [point('train/loss', 4, 2.5)]);
    expect(store.getRun(runId)!.finalTrainLoss).toBe(2.5);
  });

  it('replaces a confusion matrix reported again for the same step', () => {
    const runId = store.createRun({ name: 'r', config: config(), sweepId: null });
    store.appendConfusion([{ runId, split: 'test', step: 5, epoch: 1, classes: 1, counts: [1] }]);
    store.appendConfusion([{ runId, split: 'test', step: 5, epoch: 1, classes: 1, counts: [2] }]);
    expect(store.confusion(runId).map((r) => r.counts)).toEqual([[2]]);
  });

  it('requeues a finished run from scratch: series, matrices, model and summary go, params stay', () => {
    const runId = store.createRun({ name: 'again', config: config(), sweepId: null });
    store.markRunning(runId, 10, 1);
    store.appendMetrics(runId, [point('train/loss', 1, 1), point('val/accuracy', 1, 0.5)]);
    store.appendConfusion([{ runId, split: 'validation', step: 1, epoch: 1, classes: 1, counts: [3] }]);
    store.saveModel(runId, '{}');
    store.finishRun(runId, { status: 'failed', error: 'out of memory', testAccuracy: null, testLoss: null, finishedAt: 2 });

    store.requeueRun(runId);
    expect(store.getRun(runId)).toMatchObject({
      status: 'queued', error: null, startedAt: null, finishedAt: null, progress: 0, step: 0, epoch: 0,
      bestValAccuracy: null, finalValAccuracy: null, finalTrainLoss: null, testAccuracy: null,
    });
    expect([count('metrics', runId), count('confusion', runId), count('models', runId), count('params', runId) > 0]).toEqual([0, 0, 0, true]);
    expect(store.queuedRunIds()).toEqual([runId]);
  });

  it('forgets a requeued run\'s score on my digits: its model is about to change', () => {
    const runId = store.createRun({ name: 'scored', config: config(), sweepId: null });
    store.finishRun(runId, { status: 'finished', error: null, testAccuracy: 0.9, testLoss: 0.3, finishedAt: 2 });
    store.saveDrawingScore({ runId, accuracy: 0.5, count: 4, confusion: { classes: 2, counts: [1, 1, 1, 1] }, scoredAt: 3 });
    store.requeueRun(runId);
    expect(store.getRun(runId)).toMatchObject({ myDigitsAccuracy: null, myDigitsCount: null });
    expect(count('drawing_scores', runId)).toBe(0);
  });

  it('refuses to requeue a running run, which would lose its live series', () => {
    const runId = store.createRun({ name: 'busy', config: config(), sweepId: null });
    store.markRunning(runId, 10, 1);
    expect(() => store.requeueRun(runId)).toThrow(`run ${runId} is running; cancel it before running it again`);
  });

  it('ignores a trainer still reporting for a run the user deleted', () => {
    const runId = store.createRun({ name: 'gone', config: config(), sweepId: null });
    store.deleteRuns([runId]);
    store.markRunning(runId, 10, 1);
    store.updateProgress(runId, { step: 1, totalSteps: 10, epoch: 0.1, fraction: 0.1, etaSeconds: 1 });
    store.appendMetrics(runId, [point('train/loss', 1, 1)]);
    store.appendConfusion([{ runId, split: 'test', step: 1, epoch: 1, classes: 1, counts: [1] }]);
    store.saveModel(runId, '{}');
    store.finishRun(runId, { status: 'finished', error: null, testAccuracy: 1, testLoss: 0, finishedAt: 2 });
    expect(store.getRun(runId)).toBeNull();
    expect([count('metrics', runId), count('confusion', runId), count('models', runId)]).toEqual([0, 0, 0]);
  });
});

describe('SqliteStore: start-up after the app died', () => {
  it('marks running and queued runs interrupted, keeping their metrics, and the file checks out', () => {
    const running = store.createRun({ name: 'running', config: config(), sweepId: null });
    const queued = store.createRun({ name: 'queued', config: config(), sweepId: null });
    const done = store.createRun({ name: 'done', config: config(), sweepId: null });
    store.markRunning(running, 100, 1_700_000_000_000);
    store.appendMetrics(running, [point('train/loss', 1, 2), point('train/loss', 40, 1)]);
    store.markRunning(done, 100, 1);
    store.finishRun(done, { status: 'finished', error: null, testAccuracy: 0.9, testLoss: 0.3, finishedAt: 9 });
    store.close();

    store = folder.track(SqliteStore.open(folder.file('runs.db')));
    expect(store.markInterruptedAtStartup()).toBe(2);
    expect(store.getRun(running)).toMatchObject({ status: 'interrupted', error: INTERRUPTED_RUNNING, finishedAt: 1_700_000_000_040 });
    expect(store.getRun(queued)).toMatchObject({ status: 'interrupted', error: INTERRUPTED_QUEUED, finishedAt: null });
    expect(store.getRun(done)!.status).toBe('finished');
    expect(store.metricSeries({ runIds: [running], names: ['train/loss'] })[0].values).toEqual([2, 1]);
    expect(INTERRUPTED_RUNNING).toBe('the app stopped while this run was running; its metrics up to then are kept');
    expect(store.integrityCheck()).toBe('ok');
    expect(store.database.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(store.markInterruptedAtStartup()).toBe(0);
  });
});

describe('SqliteStore: deleting, tags and notes', () => {
  it('deletes runs with everything that hangs off them', () => {
    const keep = store.createRun({ name: 'keep', config: config(), sweepId: null });
    const drop = store.createRun({ name: 'drop', config: config(), sweepId: null });
    for (const runId of [keep, drop]) {
      store.appendMetrics(runId, [point('train/loss', 1, 1)]);
      store.appendConfusion([{ runId, split: 'test', step: 1, epoch: 1, classes: 1, counts: [1] }]);
      store.saveModel(runId, '{}');
      store.setTags(runId, ['baseline']);
    }
    store.saveDrawingScore({ runId: drop, accuracy: 1, count: 1, confusion: { classes: 1, counts: [1] }, scoredAt: 1 });
    store.saveDrawingScore({ runId: keep, accuracy: 1, count: 1, confusion: { classes: 1, counts: [1] }, scoredAt: 1 });
    expect(store.deleteRuns([drop, 999])).toBe(1);
    for (const table of ['params', 'metrics', 'confusion', 'models', 'tags', 'drawing_scores']) {
      expect([table, count(table, drop)]).toEqual([table, 0]);
      expect(count(table, keep)).toBeGreaterThan(0);
    }
    expect(store.integrityCheck()).toBe('ok');
  });

  it('sets tags (trimmed, without repeats) and notes, and says when the run is gone', () => {
    const runId = store.createRun({ name: 'r', config: config(), sweepId: null });
    store.setTags(runId, [' best ', 'adam', 'best', '']);
    store.setNotes(runId, 'try a wider layer next');
    expect(store.getRun(runId)).toMatchObject({ tags: ['adam', 'best'], notes: 'try a wider layer next' });
    store.setTags(runId, []);
    expect(store.getRun(runId)!.tags).toEqual([]);
    expect(() => store.setTags(404, ['x'])).toThrow('run 404 does not exist (it may have been deleted)');
    expect(() => store.setNotes(404, 'x')).toThrow('run 404 does not exist');
  });
});

describe('SqliteStore: my digits', () => {
  const pixels = (value: number) => new Uint8Array(784).fill(value);

  it('saves, lists in order and deletes drawings, bytes intact', () => {
    const seven = store.saveDrawing(7, pixels(200), 1000);
    const one = store.saveDrawing(1, Uint8Array.from({ length: 784 }, (_, i) => i % 256), 2000);
    expect(seven).toEqual({ id: seven.id, label: 7, pixels: pixels(200), createdAt: 1000 });
    expect(store.listDrawings()).toEqual([seven, one]);
    expect(store.listDrawings()[1].pixels[300]).toBe(300 % 256);
    expect(store.deleteDrawing(seven.id)).toBe(true);
    expect(store.deleteDrawing(seven.id)).toBe(false);
    expect(store.listDrawings().map((d) => d.label)).toEqual([1]);
  });

  it('keeps one score per run, the latest, and shows it in the run\'s summary and the runs list', () => {
    const runId = store.createRun({ name: 'scored', config: config(), sweepId: null });
    const other = store.createRun({ name: 'not scored', config: config(), sweepId: null });
    expect(store.getRun(runId)).toMatchObject({ myDigitsAccuracy: null, myDigitsCount: null });
    store.saveDrawingScore({ runId, accuracy: 0.5, count: 4, confusion: { classes: 2, counts: [1, 1, 1, 1] }, scoredAt: 3 });
    const latest = { runId, accuracy: 0.8, count: 5, confusion: { classes: 2, counts: [3, 1, 0, 1] }, scoredAt: 4 };
    store.saveDrawingScore(latest);
    expect(store.drawingScore(runId)).toEqual(latest);
    expect(store.drawingScore(other)).toBeNull();
    expect(store.getRun(runId)).toMatchObject({ myDigitsAccuracy: 0.8, myDigitsCount: 5 });
    const listed = store.listRuns({ sortBy: 'name', sortDir: 'asc' }).runs.map((r) => [r.name, r.myDigitsAccuracy, r.myDigitsCount]);
    expect(listed).toEqual([['not scored', null, null], ['scored', 0.8, 5]]);
  });

  it('skips the score of a run deleted while it was being scored', () => {
    const runId = store.createRun({ name: 'gone', config: config(), sweepId: null });
    store.deleteRuns([runId]);
    store.saveDrawingScore({ runId, accuracy: 1, count: 1, confusion: { classes: 1, counts: [1] }, scoredAt: 1 });
    expect(store.drawingScore(runId)).toBeNull();
  });
});

describe('SqliteStore: sweeps', () => {
  it('gives the validation accuracy of the other runs of a sweep at the evaluation nearest an epoch', () => {
    const sweepId = store.createSweep('lr sweep', SPEC);
    const [a, b, c, me] = [0, 1, 2, 3].map((i) => store.createRun({ name: `run ${i}`, config: config(), sweepId }));
    const other = store.createRun({ name: 'not in the sweep', config: config(), sweepId: null });
    store.appendMetrics(a, [point('val/accuracy', 100, 0.8, 1), point('val/accuracy', 200, 0.85, 2), point('val/accuracy', 300, 0.9, 3)]);
    store.appendMetrics(b, [point('val/accuracy', 100, 0.6, 1)]); // behind: its nearest is epoch 1
    store.appendMetrics(c, [point('val/accuracy', 150, 0.7, 1.5), point('val/accuracy', 250, 0.75, 2.5)]); // a tie: the later
    store.appendMetrics(me, [point('val/accuracy', 200, 0.1, 2)]);
    store.appendMetrics(other, [point('val/accuracy', 200, 0.99, 2)]);
    expect(store.sweepValAccuracyAt(sweepId, 2, me)).toEqual([0.85, 0.6, 0.75]);
    expect(store.sweepValAccuracyAt(sweepId, 2, a)).toEqual([0.6, 0.75, 0.1]);
  });

  it('lists sweeps with their spec, counts by status and best run', () => {
    const sweepId = store.createSweep('lr sweep', SPEC);
    const empty = store.createSweep('empty', { ...SPEC, name: 'empty' });
    const runs = [0, 1, 2].map((i) => store.createRun({ name: `run ${i}`, config: config(), sweepId }));
    store.appendMetrics(runs[0], [point('val/accuracy', 1, 0.95)]);
    store.markRunning(runs[0], 10, 1);
    store.appendMetrics(runs[1], [point('val/accuracy', 1, 0.9)]);
    store.finishRun(runs[1], { status: 'finished', error: null, testAccuracy: 0.91, testLoss: 0.3, finishedAt: 5 });

    const [second, first] = store.listSweeps();
    expect(first).toEqual({
      id: sweepId, name: 'lr sweep', spec: SPEC, createdAt: expect.any(Number), runCount: 3,
      counts: { queued: 1, running: 1, finished: 1 }, bestRunId: runs[1], bestTestAccuracy: 0.91, bestValAccuracy: 0.9,
    });
    expect(second).toMatchObject({ id: empty, runCount: 0, counts: {}, bestRunId: null, bestTestAccuracy: null });
    expect(store.getSweep(sweepId)).toEqual(first);
    expect(store.getSweep(999)).toBeNull();
  });
});

describe('SqliteStore: datasets and settings', () => {
  const fashion = {
    name: 'fashion', builtIn: false, trainImages: '/d/train-images.gz', trainLabels: '/d/train-labels.gz',
    testImages: null, testLabels: null, trainCount: 60000, testCount: 0, rows: 28, cols: 28, classes: 10,
  };

  it('adds, replaces, lists and deletes datasets', () => {
    store.saveDataset({ ...fashion, name: 'mnist', builtIn: true, createdAt: 1 });
    expect(store.saveDataset(fashion)).toEqual({ ...fashion, createdAt: expect.any(Number) });
    store.saveDataset({ ...fashion, trainCount: 50000 });
    expect(store.listDatasets().map((d) => [d.name, d.builtIn, d.trainCount])).toEqual([['mnist', true, 60000], ['fashion', false, 50000]]);
    expect(store.deleteDataset('fashion')).toBe(true);
    expect(store.deleteDataset('fashion')).toBe(false);
    expect(store.getDataset('fashion')).toBeNull();
  });

  it('keeps settings with their types', () => {
    expect(store.getSetting('concurrency', 4)).toBe(4);
    store.setSetting('concurrency', 2);
    store.setSetting('window', { width: 1280, maximized: false });
    expect(store.getSetting('concurrency', 4)).toBe(2);
    expect(store.getSetting('window', null)).toEqual({ width: 1280, maximized: false });
    expect(() => store.setSetting('nothing', undefined)).toThrow('cannot be stored');
  });

  it('does all of it through statements prepared once', () => {
    const { db } = store.database;
    const prepare = db.prepare.bind(db);
    let prepared = 0;
    db.prepare = ((sql: string) => {
      prepared++;
      return prepare(sql);
    }) as typeof db.prepare;
    const round = (i: number) => {
      const runId = store.createRun({ name: `r${i}`, config: config(), sweepId: null });
      store.appendMetrics(runId, [point('train/loss', i, 1)]);
      store.updateProgress(runId, { step: i, totalSteps: 10, epoch: 0, fraction: 0.1, etaSeconds: 1 });
      store.getRun(runId);
      store.listRuns({ text: `r${i}`, params: [{ key: 'lr', op: '<', value: i + 1 }] });
    };
    round(0);
    expect(prepared).toBeGreaterThan(0);
    prepared = 0;
    for (let i = 1; i < 4; i++) round(i);
    expect(prepared).toBe(0);
  });
});
