// Debian's Chromium driven by playwright-core, for end-to-end tests against the serve host. Nothing is downloaded.
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM = process.env.NNWB_CHROMIUM ?? '/usr/bin/chromium'

/** Flags for a headless root session on a machine without network: no sandbox, no background traffic. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** A fresh browser (playwright gives it a new empty profile). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set NNWB_CHROMIUM)`)
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS })
}
