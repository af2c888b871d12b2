// Loaded by index.html before the application's modules (a classic script runs first): zod builds fast
// object parsers with `new Function` unless its global config says `jitless`, and the server's
// Content-Security-Policy forbids eval (server/http/security-headers.ts), so its probe would be
// reported as a CSP violation. This sets that config before zod's module is evaluated.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
