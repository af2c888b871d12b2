/**
 * What a `npm run scenario -- <command>` subcommand is. Each command lives in
 * its own module and is registered in commands.ts; it talks to the outside
 * only through `Io`, so tests run it in-process without spawning.
 */

export interface Io {
  /** One line to standard output. */
  out(line: string): void;
  /** One line to standard error. */
  err(line: string): void;
  readFile(path: string): Promise<string>;
  writeFile(path: string, text: string): Promise<void>;
}

export interface Command {
  /** Arguments as shown in the usage, e.g. "FICHIER...". */
  args: string;
  /** One line, in French, for the usage. */
  summary: string;
  /** Runs the command; resolves to the process exit code (0 ok, 1 problems found, 2 misuse). */
  run(args: string[], io: Io): Promise<number>;
}
