// Trainer process entry: started by Electron's utilityProcess.fork or by Node's child_process.fork, one run each.
import { detectPort } from './ports'
import { enableRelaxedSimd } from './relaxedSimd'
import { runTrainer } from './trainerMain'

enableRelaxedSimd()

const port = detectPort()
if (!port) {
  console.error('trainer: no host to talk to; start this file with utilityProcess.fork or child_process.fork')
  process.exit(1)
}

// Ctrl+C in a terminal reaches its whole process group, trainers included: the host stops its runs and marks them
// cancelled, so a trainer leaves that signal to its host (it still ends when the host goes: see ports.ts).
process.on('SIGINT', () => {})

// The last resort: say what went wrong, in words, before going.
process.on('uncaughtException', (error) => {
  port.post({ type: 'error', runId: null, message: `the trainer crashed: ${error.message}` })
  port.exit(1)
})

runTrainer(port)
