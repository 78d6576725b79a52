// A second thread for the wasm GEMMs (Node worker_threads): it instantiates the same compiled module over the same
// shared memory and computes the bottom rows of a large product while the calling thread computes the top rows.
// Hand-off is a few integers in a SharedArrayBuffer, with Atomics: a short spin, then a wait, on each side.
import { Worker } from 'node:worker_threads'
import { matmulTransB, setGemmHelper, type GemmHelper } from '../../shared/nn/wasmKernels'
import { allocFloat32, freeFloat32, requireRuntime } from '../../shared/nn/wasmHeap'

// control: [0] sequence number of the last request, [1] sequence number of the last one done, [2] stop,
// [3..15] the integer arguments, as floats [16] alpha, [17] beta, and [18] set if the worker's product threw
const SEQ = 0
const DONE = 1
const STOP = 2
const ARGS = 3
const ALPHA = 16
const BETA = 17
const FAILED = 18
const CONTROL_INTS = 19
/** Spins before sleeping: a product's half takes ~0.3 ms, a futex wake-up tens of microseconds. */
const SPINS = 20_000
/**
 * No half-product takes this long. Past it the worker is presumed gone and the run stops with an error: redoing its
 * rows here is not safe while it might still be writing them.
 */
const JOIN_TIMEOUT_MS = 120_000

// Plain JS, evaluated in the worker: no TypeScript loader is needed there.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads')
const { module, memory, control } = workerData
const gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm
const ints = new Int32Array(control)
const floats = new Float32Array(control)
let seen = 0
parentPort.postMessage('ready')
for (;;) {
  for (let i = 0; i < ${SPINS} && Atomics.load(ints, ${SEQ}) === seen && Atomics.load(ints, ${STOP}) === 0; i++);
  if (Atomics.load(ints, ${STOP}) !== 0) break
  if (Atomics.load(ints, ${SEQ}) === seen) { Atomics.wait(ints, ${SEQ}, seen, 100); continue }
  seen = Atomics.load(ints, ${SEQ})
  const a = ${ARGS}
  try {
    gemm(ints[a], ints[a + 1], ints[a + 2], ints[a + 3], ints[a + 4], ints[a + 5], ints[a + 6], ints[a + 7], ints[a + 8],
      ints[a + 9], floats[${ALPHA}], floats[${BETA}], ints[a + 10], ints[a + 11])
  } catch {
    Atomics.store(ints, ${FAILED}, 1)
  }
  Atomics.store(ints, ${DONE}, seen)
  Atomics.notify(ints, ${DONE})
}
`

export interface GemmThread {
  /** Keeps the products on the calling thread (another run needs the core); the worker waits. */
  pause(): void
  /** Routes large products through the worker again. */
  resume(): void
  /** How many half-products the worker has finished. */
  finished(): number
  /** Stops the worker and returns the GEMMs to one thread. */
  stop(): Promise<void>
}

/**
 * Starts a second thread only if it makes products faster here: two threads of SIMD multiply-adds need two physical
 * cores, and a VM's two vCPUs may be one core's hyperthreads (on this project's dev VM a split product measured
 * 1.6× slower at times). Times a 128×784×128 product both ways and keeps the thread if it wins by 20 %.
 * Returns null (one thread) otherwise, with the two timings in `measured`.
 */
export async function startGemmThreadIfFaster(
  measured: { oneMs?: number; twoMs?: number } = {},
): Promise<GemmThread | null> {
  const thread = await startGemmThread()
  const [m, k, n] = [128, 784, 128]
  const a = allocFloat32(m * k).fill(0.5)
  const b = allocFloat32(n * k).fill(0.25)
  const c = allocFloat32(m * n)
  const best = (reps: number): number => {
    let fastest = Infinity
    for (let i = 0; i < reps; i++) {
      const start = performance.now()
      matmulTransB(a, b, c, m, k, n)
      fastest = Math.min(fastest, performance.now() - start)
    }
    return fastest
  }
  best(10) // warm both threads' code
  setGemmHelper(null)
  measured.oneMs = best(15)
  thread.resume()
  measured.twoMs = best(15)
  for (const array of [a, b, c]) freeFloat32(array)
  if (measured.twoMs * 1.2 <= measured.oneMs) return thread
  await thread.stop()
  return null
}

/** Starts the worker and routes large GEMMs through it once it is ready. Needs the shared-memory wasm build. */
export async function startGemmThread(): Promise<GemmThread> {
  const rt = requireRuntime()
  if (!rt.shared) throw new Error('a second GEMM thread needs the shared-memory wasm build')
  const control = new SharedArrayBuffer(CONTROL_INTS * 4)
  const ints = new Int32Array(control)
  const floats = new Float32Array(control)
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { module: rt.module, memory: rt.memory, control },
  })
  worker.unref()
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve())
    worker.once('error', reject)
  })
  let seq = 0
  let alive = true
  const helper: GemmHelper = {
    start(m, n, k, a, aRow, aCol, b, bRow, bCol, c, alpha, beta, bias, scratch) {
      ints[ARGS] = m
      ints[ARGS + 1] = n
      ints[ARGS + 2] = k
      ints[ARGS + 3] = a
      ints[ARGS + 4] = aRow
      ints[ARGS + 5] = aCol
      ints[ARGS + 6] = b
      ints[ARGS + 7] = bRow
      ints[ARGS + 8] = bCol
      ints[ARGS + 9] = c
      ints[ARGS + 10] = bias
      ints[ARGS + 11] = scratch
      floats[ALPHA] = alpha
      floats[BETA] = beta
      seq += 1
      Atomics.store(ints, SEQ, seq)
      Atomics.notify(ints, SEQ)
    },
    join() {
      for (let i = 0; i < SPINS && Atomics.load(ints, DONE) !== seq; i++);
      if (Atomics.load(ints, DONE) !== seq) Atomics.wait(ints, DONE, seq - 1, JOIN_TIMEOUT_MS)
      const finished = Atomics.load(ints, DONE) === seq
      if (finished && Atomics.load(ints, FAILED) === 0) return
      alive = false
      setGemmHelper(null)
      void worker.terminate()
      throw new Error(
        finished
          ? 'the second GEMM thread failed a product; start the run again (NNWB_GEMM_THREADS=1 keeps one thread)'
          : `the second GEMM thread did not finish a product in ${JOIN_TIMEOUT_MS / 1000} s; start the run again (NNWB_GEMM_THREADS=1 keeps one thread)`,
      )
    },
  }
  worker.on('exit', () => {
    if (alive) setGemmHelper(null)
    alive = false
  })
  setGemmHelper(helper)
  return {
    finished: () => Atomics.load(ints, DONE),
    pause: () => {
      if (alive) setGemmHelper(null)
    },
    resume: () => {
      if (alive) setGemmHelper(helper)
    },
    async stop() {
      if (!alive) return
      alive = false
      setGemmHelper(null)
      Atomics.store(ints, STOP, 1)
      Atomics.notify(ints, SEQ)
      await worker.terminate()
    },
  }
}
