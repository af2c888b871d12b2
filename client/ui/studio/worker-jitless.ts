// Imported first by the check worker: zod builds its parsers with `new Function` unless its global config
// says `jitless`, and the page's Content-Security-Policy (which a worker from the same origin gets too)
// forbids eval. The page sets this in public/zod-jitless.js before its modules; a worker has no such script.
(globalThis as { __zod_globalConfig?: object }).__zod_globalConfig = Object.assign((globalThis as { __zod_globalConfig?: object }).__zod_globalConfig ?? {}, { jitless: true });
