import { setFlagsFromString } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as js from './kernels';
import { kernelsName, setKernels } from './kernelSet';
import { Rng } from './rng';
import { randomArray } from './testing/gradcheck';
import * as wasm from './wasmKernels';
import { GEMM_RELAXED_WASM_BASE64, GEMM_WASM_BASE64 } from './wasm/gemm.wasm.generated';
import { resolveConfig } from '../train/config';
import { train, type TrainData } from '../train/train';
import { loadTrainData } from '../train/trainData.node';

type Form = 'AB' | 'ABt' | 'AtB';

/** op(A), op(B) strides of each form, with A and B stored as matmul / matmulTransB / matmulTransA expect them. */
function strides(form: Form, m: number, k: number, n: number): [number, number, number, number] {
  if (form === 'AB') return [k, 1, n, 1];
  if (form === 'ABt') return [k, 1, 1, k];
  return [1, m, n, 1];
}

/** Σ|a_ip · b_pj| per entry of C: the scale float32 rounding of a length-k dot product is measured against. */
function absProducts(m: number, n: number, k: number, a: Float32Array, b: Float32Array, s: number[]): Float64Array {
  const [aRow, aCol, bRow, bCol] = s;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += Math.abs(a[i * aRow + p * aCol] * b[p * bRow + j * bCol]);
      out[i * n + j] = sum;
    }
  }
  return out;
}

/** Runs one form through both kernel sets on the same operands; returns the count of entries that disagree. */
function disagreements(form: Form, m: number, k: number, n: number, accumulate: boolean, rng: Rng): number {
  const a = randomArray(rng, m * k);
  const b = randomArray(rng, k * n);
  const base = randomArray(rng, m * n);
  // one guard entry past C catches a write beyond m·n
  const cJs = new Float32Array(m * n + 1).fill(7);
  const cWasm = new Float32Array(m * n + 1).fill(7);
  cJs.set(base);
  cWasm.set(base);
  const call = form === 'AB' ? 'matmul' : form === 'ABt' ? 'matmulTransB' : 'matmulTransA';
  js[call](a, b, cJs, m, k, n, accumulate);
  wasm[call](a, b, cWasm, m, k, n, accumulate);
  const scale = absProducts(m, n, k, a, b, strides(form, m, k, n));
  let bad = cWasm[m * n] === 7 ? 0 : 1;
  for (let i = 0; i < m * n; i++) {
    const tolerance = 1e-5 * (scale[i] + (accumulate ? Math.abs(base[i]) : 0)) + 1e-30;
    if (!(Math.abs(cWasm[i] - cJs[i]) <= tolerance)) bad++;
  }
  return bad;
}

const SIZES = [1, 3, 7, 8, 9, 129, 785];

// Node 20 has relaxed SIMD behind a flag (Electron and Node >= 22 without one); set here so both builds are tested.
setFlagsFromString('--experimental-wasm-relaxed-simd');

describe('wasm kernels', () => {
  it('load here (Node 20 has WebAssembly SIMD128)', () => {
    expect(wasm.wasmLoadError()).toBeNull();
    expect(wasm.wasmAvailable()).toBe(true);
  });

  it('stay under 4 KB, the largest module a browser main thread may compile synchronously', () => {
    expect(Buffer.from(GEMM_WASM_BASE64, 'base64').length).toBeLessThan(4096);
    expect(Buffer.from(GEMM_RELAXED_WASM_BASE64, 'base64').length).toBeLessThan(4096);
  });

  it('prefer the relaxed-SIMD build (fused multiply-add) where the engine validates it', () => {
    expect(wasm.useWasmVariant('best')).toBe(true);
    expect(wasm.wasmVariant()).toBe('relaxed-simd');
  });
});

for (const variant of ['simd128', 'relaxed-simd'] as const) describe(`the ${variant} build`, () => {
    beforeAll(() => expect(wasm.useWasmVariant(variant)).toBe(true));
    afterAll(() => wasm.useWasmVariant('best'));

    for (const form of ['AB', 'ABt', 'AtB'] as const) {
      it(`${form} matches the TS kernels with each of m, k, n in {1, 3, 7, 8, 9, 129, 785}`, () => {
        const rng = new Rng(11);
        const failures: string[] = [];
        for (const size of SIZES) {
          // the size under test in one dimension, small odd remainders in the others
          const shapes: [number, number, number][] = [[size, 5, 11], [6, size, 13], [9, 4, size], [size, size % 300, 3]];
          for (const [m, k, n] of shapes) {
            for (const accumulate of [false, true]) {
              const bad = disagreements(form, m, k, n, accumulate, rng);
              if (bad) failures.push(`${m}×${k}×${n}${accumulate ? ' accumulate' : ''}: ${bad} entries`);
            }
          }
        }
        expect(failures).toEqual([]);
      });
    }

    it('matches on random shapes, across K blocks (k > 256) and the layer shapes of a 784-128-10 network', () => {
      const rng = new Rng(5);
      const failures: string[] = [];
      const shapes: [number, number, number][] = [[128, 784, 128], [128, 128, 784], [10, 784, 100], [100, 10, 784], [33, 600, 17]];
      for (let t = 0; t < 20; t++) shapes.push([1 + Math.floor(rng.uniform() * 70), 1 + Math.floor(rng.uniform() * 530), 1 + Math.floor(rng.uniform() * 70)]);
      for (const [m, k, n] of shapes) {
        for (const form of ['AB', 'ABt', 'AtB'] as const) {
          const accumulate = rng.uniform() < 0.5;
          const bad = disagreements(form, m, k, n, accumulate, rng);
          if (bad) failures.push(`${form} ${m}×${k}×${n}${accumulate ? ' accumulate' : ''}: ${bad} entries`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('k = 0 gives zeros, or leaves C alone when accumulating', () => {
      const c = new Float32Array([1, 2, 3, 4, 5, 6]);
      wasm.matmul(new Float32Array(0), new Float32Array(0), c, 2, 0, 3, true);
      expect([...c]).toEqual([1, 2, 3, 4, 5, 6]);
      wasm.matmul(new Float32Array(0), new Float32Array(0), c, 2, 0, 3);
      expect([...c]).toEqual([0, 0, 0, 0, 0, 0]);
    });

    it('reads only the prefix of a longer operand (the compact sparse-input path passes oversized buffers)', () => {
      const rng = new Rng(3);
      const a = randomArray(rng, 4 * 5 + 9);
      const b = randomArray(rng, 5 * 6 + 9);
      const cJs = new Float32Array(4 * 6);
      const cWasm = new Float32Array(4 * 6);
      js.matmulTransB(a, b, cJs, 4, 5, 6);
      wasm.matmulTransB(a, b, cWasm, 4, 5, 6);
      for (let i = 0; i < cJs.length; i++) expect(cWasm[i]).toBeCloseTo(cJs[i], 5);
    });
});

describe('training with either kernel set', () => {
  let data: TrainData;
  const before = kernelsName();
  beforeAll(() => {
    data = loadTrainData(resolveConfig({ trainLimit: 2000, validationSize: 0, testLimit: 1000 }));
  });
  afterAll(() => setKernels(before));

  it('reaches the same test accuracy within noise on a 2,000-image MNIST slice', async () => {
    const accuracy = async (name: 'js' | 'wasm'): Promise<number> => {
      setKernels(name);
      const config = resolveConfig({ trainLimit: 2000, validationSize: 0, testLimit: 1000, hidden: [64], epochs: 2, batchSize: 32, lr: 0.1, seed: 4 });
      const result = await train(config, { ...data, validation: null });
      expect(result.status).toBe('finished');
      return result.test?.accuracy ?? 0;
    };
    const fromJs = await accuracy('js');
    const fromWasm = await accuracy('wasm');
    expect(fromJs).toBeGreaterThan(0.8);
    // same seed, same data: only float32 summation order differs, so 1,000 test images should agree to ~1 %
    expect(Math.abs(fromJs - fromWasm)).toBeLessThan(0.015);
  });
});
