/** Why a trainer process ended without reporting a result, in words for the run's error column. */
export function describeExit(code: number | null, signal: string | null, stderrTail: string[] = []): string {
  const text = stderrTail.join('\n')
  // V8 prints "JavaScript heap out of memory" and aborts: SIGABRT, or exit code 134 through a shell
  if (/heap out of memory|Allocation failed|Reached heap limit/i.test(text) || code === 134) {
    return 'the trainer ran out of memory; try a smaller network, batch or dataset'
  }
  const witness = lastTelling(stderrTail)
  const suffix = witness ? `: ${witness}` : ''
  if (signal) return `the trainer process was killed by ${signal}${suffix}`
  if (code !== null && code !== 0) return `the trainer process exited with code ${code}${suffix}`
  return `the trainer process ended without reporting a result${suffix}`
}

// Stack frames ("    at f (file:1:2)", " 7: 0x1234 node::…") say where, not what: skip them for the last line that does.
function lastTelling(lines: string[]): string | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim()
    if (line && !/^(at |\d+: 0x|-+$|\^+$)/.test(line)) return line.length > 300 ? `${line.slice(0, 300)}…` : line
  }
  return null
}
