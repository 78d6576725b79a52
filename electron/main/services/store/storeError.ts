/** An error whose message is a sentence a user can act on (which file, what is wrong, what to do). */
export class StoreError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StoreError'
  }
}
