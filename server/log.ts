/**
 * The server's log lines: one line each, level, message and fields as JSON,
 * so refusals and errors can be grepped and counted. Tests silence it with
 * SANGFROID_QUIET=1 (errors still print).
 */
type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

const quiet = () => process.env.SANGFROID_QUIET === "1";

function write(level: Level, msg: string, fields?: Fields): void {
  if (quiet() && level !== "error") return;
  if (level === "debug" && process.env.SANGFROID_DEBUG !== "1") return;
  const extra = fields && Object.keys(fields).length > 0 ? ` ${safeJson(fields)}` : "";
  const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${msg}${extra}`;
  (level === "error" || level === "warn" ? console.error : console.log)(line);
}

function safeJson(x: unknown): string {
  try {
    return JSON.stringify(x, (_k, v) => (v instanceof Error ? { name: v.name, message: v.message, stack: v.stack?.split("\n").slice(0, 4).join(" | ") } : v));
  } catch {
    return "[unserialisable]";
  }
}

export const log = {
  debug: (msg: string, f?: Fields) => write("debug", msg, f),
  info: (msg: string, f?: Fields) => write("info", msg, f),
  warn: (msg: string, f?: Fields) => write("warn", msg, f),
  error: (msg: string, f?: Fields) => write("error", msg, f),
};
export type Logger = typeof log;
