/// <reference types="electron" />
// Utility-process entry (utilityProcess.fork from main). Placeholder: answers a ping; the real trainer comes later.
import { reply } from './reply'

const port = process.parentPort
if (!port) {
  console.error('trainer: no parentPort; start this file with Electron utilityProcess.fork')
  process.exit(1)
}

port.on('message', ({ data }) => {
  const answer = reply(data)
  if (answer) port.postMessage(answer)
})
