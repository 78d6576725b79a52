import { setFlagsFromString } from 'node:v8'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as js from '../../shared/nn/kernels'
import { kernelsName, setKernels } from '../../shared/nn/kernelSet'
import { Rng } from '../../shared/nn/rng'
import { randomArray } from '../../shared/nn/testing/gradcheck'
import { allocFloat32 } from '../../shared/nn/wasmHeap'
import * as wasm from '../../shared/nn/wasmKernels'
import { resolveConfig } from '../../shared/train/config'
import { train } from '../../shared/train/train'
import { loadTrainData } from '../../shared/train/trainData.node'
import { startGemmThread, type GemmThread } from './gemmThread'

setFlagsFromString('--experimental-wasm-relaxed-simd')

function inMemory(values: Float32Array): Float32Array {
  const copy = allocFloat32(values.length)
  copy.set(values)
  return copy
}

describe('a second GEMM thread', () => {
  let thread: GemmThread
  const before = kernelsName()
  beforeAll(async () => {
    setKernels('wasm')
    thread = await startGemmThread()
  })
  afterAll(async () => {
    await thread.stop()
    setKernels(before)
  })

  it('splits large products by rows and gets what one thread gets, in all three forms and odd sizes', () => {
    const rng = new Rng(12)
    const finishedBefore = thread.finished()
    for (const [m, k, n] of [
      [128, 784, 128],
      [129, 300, 67],
      [61, 785, 129],
      [9, 1000, 1000],
    ] as const) {
      for (const form of ['AB', 'ABt', 'AtB'] as const) {
        const a = inMemory(randomArray(rng, m * k))
        const b = inMemory(randomArray(rng, k * n))
        const expected = new Float32Array(m * n)
        const c = allocFloat32(m * n + 1).fill(5)
        const call = form === 'AB' ? 'matmul' : form === 'ABt' ? 'matmulTransB' : 'matmulTransA'
        js[call](a, b, expected, m, k, n)
        wasm[call](a, b, c, m, k, n)
        let worst = 0
        for (let i = 0; i < m * n; i++) worst = Math.max(worst, Math.abs(c[i] - expected[i]))
        expect(worst, `${form} ${m}×${k}×${n}`).toBeLessThan(1e-3)
        expect(c[m * n]).toBe(5)
      }
    }
    expect(thread.finished() - finishedBefore).toBe(12)
  })

  it.each([128, 40, 24, 20])(
    "trains to the very same weights as one thread, batch %i (both halves take the whole product's path)",
    async (batchSize) => {
      const data = loadTrainData(resolveConfig({ trainLimit: 1000, validationSize: 0, testLimit: 0 }))
      const config = resolveConfig({
        trainLimit: 1000,
        validationSize: 0,
        testLimit: 0,
        hidden: [256, 64],
        batchSize,
        epochs: 1,
        seed: 3,
      })
      const finishedBefore = thread.finished()
      const twoThreads = await train(config, data)
      expect(thread.finished()).toBeGreaterThan(finishedBefore)
      await thread.stop()
      const oneThread = await train(config, data)
      thread = await startGemmThread()
      const w2 = twoThreads.network.params().map((p) => Array.from(p.value))
      const w1 = oneThread.network.params().map((p) => Array.from(p.value))
      expect(w2).toEqual(w1)
    },
  )
})
