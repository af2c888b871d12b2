#!/usr/bin/env node
/**
 * `npm run dev`: the game server restarted on every change (tsx watch, port
 * 2567) and the client served by Vite with hot reload (http://localhost:5173,
 * which proxies /api, /matchmake and the room WebSockets to the server).
 * Ctrl-C stops both.
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const children = [
  // The Vite proxy rewrites Host, so the server must trust the dev page's origin explicitly.
  spawn(bin("tsx"), ["watch", "--clear-screen=false", "server/main.ts"], { cwd: root, stdio: "inherit",
    env: { ...process.env, ALLOWED_ORIGINS: [process.env.ALLOWED_ORIGINS, "http://localhost:5173", "http://127.0.0.1:5173"].filter(Boolean).join(",") } }),
  spawn(bin("vite"), [], { cwd: root, stdio: "inherit" }),
];
const stop = () => { for (const c of children) if (c.exitCode === null) c.kill("SIGTERM"); };
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const c of children) c.on("exit", (code) => { stop(); process.exitCode = code ?? 0; });
console.log("Sangfroid (développement) : client sur http://localhost:5173 — serveur sur http://localhost:2567");
