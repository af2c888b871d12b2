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

// One file for the client build (Vite) and the test runner (Vitest).
export default defineConfig({
  root: "client",
  plugins: [studioMarkdownShim],
  publicDir: "public",
  // Phaser alone is ~1.4 MB minified (357 kB gzip); it is loaded lazily with the lobby, never on the home page.
  build: { outDir: "../dist/client", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1500 },
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
  },
});
