/**
 * Float32 arrays inside the kernels' WebAssembly memory, so a kernel call passes pointers instead of copying
 * operands across the JS/wasm boundary.
 *
 * With a shared memory (Node, trainers) `allocFloat32` hands out views into it: weights, gradients, optimizer state,
 * activations and batches all live there, and a view stays valid when the memory grows. A block returns to a free
 * list (by size) when `freeFloat32` gives it back (Network.dispose and others) or its view is garbage-collected,
 * so networks built one after another reuse the same bytes. Keep the returned array itself alive while any
 * `subarray` of it is in use.
 *
 * With an ordinary memory (where a shared one cannot be made) growth would detach every view, so arrays are
 * plain JS arrays and the kernels stage them: `stageIn` copies an operand into a scratch slot, `stageOut` copies a
 * result back at `finishCall`. Arrays that are resident are never copied.
 */
import { MAXIMUM_PAGES, onWasmReload, wasmRuntime, type WasmRuntime } from './wasmModule'

/** The network, its batches and the kernels' scratch do not fit in the wasm memory's 4 GiB. */
export class WasmMemoryFull extends Error {
  constructor(bytes: number) {
    super(
      `the WebAssembly kernels ran out of memory (4 GiB) asking for ${(bytes / 2 ** 20).toFixed(1)} MB more: ` +
        'use a smaller batch size or network, or the TypeScript kernels (NNWB_KERNELS=js)',
    )
    this.name = 'WasmMemoryFull'
  }
}

const PAGE_BYTES = 65536
// arithmetic, not bitwise: sizes and offsets reach 4 GiB, past what 32-bit bitwise operators keep
const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16

interface Block {
  at: number
  bytes: number
}

let top = 0
let freeBySize = new Map<number, number[]>()
// the block behind each array handed out, until it is freed or collected
let blocks = new WeakMap<Float32Array, Block>()
// Every buffer object the memory has had (one per growth): views made before a growth keep the older object.
let residentBuffers: object[] = []
let view: Float32Array = new Float32Array(0)
let generation = 0
let allocations = 0
let copiedFloats = 0

// A collected view returns its block, unless the memory was replaced since (then the block belongs to nobody).
const registry = new FinalizationRegistry<Block & { generation: number }>((block) => {
  if (block.generation !== generation) return
  release(block)
})

onWasmReload(() => {
  generation += 1
  top = 0
  freeBySize = new Map()
  residentBuffers = []
  blocks = new WeakMap()
  view = new Float32Array(0)
  slots.length = 0
})

function release(block: Block): void {
  const list = freeBySize.get(block.bytes)
  if (list) list.push(block.at)
  else freeBySize.set(block.bytes, [block.at])
}

/** The whole memory as floats, re-made after growth (and after a detach, for an ordinary memory). */
function floats(rt: WasmRuntime): Float32Array {
  const buffer = rt.memory.buffer
  if (view.buffer !== buffer || view.length * 4 !== buffer.byteLength) {
    view = new Float32Array(buffer)
    if (rt.shared && !residentBuffers.includes(buffer)) residentBuffers.push(buffer)
  }
  return view
}

/** Growth steps of at least this, or a quarter of the memory: few growths, so few buffer objects to check. */
const MIN_GROWTH_PAGES = 256

/** A block of `bytes` (a multiple of 16) from the free list or the top, growing the memory if needed; null when full. */
function reserve(rt: WasmRuntime, bytes: number): number | null {
  const reused = freeBySize.get(bytes)?.pop()
  if (reused !== undefined) return reused
  if (top === 0) top = align16(rt.exports.heapBase())
  const end = top + bytes
  const have = rt.memory.buffer.byteLength
  if (end > have) {
    const needed = Math.ceil((end - have) / PAGE_BYTES)
    const left = MAXIMUM_PAGES - have / PAGE_BYTES
    if (needed > left) return null // past the memory's maximum
    const generous = Math.max(needed, MIN_GROWTH_PAGES, Math.ceil(have / PAGE_BYTES / 4))
    try {
      rt.memory.grow(Math.min(generous, left))
    } catch {
      try {
        rt.memory.grow(needed)
      } catch {
        return null // past the memory's maximum
      }
    }
    floats(rt)
  }
  const at = top
  top = end
  return at
}

/**
 * A zeroed Float32Array of `length`, inside the wasm memory when it is shared, else an ordinary array. Throws, in
 * words, when the memory is at its 4 GiB maximum (staged copies would need room there too).
 */
export function allocFloat32(length: number): Float32Array {
  const rt = wasmRuntime()
  if (!rt || !rt.shared || length === 0) return new Float32Array(length)
  const bytes = align16(length * 4)
  const at = reserve(rt, bytes)
  if (at === null) throw new WasmMemoryFull(bytes)
  allocations += 1
  const array = new Float32Array(floats(rt).buffer, at, length)
  array.fill(0) // a reused block holds an old array's values
  registry.register(array, { at, bytes, generation }, array)
  blocks.set(array, { at, bytes })
  return array
}

/**
 * Returns an array from `allocFloat32` to the free list now, instead of when it is garbage-collected (a long-lived
 * process that builds many networks would otherwise grow its memory: the wasm memory puts no pressure on the GC).
 * The array must not be used afterwards; anything else is left alone.
 */
export function freeFloat32(array: Float32Array): void {
  const block = blocks.get(array)
  if (!block) return
  blocks.delete(array)
  registry.unregister(array)
  release(block)
}

/** True when `array` is a view into the current wasm memory, so kernels can take its byte offset as a pointer. */
export function isResident(array: Float32Array): boolean {
  const buffer = array.buffer
  // newest first: most arrays were made after the last growth
  for (let i = residentBuffers.length - 1; i >= 0; i--) if (residentBuffers[i] === buffer) return true
  return false
}

// Scratch slots for operands outside the memory: slot s keeps its own block, so pointers handed out earlier in the
// same call stay valid when a later slot has to grow.
const slots: Block[] = []
interface Pending {
  array: Float32Array
  at: number
  length: number
}
const pending: Pending[] = []
const EMPTY = new Float32Array(0)
let pendingCount = 0

function slotAt(rt: WasmRuntime, slot: number, bytes: number): number {
  const current = slots[slot]
  if (current && current.bytes >= bytes) return current.at
  // grow in powers of two so a run of slightly larger calls does not leave a trail of blocks
  let size = Math.max(1024, current ? current.bytes * 2 : 0)
  while (size < bytes) size *= 2
  const at = reserve(rt, size)
  if (at === null) {
    abandonCall()
    throw new WasmMemoryFull(bytes)
  }
  if (current) release(current)
  slots[slot] = { at, bytes: size }
  return at
}

/** Scratch bytes for a kernel's own use in `slot` (not copied anywhere). */
export function scratch(slot: number, bytes: number): number {
  const rt = requireRuntime()
  return slotAt(rt, slot, align16(Math.max(bytes, 16)))
}

/** The pointer of an input operand's first `length` floats: its own bytes if resident, else a copy in `slot`. */
export function stageIn(slot: number, array: Float32Array, length: number): number {
  const rt = requireRuntime()
  if (isResident(array)) return array.byteOffset
  const at = slotAt(rt, slot, align16(length * 4))
  floats(rt).set(length === array.length ? array : array.subarray(0, length), at >>> 2)
  copiedFloats += length
  return at
}

/**
 * The pointer of an output's first `length` floats: its own bytes if resident, else a slot that `finishCall`
 * copies back (with the current values copied in first when the kernel reads them, `readsOld`).
 */
export function stageOut(slot: number, array: Float32Array, length: number, readsOld: boolean): number {
  const rt = requireRuntime()
  if (isResident(array)) return array.byteOffset
  const at = readsOld ? stageIn(slot, array, length) : slotAt(rt, slot, align16(length * 4))
  const entry = pending[pendingCount] ?? (pending[pendingCount] = { array, at, length })
  entry.array = array
  entry.at = at
  entry.length = length
  pendingCount += 1
  return at
}

/** Forgets the staged outputs of a call that failed, so the next call's `finishCall` does not copy them back. */
export function abandonCall(): void {
  for (let i = 0; i < pendingCount; i++) pending[i].array = EMPTY
  pendingCount = 0
}

/** Copies staged outputs back into their arrays; call after every kernel call that used `stageOut`. */
export function finishCall(): void {
  if (pendingCount === 0) return
  const rt = requireRuntime()
  const heap = floats(rt)
  for (let i = 0; i < pendingCount; i++) {
    const { array, at, length } = pending[i]
    array.set(heap.subarray(at >>> 2, (at >>> 2) + length))
    copiedFloats += length
    pending[i].array = EMPTY // do not keep the caller's array alive
  }
  pendingCount = 0
}

export function requireRuntime(): WasmRuntime {
  const rt = wasmRuntime()
  if (!rt) throw new Error('wasm kernels unavailable')
  return rt
}

/**
 * The memory's size, the high-water mark of what was handed out, how many arrays were allocated in it and how many
 * floats kernels have copied in or out for operands outside it, so far: how the bench and tests show a run's memory
 * staying flat and its steps copying nothing.
 */
export function wasmMemoryStats(): { bytes: number; used: number; allocations: number; copiedFloats: number } {
  const rt = wasmRuntime()
  if (!rt) return { bytes: 0, used: 0, allocations, copiedFloats }
  return { bytes: rt.memory.buffer.byteLength, used: top, allocations, copiedFloats }
}
