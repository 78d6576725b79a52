// A second thread for the wasm GEMMs (Node worker_threads): it instantiates the same compiled module over the same
// shared memory and computes the bottom rows of a large product while the calling thread computes the top rows.
// Hand-off is a few integers in a SharedArrayBuffer, with Atomics: a short spin, then a wait, on each side.
import { Worker } from 'node:worker_threads'
import { matmulTransB, setGemmHelper, type GemmHelper } from '../../shared/nn/wasmKernels'
import { allocFloat32, requireRuntime } from '../../shared/nn/wasmHeap'

// control: [0] sequence number of the last request, [1] sequence number of the last one done, [2] stop,
// [3..15] the integer arguments, and as floats [16] alpha, [17] beta
const SEQ = 0
const DONE = 1
const STOP = 2
const ARGS = 3
const ALPHA = 16
const BETA = 17
const CONTROL_INTS = 18
/** Spins before sleeping: a product's half takes ~0.3 ms, a futex wake-up tens of microseconds. */
const SPINS = 20_000
/** No half-product takes this long; past it the helper is presumed dead and this thread does the work. */
const JOIN_TIMEOUT_MS = 10_000

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
  gemm(ints[a], ints[a + 1], ints[a + 2], ints[a + 3], ints[a + 4], ints[a + 5], ints[a + 6], ints[a + 7], ints[a + 8],
    ints[a + 9], floats[${ALPHA}], floats[${BETA}], ints[a + 10], ints[a + 11])
  Atomics.store(ints, ${DONE}, seen)
  Atomics.notify(ints, ${DONE})
}
`

export interface GemmThread {
  /** Routes large products through the worker again (after something else took the helper slot). */
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
export async function startGemmThreadIfFaster(measured: { oneMs?: number; twoMs?: number } = {}): Promise<GemmThread | null> {
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
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module: rt.module, memory: rt.memory, control } })
  worker.unref()
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve())
    worker.once('error', reject)
  })
  let seq = 0
  let alive = true
  const local = rt.exports
  // the arguments of the request in flight, to compute here if the worker never answers
  const pending: number[] = []
  const helper: GemmHelper = {
    start(m, n, k, a, aRow, aCol, b, bRow, bCol, c, alpha, beta, bias, scratch) {
      pending.length = 0
      pending.push(m, n, k, a, aRow, aCol, b, bRow, bCol, c, bias, scratch)
      for (let i = 0; i < pending.length; i++) ints[ARGS + i] = pending[i]
      floats[ALPHA] = alpha
      floats[BETA] = beta
      seq += 1
      Atomics.store(ints, SEQ, seq)
      Atomics.notify(ints, SEQ)
    },
    join() {
      for (let i = 0; i < SPINS && Atomics.load(ints, DONE) !== seq; i++);
      if (Atomics.load(ints, DONE) === seq) return
      if (Atomics.wait(ints, DONE, seq - 1, JOIN_TIMEOUT_MS) !== 'timed-out' || Atomics.load(ints, DONE) === seq) return
      // the worker is gone or stuck: finish its half here and carry on with one thread
      alive = false
      setGemmHelper(null)
      void worker.terminate()
      const [m, n, k, a, aRow, aCol, b, bRow, bCol, c, bias, scratch] = pending
      local.gemm(m, n, k, a, aRow, aCol, b, bRow, bCol, c, floats[ALPHA], floats[BETA], bias, scratch)
    },
  }
  worker.on('exit', () => {
    if (alive) setGemmHelper(null)
    alive = false
  })
  setGemmHelper(helper)
  return {
    finished: () => Atomics.load(ints, DONE),
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
