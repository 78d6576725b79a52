// Why an Electron that started died before its window opened, in words the user can act on. The launcher prints
// this and then starts the headless serve host instead; kept apart from launch.cjs so it is tested on its own.
'use strict'

const SANDBOX = /SUID sandbox helper binary was found, but is not configured correctly|chrome-sandbox/
const NO_DISPLAY = /Missing X server or \$DISPLAY|cannot open display|Failed to connect to Wayland display/i
const MISSING_LIBRARY = /error while loading shared libraries: ([^\s:]+)/

/**
 * @param {string} output the last lines Electron wrote to stderr
 * @param {number | null} code
 * @param {string | null} signal
 * @param {string} sandboxPath where this checkout's chrome-sandbox is
 */
function explainEarlyExit(output, code, signal, sandboxPath) {
  if (SANDBOX.test(output)) {
    return (
      "Electron's sandbox could not start, so the window cannot open. On Ubuntu 24.04 and later AppArmor blocks " +
      'the user namespaces it uses; either give its helper the ownership and mode it needs ' +
      `(\`sudo chown root:root ${sandboxPath} && sudo chmod 4755 ${sandboxPath}\`) or allow Electron in AppArmor ` +
      '(an AppArmor profile for it with `userns`, or, for the whole machine, ' +
      '`sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`).'
    )
  }
  if (NO_DISPLAY.test(output)) {
    return 'Electron found no display to open its window on ($DISPLAY and $WAYLAND_DISPLAY are not usable here).'
  }
  const library = MISSING_LIBRARY.exec(output)
  if (library) {
    return (
      `Electron needs the system library ${library[1]}, which is not installed: install the package that ` +
      'provides it (on Debian or Ubuntu: `apt-file search` names it; Electron usually needs libnss3, libgbm1, ' +
      'libasound2 and libgtk-3-0).'
    )
  }
  const last = output.trim().split('\n').filter(Boolean).at(-1)
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`
  return `Electron ${how} before its window opened${last ? `; its last words: ${last.slice(0, 300)}` : ''}.`
}

module.exports = { explainEarlyExit }
