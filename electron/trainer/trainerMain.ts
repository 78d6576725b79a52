import { messageOf } from '../../shared/format'
import { loadIdxDataset } from '../../shared/data/idxFile'
import type { MetricPoint } from '../../shared/runs/run'
import type { DatasetFiles, FromTrainer, ToTrainer } from '../../shared/ipc/trainer'
import type { ModelSpec } from '../../shared/nn/network'
import { modelToJson, saveModel } from '../../shared/nn/model'
import { parseOrExplain, toTrainerSchema } from '../../shared/ipc/schemas'
import { ConfigError, configProblems, modelSpecFor, type TrainConfig } from '../../shared/train/config'
import { modelMetaFor } from '../../shared/train/modelMeta'
import { train, type EvaluationReport, type TrainData } from '../../shared/train/train'
import { splitForConfig } from '../../shared/train/trainData.node'
import { kernelsName } from '../../shared/nn/kernelSet'
import { wasmRuntime } from '../../shared/nn/wasmModule'
import { startGemmThread, startGemmThreadIfFaster, type GemmThread } from './gemmThread'
import { MetricBatcher } from './metricBatcher'

/** The trainer's one link to its host, whatever the transport (Electron parentPort, Node IPC, a test double). */
export interface Port {
  post(message: FromTrainer): void
  onMessage(listener: (message: unknown) => void): void
  /** Ends the process with this exit code once everything posted has left. */
  exit(code: number): void
}

export interface TrainerTiming {
  heartbeatMs: number
  /** Per-step metrics go out at least this often… */
  flushMs: number
  /** …or as soon as this many have piled up. */
  flushPoints: number
  progressMs: number
}

export const DEFAULT_TIMING: TrainerTiming = { heartbeatMs: 1000, flushMs: 250, flushPoints: 500, progressMs: 250 }

type StartMessage = Extract<ToTrainer, { type: 'start' }>

/**
 * Serves one run: waits for `start`, trains, streams what happens, ends with `done` (exit 0) or `error` (exit 1).
 * A message it cannot understand is answered with an `error` naming the problem, never a crash.
 */
export function runTrainer(port: Port, timing: Partial<TrainerTiming> = {}): void {
  const t = { ...DEFAULT_TIMING, ...timing }
  const heartbeat = setInterval(() => port.post({ type: 'heartbeat' }), t.heartbeatMs)
  let runId: number | null = null
  let controller: AbortController | null = null
  let gemmThread: GemmThread | null = null
  let ended = false

  const end = (code: number): void => {
    if (ended) return
    ended = true
    clearInterval(heartbeat)
    port.exit(code)
  }

  port.onMessage((raw) => {
    if (ended) return
    let message: ToTrainer
    try {
      message = parseOrExplain(toTrainerSchema, raw, 'malformed message from the host')
    } catch (error) {
      const aboutStart =
        runId === null && typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'start'
      port.post({ type: 'error', runId: runId ?? runIdOf(raw), message: messageOf(error) })
      // a start that cannot be used leaves nothing to do; any other bad message leaves the run going
      if (aboutStart) end(1)
      return
    }
    if (message.type === 'cancel') {
      if (controller) controller.abort()
      else end(0)
      return
    }
    if (message.type === 'threads') {
      if (message.threads === 1) gemmThread?.pause()
      else gemmThread?.resume()
      return
    }
    if (runId !== null) {
      port.post({
        type: 'error',
        runId,
        message: `a second start (run ${message.runId}) arrived while training run ${runId}; a trainer runs one run`,
      })
      return
    }
    runId = message.runId
    controller = new AbortController()
    trainRun(port, message, controller.signal, t, (thread) => (gemmThread = thread)).then(
      () => end(0),
      (error: unknown) => {
        port.post({ type: 'error', runId, message: messageOf(error) })
        end(1)
      },
    )
  })
}

async function trainRun(
  port: Port,
  start: StartMessage,
  signal: AbortSignal,
  t: TrainerTiming,
  onThread: (thread: GemmThread | null) => void,
): Promise<void> {
  const { config } = start
  // the schema checked the config's shape; whether it makes sense is the config module's to say
  const problems = configProblems(config)
  if (problems.length > 0) throw new ConfigError(problems)
  const data = loadData(config, start.dataset)
  const thread = start.threads === 2 ? await secondThread() : null
  onThread(thread)
  try {
    await trainLoaded(port, start, data, signal, t, thread ? 2 : 1)
  } finally {
    onThread(null)
    await thread?.stop()
  }
}

/**
 * A second thread for the wasm GEMMs, where the kernels can have one and it is faster here; a run without it is only
 * slower. NNWB_GEMM_THREADS=1 never starts one, =2 keeps it without timing it first.
 */
async function secondThread(): Promise<GemmThread | null> {
  const choice = process.env.NNWB_GEMM_THREADS
  if (choice === '1' || kernelsName() !== 'wasm' || !wasmRuntime()?.shared) return null
  try {
    if (choice === '2') return await startGemmThread()
    const measured: { oneMs?: number; twoMs?: number } = {}
    const thread = await startGemmThreadIfFaster(measured)
    if (!thread)
      console.error(
        `trainer: one thread: a split product took ${measured.twoMs?.toFixed(2)} ms against ${measured.oneMs?.toFixed(2)} ms on one`,
      )
    return thread
  } catch (error) {
    console.error(`trainer: no second GEMM thread, training on one: ${messageOf(error)}`)
    return null
  }
}

async function trainLoaded(
  port: Port,
  start: StartMessage,
  data: TrainData,
  signal: AbortSignal,
  t: TrainerTiming,
  threads: number,
): Promise<void> {
  const { runId, config } = start
  const spec = modelSpecFor(config, data.train.features, data.train.numClasses)
  const totalSteps = config.epochs > 0 ? config.epochs * stepsPerEpoch(config, data.train.count) : config.iterations
  port.post({ type: 'started', runId, totalSteps, parameterCount: parameterCount(spec), threads })

  const metrics = new MetricBatcher((points) => port.post({ type: 'metrics', runId, points }), t.flushPoints, t.flushMs)
  let last = { step: 0, epoch: 0 }
  let lastProgressAt = -Infinity
  const result = await train(config, data, {
    signal,
    onStep: ({ step, epoch, loss, lr }) => {
      const wallTime = Date.now()
      last = { step, epoch }
      metrics.add(
        { name: 'train/loss', step, epoch, value: loss, wallTime },
        { name: 'lr', step, epoch, value: lr, wallTime },
      )
    },
    onEvaluation: (report) => {
      metrics.add(...evaluationPoints(report))
      metrics.flush() // promptly: the host prunes on val/accuracy
      const { validation, step, epoch } = report
      if (validation)
        port.post({
          type: 'confusion',
          runId,
          records: [{ split: 'validation', step, epoch, ...validation.confusion }],
        })
    },
    onProgress: ({ step, epoch, fraction, etaSeconds }) => {
      const now = performance.now()
      if (now - lastProgressAt < t.progressMs && fraction < 1) return
      lastProgressAt = now
      port.post({ type: 'progress', runId, step, totalSteps, epoch, fraction, etaSeconds })
    },
  })
  metrics.flush()

  const { test } = result
  if (test)
    port.post({
      type: 'confusion',
      runId,
      records: [{ split: 'test', step: result.steps, epoch: last.epoch, ...test.confusion }],
    })
  // only a finished run's network is worth keeping (a diverged one's weights are not even numbers)
  if (result.status === 'finished') {
    const meta = modelMetaFor(config, data.train.numClasses, test?.accuracy ?? null)
    port.post({ type: 'model', runId, model: modelToJson(saveModel(result.network, meta)) })
  }
  port.post({
    type: 'done',
    runId,
    status: result.status,
    message: result.message,
    testAccuracy: test?.accuracy ?? null,
    testLoss: test?.loss ?? null,
  })
}

/** Reads the IDX files and cuts train / validation / test as the config says; throws the loader's own words. */
export function loadData(config: TrainConfig, files: DatasetFiles): TrainData {
  const trainFile = loadIdxDataset(files.trainImages, files.trainLabels, files.name)
  const testFile =
    files.testImages && files.testLabels ? loadIdxDataset(files.testImages, files.testLabels, files.name) : null
  if (testFile && (testFile.rows !== trainFile.rows || testFile.cols !== trainFile.cols)) {
    throw new Error(
      `${files.testImages}: test images are ${testFile.rows}×${testFile.cols} but training images are ${trainFile.rows}×${trainFile.cols}`,
    )
  }
  const split = splitForConfig(config, trainFile, testFile ?? trainFile)
  return testFile ? split : { ...split, test: null }
}

function evaluationPoints(report: EvaluationReport): MetricPoint[] {
  const { step, epoch, validation } = report
  const wallTime = Date.now()
  const point = (name: MetricPoint['name'], value: number): MetricPoint => ({ name, step, epoch, value, wallTime })
  const points = [point('train/loss_epoch', report.trainLoss), point('train/accuracy', report.trainAccuracy)]
  if (validation) points.push(point('val/loss', validation.loss), point('val/accuracy', validation.accuracy))
  return points
}

// As BatchSource counts them: a batch of 0 or of the whole set is one full-batch step per epoch.
function stepsPerEpoch(config: TrainConfig, examples: number): number {
  return config.batchSize === 0 || config.batchSize >= examples ? 1 : Math.ceil(examples / config.batchSize)
}

// A dense layer holds inputs × units weights and units biases; dropout holds none.
function parameterCount(spec: ModelSpec): number {
  let inputs = spec.inputSize
  let total = 0
  for (const layer of spec.layers) {
    if (layer.type !== 'dense') continue
    total += inputs * layer.units + layer.units
    inputs = layer.units
  }
  return total
}

function runIdOf(raw: unknown): number | null {
  const id = typeof raw === 'object' && raw !== null ? (raw as { runId?: unknown }).runId : undefined
  return Number.isInteger(id) && (id as number) > 0 ? (id as number) : null
}
