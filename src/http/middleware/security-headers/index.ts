/**
 * Security headers on every response (hono/secure-headers). The API serves JSON only, so its
 * responses forbid framing and any active content; the customer API stays readable cross-origin.
 */
import { secureHeaders } from 'hono/secure-headers'

export function securityHeaders() {
  return secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    xFrameOptions: 'DENY',
    // Browsers calling the customer API from another origin read it through CORS; CORP must not veto it.
    crossOriginResourcePolicy: 'cross-origin',
    crossOriginOpenerPolicy: 'same-origin',
    referrerPolicy: 'no-referrer',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  })
}
