import helmet from "helmet";
import type { RequestHandler } from "express";

/**
 * Security headers on every Express answer (client pages, static assets,
 * API), by helmet. The Content-Security-Policy allows what the built client
 * really loads and nothing else, as measured in headless Chromium with the
 * browser tests (tests/e2e): its own scripts, styles and fonts, images from
 * itself and `data:` (the favicon, Phaser's built-in textures), and
 * connections to its own origin (HTTP API and the rooms' WebSockets: CSP 3's
 * 'self' covers ws/wss of the same host). Nothing inline, no eval, no
 * plugins, no framing by any site. Rooms reached at another host
 * (PUBLIC_ADDRESS not on the page's origin) must be listed in
 * CSP_CONNECT_SRC.
 */
export function securityHeaders(connectSrc: readonly string[] = []): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", ...connectSrc],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    xFrameOptions: { action: "deny" },
    referrerPolicy: { policy: "no-referrer" },
    // Browsers heed it over HTTPS only; subdomains are the school's business, not ours.
    strictTransportSecurity: { maxAge: 180 * 24 * 3600, includeSubDomains: false },
  });
}
