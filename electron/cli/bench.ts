/**
 * `npm run bench`: medians of repeated timings of the hot path, as a table or (with --json) one JSON object.
 * Numbers only; nothing here asserts a speed.
 */
import { median } from '../../shared/stats'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { measureIngest, measureListRuns } from '../main/services/store/bench'
import { nodeTrainerSpawner, TSX_EXEC_ARGV } from '../main/services/trainers/spawner'
import { openWorkbench } from '../main/services/workbench'
import { startGemmThread } from '../trainer/gemmThread'
import { enableRelaxedSimd } from '../trainer/relaxedSimd'
import { loadMnist } from '../../shared/data/mnist'
import { jsKernels, kernels, setKernels, type KernelName, type KernelSet } from '../../shared/nn/kernelSet'
import { saveModel } from '../../shared/nn/model'
import { Network } from '../../shared/nn/network'
import { Rng } from '../../shared/nn/rng'
import { wasmKernels } from '../../shared/nn/wasmKernels'
import { wasmMemoryStats } from '../../shared/nn/wasmHeap'
import { wasmAvailable, wasmRuntime, wasmVariant } from '../../shared/nn/wasmModule'
import { greyFromRgba } from '../../shared/sketch/grey'
import { classify, sketchModel } from '../../shared/sketch/predict'
import { preprocessSketch } from '../../shared/sketch/preprocess'
import { redraw } from '../../shared/sketch/testing'
import { resolveConfig, type TrainConfig } from '../../shared/train/config'
import { train } from '../../shared/train/train'

enableRelaxedSimd()

interface Measure {
  key: string
  label: string
  unit: string
  /** Returns the measure's value; may add related keys to `results`. */
  run: (results: Record<string, number | string>) => Promise<number>
  /** Measured once per kernel set (keys `<key>_js`, `<key>_wasm`); `<key>` itself repeats the default set's value. */
  perKernels?: boolean
}

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    reps: { type: 'string', default: '3' },
    only: { type: 'string' },
  },
})
const reps = Number(values.reps)
if (!Number.isInteger(reps) || reps < 1) {
  console.error(`--reps: must be a whole number of repetitions, got "${values.reps}"`)
  process.exit(2)
}

/** Random values in an array from the kernel set's own allocator (inside the wasm memory for the wasm set). */
function randomMatrix(size: number, rng: Rng): Float32Array {
  const m = kernels().alloc(size)
  for (let i = 0; i < size; i++) m[i] = rng.uniform() * 2 - 1
  return m
}

/** GFLOPS of one product form: warm up for a quarter second, then time enough calls to take about half a second. */
function gemmGflops(form: 'AB' | 'AtB' | 'ABt', m: number, k: number, n: number): Promise<number> {
  const set = kernels()
  const rng = new Rng(7)
  const a = randomMatrix(m * k, rng)
  const b = randomMatrix(k * n, rng)
  const c = set.alloc(m * n)
  const call = form === 'AB' ? set.matmul : form === 'AtB' ? set.matmulTransA : set.matmulTransB
  // warm up for a fixed time, not a fixed count: wasm code is optimised in the background after its first calls
  for (const until = performance.now() + 250; performance.now() < until;) call(a, b, c, m, k, n)
  const flops = 2 * m * n * k
  const calls = Math.max(10, Math.round(0.5e9 / flops))
  const t = performance.now()
  for (let i = 0; i < calls; i++) call(a, b, c, m, k, n)
  return Promise.resolve((flops * calls) / ((performance.now() - t) / 1000) / 1e9)
}

/** Seconds for one training epoch over all 60,000 MNIST training images (no validation or test pass). */
async function epochSeconds(overrides: Partial<TrainConfig>): Promise<number> {
  const mnist = loadMnist()
  const config = resolveConfig({ ...overrides, epochs: 1, iterations: 0, validationSize: 0, seed: 1 })
  const result = await train(config, { train: mnist.train, validation: null, test: null })
  if (result.status !== 'finished') throw new Error(`benchmark run ${result.status}: ${result.message}`)
  return result.seconds
}

/**
 * Five epochs of B with the default kernels, sampling the process after each: returns how many MB the resident set
 * grew from the end of epoch 1 to the end of epoch 5, and records the wasm memory's growth and the samples.
 */
async function memoryAcrossEpochs(results: Record<string, number | string>): Promise<number> {
  const mnist = loadMnist()
  const config = resolveConfig({ ...EPOCH_B, epochs: 5, iterations: 0, validationSize: 0, seed: 1 })
  const samples: { rssMb: number; wasmMb: number; wasmArrays: number; copied: number }[] = []
  const mb = (bytes: number): number => Number((bytes / 2 ** 20).toFixed(1))
  await train(
    config,
    { train: mnist.train, validation: null, test: null },
    {
      onEvaluation: () => {
        const wasm = wasmMemoryStats()
        samples.push({
          rssMb: mb(process.memoryUsage().rss),
          wasmMb: mb(wasm.bytes),
          wasmArrays: wasm.allocations,
          copied: wasm.copiedFloats,
        })
      },
    },
  )
  const first = samples[0]
  const last = samples[samples.length - 1]
  results.wasm_memory_growth_mb_B_epochs_1_to_5 = Number((last.wasmMb - first.wasmMb).toFixed(1))
  results.wasm_arrays_allocated_B_epochs_1_to_5 = last.wasmArrays - first.wasmArrays
  results.wasm_floats_copied_B_epochs_1_to_5 = last.copied - first.copied
  results.memory_per_epoch_B = samples.map((s) => `${s.rssMb}/${s.wasmMb}`).join(' ')
  return Number((last.rssMb - first.rssMb).toFixed(1))
}

/** Epoch B with the wasm kernels and a second thread taking half the rows of each large GEMM. */
async function epochSecondsTwoThreads(): Promise<number> {
  const before = kernels().name
  setKernels('wasm')
  const thread = await startGemmThread()
  try {
    return await epochSeconds(EPOCH_B)
  } finally {
    await thread.stop()
    setKernels(before)
  }
}

/** A fresh database file in a temporary folder for one measurement. */
async function withDatabase<T>(measure: (dbPath: string) => Promise<T> | T): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'nnwb-bench-'))
  try {
    return await measure(join(dir, 'bench.db'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Seconds for 8 short runs through the real scheduler and trainer processes at the given concurrency. */
async function sweepSeconds(concurrency: number): Promise<number> {
  const built = join(__dirname, '../../out/main/trainer.js')
  const spawner = existsSync(built)
    ? nodeTrainerSpawner(built)
    : nodeTrainerSpawner(join(__dirname, '../trainer/index.ts'), TSX_EXEC_ARGV)
  return withDatabase(async (dbPath) => {
    const workbench = openWorkbench({ dbPath, spawner, concurrency, log: () => undefined })
    try {
      const start = performance.now()
      await workbench.calls.launchSweep({
        name: 'bench',
        base: { ...EPOCH_B, epochs: 1, trainLimit: 10_000, validationSize: 10_000, testLimit: 1000 },
        grid: { seed: [1, 2, 3, 4, 5, 6, 7, 8] },
      })
      await workbench.scheduler.idle()
      return (performance.now() - start) / 1000
    } finally {
      await workbench.close()
    }
  })
}

async function sweepSpeedup(): Promise<number> {
  const one = await sweepSeconds(1)
  const two = await sweepSeconds(2)
  return one / two
}

/**
 * Milliseconds, median of 200, for what the sketchpad does on each animation frame of a stroke: a 280×280 RGBA
 * canvas to grey, preprocessed to 28×28, through a 784-128-10 network (the same code the renderer runs).
 */
function sketchPredictMs(): Promise<number> {
  const network = new Network({
    inputSize: 784,
    layers: [
      { type: 'dense', units: 128, activation: 'relu' },
      { type: 'dense', units: 10, activation: 'softmax' },
    ],
    loss: 'softmax-cross-entropy',
  })
  network.initialize('glorot-uniform', new Rng(1))
  const model = sketchModel(saveModel(network))
  const { test } = loadMnist()
  // test digit 0 enlarged ten times, off-centre, as dark ink on a light canvas like the sketchpad's
  const drawing = redraw(test.images.subarray(0, 784), 10, 'bilinear', 30, 20)
  const rgba = new Uint8ClampedArray(drawing.width * drawing.height * 4)
  drawing.data.forEach((v, i) => rgba.set([255 - v * 255, 255 - v * 255, 255 - v * 255, 255], i * 4))
  const once = (): number => {
    const start = performance.now()
    classify(model, preprocessSketch(greyFromRgba(rgba, drawing.width, drawing.height)).input)
    return performance.now() - start
  }
  for (let i = 0; i < 20; i++) once()
  return Promise.resolve(median(Array.from({ length: 200 }, once)))
}

const EPOCH_A: Partial<TrainConfig> = {
  hidden: [100],
  activation: 'sigmoid',
  outputActivation: 'sigmoid',
  loss: 'quadratic',
  init: 'normal',
  optimizer: 'sgd',
  lr: 3,
  batchSize: 10,
}
const EPOCH_B: Partial<TrainConfig> = {
  hidden: [128],
  activation: 'relu',
  outputActivation: 'softmax',
  loss: 'softmax-cross-entropy',
  init: 'glorot-uniform',
  optimizer: 'sgd',
  lr: 0.01,
  batchSize: 128,
}

const MEASURES: Measure[] = [
  {
    perKernels: true,
    key: 'gemm_gflops_128x784x128',
    label: 'GEMM A·B 128×784 · 784×128',
    unit: 'GFLOPS',
    run: () => gemmGflops('AB', 128, 784, 128),
  },
  {
    perKernels: true,
    key: 'gemm_gflops_128x784x512',
    label: 'GEMM A·B 128×784 · 784×512',
    unit: 'GFLOPS',
    run: () => gemmGflops('AB', 128, 784, 512),
  },
  {
    perKernels: true,
    key: 'gemm_gflops_AtB_784x128x128',
    label: 'GEMM Aᵀ·B → 784×128, k=128',
    unit: 'GFLOPS',
    run: () => gemmGflops('AtB', 784, 128, 128),
  },
  {
    perKernels: true,
    key: 'gemm_gflops_ABt_128x128x784',
    label: 'GEMM A·Bᵀ → 128×784, k=128',
    unit: 'GFLOPS',
    run: () => gemmGflops('ABt', 128, 128, 784),
  },
  {
    perKernels: true,
    key: 'epoch_s_A',
    label: 'epoch A: 784-100-10 sigmoid, quadratic, SGD, batch 10',
    unit: 's',
    run: () => epochSeconds(EPOCH_A),
  },
  {
    perKernels: true,
    key: 'epoch_s_B',
    label: 'epoch B: 784-128 relu-10 softmax, cross-entropy, SGD, batch 128',
    unit: 's',
    run: () => epochSeconds(EPOCH_B),
  },
  ...(wasmAvailable() && wasmRuntime()?.shared
    ? [
        {
          key: 'epoch_s_B_2threads',
          label: 'epoch B, wasm kernels, GEMMs split over 2 threads',
          unit: 's',
          run: epochSecondsTwoThreads,
        },
      ]
    : []),
  {
    key: 'ingest_points_per_s',
    label: 'metric points stored per second, 8 trainers reporting at once',
    unit: 'points/s',
    run: () => withDatabase((db) => measureIngest(db, 8, 50_000)),
  },
  {
    key: 'list_runs_ms_2000',
    label: 'runs list page (filter + param sort) over 2,000 runs',
    unit: 'ms',
    run: () => withDatabase((db) => measureListRuns(db, 2000)),
  },
  {
    key: 'sweep_speedup_2_vs_1',
    label: '8 short runs: 1 trainer at a time ÷ 2 at a time',
    unit: '×',
    run: sweepSpeedup,
  },
  {
    key: 'rss_growth_mb_B_epochs_1_to_5',
    label: 'resident memory growth from epoch 1 to epoch 5 of B (default kernels)',
    unit: 'MB',
    run: memoryAcrossEpochs,
  },
  {
    key: 'sketch_predict_ms',
    label: 'sketchpad frame: 280×280 drawing preprocessed + 784-128-10 predict',
    unit: 'ms',
    run: sketchPredictMs,
  },
]

/** The kernel sets to compare: both where the wasm kernels load, otherwise only JS. */
const KERNEL_SETS: KernelSet[] = wasmAvailable() ? [jsKernels, wasmKernels] : [jsKernels]

async function main(): Promise<void> {
  const only = values.only?.split(',')
  const chosen = MEASURES.filter((m) => !only || only.includes(m.key))
  const defaultKernels: KernelName = kernels().name
  const results: Record<string, number | string> = {
    kernels: defaultKernels,
    wasm_variant: wasmVariant() ?? 'none',
    reps,
  }
  const rows: string[][] = []
  const record = async (key: string, label: string, unit: string, run: Measure['run']): Promise<void> => {
    const samples: number[] = []
    for (let i = 0; i < reps; i++) samples.push(await run(results))
    const value = median(samples)
    results[key] = Number(value.toFixed(3))
    rows.push([label, `${value.toFixed(2)} ${unit}`, samples.map((s) => s.toFixed(2)).join(' ')])
    if (!values.json) console.error(`  ${key}: ${value.toFixed(2)} ${unit}`)
  }
  for (const m of chosen) {
    if (!m.perKernels) {
      await record(m.key, m.label, m.unit, m.run)
      continue
    }
    for (const set of KERNEL_SETS) {
      setKernels(set.name)
      await record(`${m.key}_${set.name}`, `${m.label} [${set.name}]`, m.unit, m.run)
    }
    setKernels(defaultKernels)
    results[m.key] = results[`${m.key}_${defaultKernels}`]
  }
  if (values.json) {
    console.log(JSON.stringify(results))
    return
  }
  const header = [
    `measure (default kernels: ${defaultKernels}; wasm build: ${wasmVariant() ?? 'none'})`,
    `median of ${reps}`,
    'samples',
  ]
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]): string => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |'
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'))
  if (results.memory_per_epoch_B !== undefined) {
    console.log(`\nafter each epoch of B, resident MB / wasm memory MB: ${results.memory_per_epoch_B}`)
    console.log(
      `epochs 1→5: wasm memory grew ${results.wasm_memory_growth_mb_B_epochs_1_to_5} MB, ${results.wasm_arrays_allocated_B_epochs_1_to_5} arrays ` +
        `were allocated in it and ${results.wasm_floats_copied_B_epochs_1_to_5} floats copied across the JS/wasm boundary`,
    )
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
