import { ACTIVATIONS } from './activations'
import { LOSSES } from './losses'
import { Network, type ModelSpec } from './network'

/** A saved model: the architecture as JSON plus every parameter, in `params()` order, as float32. */
export interface SavedModel {
  format: 'nn-workbench-model'
  version: 1
  spec: ModelSpec
  weights: Float32Array
  meta?: ModelMeta
}

/** What a model says about where it came from; every part optional, so older and hand-made files still load. */
export interface ModelMeta {
  /** The training config. Its shape belongs to shared/train, a layer above this one, so here it is any object. */
  config?: Record<string, unknown>
  testAccuracy?: number
  /** ISO 8601, e.g. "2025-01-31T12:00:00.000Z". */
  createdAt?: string
  /** One name per output unit; for a single sigmoid unit, the names of its 0 and 1 (e.g. ['rest', 'is 3']). */
  classes?: string[]
}

export function saveModel(network: Network, meta?: ModelMeta): SavedModel {
  const params = network.params()
  const weights = new Float32Array(params.reduce((n, p) => n + p.value.length, 0))
  let offset = 0
  for (const p of params) {
    weights.set(p.value, offset)
    offset += p.value.length
  }
  const saved: SavedModel = { format: 'nn-workbench-model', version: 1, spec: structuredClone(network.spec), weights }
  if (meta) saved.meta = structuredClone(meta)
  return saved
}

export function loadModel(saved: SavedModel): Network {
  const network = new Network(saved.spec)
  const params = network.params()
  const expected = params.reduce((n, p) => n + p.value.length, 0)
  if (saved.weights.length !== expected) {
    throw new Error(`model has ${saved.weights.length} weights but its architecture needs ${expected}`)
  }
  let offset = 0
  for (const p of params) {
    p.value.set(saved.weights.subarray(offset, offset + p.value.length))
    offset += p.value.length
  }
  return network
}

/** JSON text with the weights as base64 of their little-endian float32 bytes: an exact round trip. */
export function modelToJson(saved: SavedModel): string {
  const bytes = new Uint8Array(saved.weights.buffer, saved.weights.byteOffset, saved.weights.byteLength)
  const weights = bytesToBase64(littleEndian(bytes))
  return JSON.stringify({ format: saved.format, version: saved.version, spec: saved.spec, weights, meta: saved.meta })
}

/** Reads and checks a model file; a file without meta (or with parts of it) is fine, a wrongly typed meta is not. */
export function modelFromJson(text: string): SavedModel {
  const raw = (JSON.parse(text) ?? {}) as {
    format?: unknown
    version?: unknown
    spec?: ModelSpec
    weights?: unknown
    meta?: unknown
  }
  if (raw.format !== 'nn-workbench-model')
    throw new Error('not an NN Workbench model file (format field missing or wrong)')
  if (raw.version !== 1)
    throw new Error(`model file version ${String(raw.version)} is not supported (this build reads version 1)`)
  if (typeof raw.weights !== 'string' || !raw.spec) throw new Error('model file is missing its spec or weights')
  const problem = specProblem(raw.spec)
  if (problem) throw new Error(`model spec: ${problem}`)
  const bytes = littleEndian(base64ToBytes(raw.weights))
  if (bytes.length % 4 !== 0) throw new Error('model weights are not a whole number of float32 values')
  const saved: SavedModel = {
    format: 'nn-workbench-model',
    version: 1,
    spec: raw.spec,
    weights: new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4),
  }
  if (raw.meta !== undefined) saved.meta = readMeta(raw.meta, outputUnits(raw.spec))
  return saved
}

// Keeps the known parts only, each checked, so a reader can trust their types; unknown parts are dropped.
function readMeta(raw: unknown, outputs: number): ModelMeta {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
  const fail = (message: string): never => {
    throw new Error(`model meta: ${message}`)
  }
  if (!isObject(raw)) return fail('must be an object')
  const meta: ModelMeta = {}
  if (raw.config !== undefined) meta.config = isObject(raw.config) ? raw.config : fail('config must be an object')
  if (raw.testAccuracy !== undefined) {
    const ok = typeof raw.testAccuracy === 'number' && raw.testAccuracy >= 0 && raw.testAccuracy <= 1
    meta.testAccuracy = ok
      ? (raw.testAccuracy as number)
      : fail(`test accuracy must be a number from 0 to 1, got ${JSON.stringify(raw.testAccuracy)}`)
  }
  if (raw.createdAt !== undefined)
    meta.createdAt = typeof raw.createdAt === 'string' ? raw.createdAt : fail('createdAt must be a date string')
  if (raw.classes !== undefined) {
    const { classes } = raw
    if (!Array.isArray(classes) || !classes.every((name) => typeof name === 'string'))
      return fail('classes must be a list of names')
    const expected = outputs === 1 ? 2 : outputs
    if (classes.length !== expected)
      fail(`classes names ${classes.length} classes but the model's ${outputs} outputs need ${expected}`)
    meta.classes = classes as string[]
  }
  return meta
}

function outputUnits(spec: ModelSpec): number {
  const dense = spec.layers.filter((layer) => layer.type === 'dense')
  return dense[dense.length - 1]?.units ?? 0
}

// A file's spec is untrusted: an unknown activation would silently output zeros, an unknown loss crash the Network.
function specProblem(spec: ModelSpec): string | null {
  const show = (v: unknown): string => JSON.stringify(v) ?? String(v)
  const isCount = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 1
  if (!isCount(spec.inputSize)) return `input size must be a positive whole number, got ${show(spec.inputSize)}`
  if (!Array.isArray(spec.layers) || spec.layers.length === 0) return 'layers must be a non-empty list'
  for (const [i, layer] of spec.layers.entries()) {
    if (layer?.type === 'dropout') {
      if (!(layer.rate >= 0 && layer.rate < 1))
        return `layer ${i + 1} dropout rate must be from 0 to below 1, got ${show(layer.rate)}`
    } else if (layer?.type === 'dense') {
      if (!isCount(layer.units)) return `layer ${i + 1} units must be a positive whole number, got ${show(layer.units)}`
      if (!ACTIVATIONS.includes(layer.activation))
        return `layer ${i + 1} activation must be one of ${ACTIVATIONS.join(', ')}, got ${show(layer.activation)}`
    } else return `layer ${i + 1} has unknown type ${show((layer as { type?: unknown } | null)?.type)}`
  }
  if (!LOSSES.includes(spec.loss)) return `loss must be one of ${LOSSES.join(', ')}, got ${show(spec.loss)}`
  return null
}

const IS_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

// Float32Array uses the platform's byte order; the file format is always little-endian.
function littleEndian(bytes: Uint8Array): Uint8Array {
  if (IS_LITTLE_ENDIAN) return bytes
  const swapped = new Uint8Array(bytes.length)
  for (let i = 0; i < bytes.length; i += 4) {
    swapped[i] = bytes[i + 3]
    swapped[i + 1] = bytes[i + 2]
    swapped[i + 2] = bytes[i + 1]
    swapped[i + 3] = bytes[i]
  }
  return swapped
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = []
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    parts.push(
      ALPHABET[(n >> 18) & 63] +
        ALPHABET[(n >> 12) & 63] +
        (i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=') +
        (i + 2 < bytes.length ? ALPHABET[n & 63] : '='),
    )
  }
  return parts.join('')
}

function base64ToBytes(text: string): Uint8Array {
  const clean = text.replace(/={1,2}$/, '') // any other '=' is outside the alphabet below
  // four characters carry three bytes; one left over carries 6 bits, not a whole byte
  if (clean.length % 4 === 1)
    throw new Error('model weights are not valid base64 (the text ends one character into a group of four)')
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4))
  let bits = 0
  let value = 0
  let o = 0
  for (const ch of clean) {
    const v = ALPHABET.indexOf(ch)
    if (v < 0)
      throw new Error(`model weights are not valid base64 (${JSON.stringify(ch)} is not one of A–Z, a–z, 0–9, + and /)`)
    value = (value << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (value >> bits) & 255
    }
  }
  return out
}
