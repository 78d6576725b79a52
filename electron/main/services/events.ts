import type { EventName, WorkbenchEvents } from '../../../shared/ipc/workbench'

export type EventListener = <E extends EventName>(name: E, payload: WorkbenchEvents[E]) => void

/** Events from the services to whichever host is running: the Electron windows or the WebSocket clients. */
export class EventBus {
  private readonly listeners = new Set<EventListener>()

  emit<E extends EventName>(name: E, payload: WorkbenchEvents[E]): void {
    for (const listener of this.listeners) listener(name, payload)
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
