#!/usr/bin/env node
/**
 * `npm start`: build the browser client when dist/client is missing or older
 * than its sources, then run the server in this same process (tsx registers
 * TypeScript support), serving client, API and rooms on PORT (2567).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const built = join(root, "dist", "client", "index.html");

/** Newest modification time under the given paths (files or folders). */
function newest(paths) {
  let max = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== "node_modules" && !name.startsWith(".")) walk(join(p, name));
    } else if (!/\.(test\.ts|md)$/.test(p)) max = Math.max(max, st.mtimeMs);
  };
  paths.forEach(walk);
  return max;
}

const sources = ["client", "shared", "vite.config.ts", "package.json"].map((p) => join(root, p));
const stale = !existsSync(built) || statSync(built).mtimeMs < newest(sources);
if (stale && process.env.SKIP_CLIENT_BUILD !== "1") {
  console.log("Construction du client (vite build)…");
  const r = spawnSync("npx", ["vite", "build"], { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
  if (r.status !== 0) {
    console.error("La construction du client a échoué : le serveur démarre quand même (API et salles disponibles).");
  }
}

const { register } = await import("tsx/esm/api");
register();
process.chdir(root);
await import(pathToFileURL(join(root, "server", "main.ts")).href);
