import { describe, expect, it } from 'vitest'
import type { Dataset } from '../data/dataset'
import { kernels } from '../nn/kernelSet'
import { zeros } from '../nn/matrix'
import { Rng } from '../nn/rng'
import { BatchSource, targetClasses, writeTargets } from './batches'

/** Example i has features (i, −i) and label i mod 10, so a batch row says which example it came from. */
function numbered(count: number): Dataset {
  const images = new Float32Array(count * 2)
  const labels = new Uint8Array(count)
  for (let i = 0; i < count; i++) {
    images[2 * i] = i
    images[2 * i + 1] = -i
    labels[i] = i % 10
  }
  return { name: 'numbered', count, rows: 1, cols: 2, features: 2, images, labels, numClasses: 10 }
}

const identity = (label: number): number => label

/** Serves one epoch and returns the example ids in the order served, checking targets and classOf on the way. */
function serveEpoch(source: BatchSource, data: Dataset): { ids: number[]; rows: number[] } {
  const ids: number[] = []
  const rows: number[] = []
  for (let s = 0; s < source.stepsPerEpoch; s++) {
    const x = source.next()
    rows.push(x.rows)
    for (let r = 0; r < x.rows; r++) {
      const id = x.data[2 * r]
      expect(x.data[2 * r + 1]).toBe(-id)
      const label = data.labels[id]
      expect(source.classOf(r)).toBe(label)
      const target = Array.from(source.targets.data.subarray(r * 10, r * 10 + 10))
      expect(target.indexOf(1)).toBe(label)
      expect(target.reduce((a, b) => a + b, 0)).toBe(1)
      ids.push(id)
    }
  }
  return { ids, rows }
}

const sorted = (ids: number[]): number[] => [...ids].sort((a, b) => a - b)
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)

describe('BatchSource', () => {
  it('serves every example once per epoch, including the last short batch (300 on 2000)', () => {
    const data = numbered(2000)
    const source = new BatchSource(data, 300, 10, identity, new Rng(1))
    expect(source.stepsPerEpoch).toBe(7)
    const first = serveEpoch(source, data)
    expect(first.rows).toEqual([300, 300, 300, 300, 300, 300, 200])
    expect(sorted(first.ids)).toEqual(range(2000))
    expect(source.epoch).toBe(1)
    expect(first.ids).not.toEqual(range(2000)) // shuffled

    const second = serveEpoch(source, data)
    expect(sorted(second.ids)).toEqual(range(2000))
    expect(second.ids).not.toEqual(first.ids) // reshuffled each epoch
    expect(source.epoch).toBe(2)
  })

  it('reuses the same two buffers every step (full batches and the short last one)', () => {
    const data = numbered(25)
    const source = new BatchSource(data, 10, 10, identity, new Rng(1))
    const full = source.next()
    const fullTargets = source.targets
    source.next()
    const short = source.next()
    expect(short.rows).toBe(5)
    const shortTargets = source.targets
    expect(source.next()).toBe(full)
    expect(source.targets).toBe(fullTargets)
    source.next()
    expect(source.next()).toBe(short)
    expect(source.targets).toBe(shortTargets)
  })

  it('the same seed gives the same order', () => {
    const data = numbered(100)
    const order = (seed: number): number[] =>
      serveEpoch(new BatchSource(data, 16, 10, identity, new Rng(seed)), data).ids
    expect(order(5)).toEqual(order(5))
    expect(order(5)).not.toEqual(order(6))
  })

  it("batch size 0 (or ≥ the set) is one full batch, copied at most once (into the kernels' memory), never per step", () => {
    const data = numbered(30)
    for (const size of [0, 30, 1000]) {
      const source = new BatchSource(data, size, 10, identity, new Rng(1))
      expect(source.stepsPerEpoch).toBe(1)
      const x = source.next()
      expect(x.rows).toBe(30)
      expect(x.data).toEqual(data.images)
      expect(x.data === data.images).toBe(kernels().resident(data.images) === data.images)
      expect(source.next().data).toBe(x.data)
      expect(serveEpoch(source, data).ids).toEqual(range(30))
      expect(source.epoch).toBe(3)
    }
  })

  it('a binary task gets one 0/1 target column', () => {
    const data = numbered(20)
    const isThree = (label: number): number => (label === 3 ? 1 : 0)
    const source = new BatchSource(data, 0, 1, isThree, new Rng(1))
    source.next()
    expect(Array.from(source.targets.data)).toEqual(range(20).map((i) => (i % 10 === 3 ? 1 : 0)))
    expect(source.classOf(13)).toBe(1)
    expect(source.classOf(12)).toBe(0)
    expect(targetClasses('binary', 10)).toBe(2)
    expect(targetClasses('multiclass', 10)).toBe(10)
  })
})

describe('writeTargets', () => {
  it('clears the previous one-hot rows of a reused buffer', () => {
    const y = zeros(2, 3)
    writeTargets(y, new Uint8Array([0, 1]), null, 0, 2, identity)
    writeTargets(y, new Uint8Array([2, 2]), null, 0, 2, identity)
    expect(Array.from(y.data)).toEqual([0, 0, 1, 0, 0, 1])
  })

  it('follows an index when given one', () => {
    const y = zeros(2, 3)
    writeTargets(y, new Uint8Array([0, 1, 2]), new Uint32Array([9, 2, 0]), 1, 2, identity)
    expect(Array.from(y.data)).toEqual([0, 0, 1, 1, 0, 0])
  })
})
