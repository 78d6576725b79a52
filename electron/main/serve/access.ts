import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { quoteInput } from '../../../shared/format'

/** Cookies ignore the port: each host names its own, so two hosts on one machine do not overwrite each other's. */
export function cookieName(port: number): string {
  return `nnwb_token_${port}`
}

export interface Refusal {
  status: number
  /** One sentence for whoever sent the request. */
  reason: string
}

/**
 * Whether a request may reach the workbench, and its path if so. In order: a target that is a path, an address
 * this host answers to (a page on another name, DNS rebinding, gets nothing), then the token from `?token=` or the
 * cookie.
 */
export function checkAccess(request: IncomingMessage, port: number, token: string): { url: URL } | Refusal {
  const url = targetOf(request)
  if (url === null) return { status: 400, reason: 'this request does not name a path on the workbench host' }
  const host = request.headers.host
  if (!addressedHere(host, port)) {
    const got = host === undefined ? 'no Host header' : `Host ${quoteInput(host)}`
    return {
      status: 421,
      reason: `this host answers only at 127.0.0.1:${port}, localhost:${port} or [::1]:${port}, and the request had ${got}`,
    }
  }
  const given = url.searchParams.get('token') ?? cookieValue(request.headers.cookie, cookieName(port))
  if (given === null || !sameSecret(given, token))
    return { status: 403, reason: 'this address needs the token printed when the host started (…/?token=…)' }
  return { url }
}

/** The Host header names this machine's loopback at our port: nothing else may reach it through a browser. */
export function addressedHere(host: string | undefined, port: number): boolean {
  if (host === undefined) return false
  const names = ['127.0.0.1', 'localhost', '[::1]']
  return names.some((name) => host.toLowerCase() === `${name}:${port}` || (port === 80 && host.toLowerCase() === name))
}

/** The request's path and query; null for a target that is not a path (`*`, `http://[`, anything URL refuses). */
function targetOf(request: IncomingMessage): URL | null {
  const target = request.url ?? '/'
  if (!target.startsWith('/')) return null
  try {
    // prefixed rather than resolved against a base, so `//x` stays a path instead of naming a host
    return new URL(`http://127.0.0.1${target}`)
  } catch {
    return null
  }
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return rest.join('=')
  }
  return null
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
