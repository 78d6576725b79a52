/** Messages from the main process to a trainer process. */
export type ToTrainer = { type: 'ping' }

/** Messages from a trainer process to the main process. */
export type FromTrainer = { type: 'pong' }
