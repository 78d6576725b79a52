/** A digit the user drew and labelled ("my digits"), kept as the sketchpad preprocessed it. */
export interface Drawing {
  id: number
  label: number
  /** DRAWING_SIDE × DRAWING_SIDE grey levels 0–255, white ink on black as MNIST, base64. */
  pixels: string
  createdAt: number
}

export const DRAWING_SIDE = 28

/** How a run's saved model reads the drawings: scored on the host, kept until the next scoring. */
export interface DrawingScore {
  runId: number
  accuracy: number
  /** Drawings scored (a label the model has no class for is left out). */
  count: number
  /** counts[trueClass * classes + predictedClass]; for a binary model the classes are [rest, positive]. */
  confusion: { classes: number; counts: number[] }
  scoredAt: number
}
