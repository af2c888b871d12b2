import type { Io } from "./command.js";
import { COMMANDS, DOCUMENTED } from "./commands.js";

/** The usage text, built from the command table so it never lists a command that does not exist as available. */
export function usage(): string {
  const names = [...new Set([...DOCUMENTED, ...Object.keys(COMMANDS)])];
  const rows = names.map((name) => {
    const c = COMMANDS[name];
    return c ? [`${name} ${c.args}`, c.summary] : [name, "(pas encore disponible)"];
  });
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    "usage : npm run scenario -- <commande> [arguments]",
    "",
    "commandes :",
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`),
  ].join("\n");
}

/**
 * Dispatch `argv` (without node and the script) to a command. Resolves to the
 * exit code; never throws: an unexpected exception is printed as one line,
 * not as a stack trace, since the reader is an instructor.
 */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  if (name === "help" || name === "--help" || name === "-h") {
    io.out(usage());
    return 0;
  }
  const command = name === undefined ? undefined : Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    if (name !== undefined) io.err(`commande inconnue : ${name}`);
    io.err(usage());
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (e) {
    io.err(`erreur interne (${name}) : ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}
