import type { Param } from '../layers/layer'
import { Adam } from './adam'
import type { Optimizer } from './optimizer'
import { Sgd } from './sgd'

export type OptimizerSpec =
  | { type: 'sgd'; lr: number; momentum?: number; nesterov?: boolean; weightDecay?: number }
  | { type: 'adam'; lr: number; beta1?: number; beta2?: number; epsilon?: number; weightDecay?: number }

export const OPTIMIZER_TYPES = ['sgd', 'adam'] as const

export function createOptimizer(spec: OptimizerSpec, params: Param[]): Optimizer {
  return spec.type === 'sgd' ? new Sgd(params, spec) : new Adam(params, spec)
}

export { Adam, Sgd }
export type { Optimizer }
