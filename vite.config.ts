import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vitest/config";

/** codemirror-json-schema's markdown renderer (markdown-it + Shiki + WebAssembly) → client/ui/studio/markdown-shim.ts (why: there). */
const studioMarkdownShim: Plugin = {
  name: "studio-markdown-shim",
  enforce: "pre",
  resolveId(source, importer) {
    if (importer?.includes("codemirror-json-schema") && /\/utils\/markdown(\.js)?$/.test(source)) {
      return fileURLToPath(new URL("./client/ui/studio/markdown-shim.ts", import.meta.url));
    }
    return null;
  },
};

/** The Colyseus SDK's input prediction and WebTransport, which our rooms never use → client/net/sdk-unused.ts (why: there). */
const sdkUnusedShim: Plugin = {
  name: "sdk-unused-shim",
  enforce: "pre",
  resolveId(source, importer) {
    if (importer?.includes("@colyseus/sdk") && /(^|\/)(input\/RoomInput|transport\/H3Transport)\.mjs$/.test(source)) {
      return fileURLToPath(new URL("./client/net/sdk-unused.ts", import.meta.url));
    }
    return null;
  },
};

// One file for the client build (Vite) and the test runner (Vitest).
export default defineConfig({
  root: "client",
  plugins: [studioMarkdownShim, sdkUnusedShim],
  publicDir: "public",
  // Phaser alone is ~1.4 MB minified (357 kB gzip); it is loaded lazily with the lobby, never on the home page.
  // No modulepreload polyfill: every browser the game supports (evergreen, 2023 on) preloads modules itself.
  build: { outDir: "../dist/client", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1500, modulePreload: { polyfill: false } },
  server: {
    port: 5173,
    proxy: {
      "/api": "http://localhost:2567",
      "/healthz": "http://localhost:2567",
      // Colyseus: HTTP matchmaking, then the room WebSocket at /<processId>/<cellId> (cell ids start with "c_").
      "/matchmake": "http://localhost:2567",
      "^/[\\w-]+/c_[\\w-]+": { target: "ws://localhost:2567", ws: true },
    },
  },
  test: {
    root: ".",
    include: ["shared/**/*.test.ts", "server/**/*.test.ts", "client/**/*.test.ts", "tests/**/*.test.ts"],
    // Integration tests boot servers on fixed ports and share SQLite files: run files one at a time.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PDF renderers run in the idle scheduling class (else at nice 10) in production so the rooms come
    // first; in tests the runner's own busy processes would starve them (an idle-class task gets almost
    // nothing of a saturated machine, a niced one 10× less), so servers started by the tests draw at the
    // normal priority and without resting between documents (PDF_DUTY). server/report/pdf-pool.test.ts checks the
    // production settings on pools of its own.
    env: { PDF_NICE: "0", PDF_SCHED: "nice", PDF_DUTY: "100" },
  },
});
