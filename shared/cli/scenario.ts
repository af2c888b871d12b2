import { readFile, writeFile } from "node:fs/promises";
import { main } from "./main.js";

/**
 * Entry point of `npm run scenario -- <command>` (tools for scenario authors).
 * All logic is in main.ts and the command modules; this file only binds them
 * to the process: arguments, standard streams, the file system, exit code.
 */
// A closed pipe (`… | head`) is a reader that has seen enough, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => { if (e.code === "EPIPE") process.exit(process.exitCode ?? 0); else throw e; });
}
const code = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readFile: (path) => readFile(path, "utf8"),
  writeFile: (path, text) => writeFile(path, text, "utf8"),
});
process.exitCode = code;
