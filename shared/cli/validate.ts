import type { Command, Io } from "./command.js";
import { formatProblem, loadScenario, type Problem } from "../scenario/load.js";

const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? "s" : ""}`;

/** Why a file could not be read, in words an instructor understands. */
function readProblem(file: string, e: unknown): Problem {
  const code = (e as { code?: string } | null)?.code;
  const message = code === "ENOENT" ? "fichier introuvable"
    : code === "EISDIR" ? "c'est un dossier, pas un fichier"
      : code === "EACCES" ? "lecture interdite (droits du fichier)"
        : `lecture impossible : ${e instanceof Error ? e.message : String(e)}`;
  return { file, line: 1, col: 1, path: "(fichier)", message, severity: "error" };
}

/**
 * `validate FILE...`: every problem of every file, then one summary line.
 * Exit 0 when no file has an error (warnings are allowed), 1 otherwise: CI
 * and the instructor's editor task both read the exit code.
 */
export const validate: Command = {
  args: "FICHIER...",
  summary: "vérifie des scénarios (YAML ou JSON) : tous les problèmes, au format fichier:ligne:colonne chemin: message",
  async run(args: string[], io: Io): Promise<number> {
    const files = args.filter((a) => a !== "--");
    const unknown = files.filter((a) => a.startsWith("-"));
    if (files.length === 0 || unknown.length > 0) {
      io.err(unknown.length > 0 ? `validate : option inconnue ${unknown.join(", ")}` : "validate : indiquez au moins un fichier");
      io.err("usage : npm run scenario -- validate FICHIER...");
      return 2;
    }
    let errors = 0;
    let warnings = 0;
    let failed = 0;
    for (const file of files) {
      let problems: Problem[];
      try {
        const result = loadScenario(await io.readFile(file), file);
        problems = result.ok ? result.warnings : result.problems;
      } catch (e) {
        problems = [readProblem(file, e)];
      }
      for (const p of problems) io.out(formatProblem(p));
      const e = problems.filter((p) => p.severity === "error").length;
      errors += e;
      warnings += problems.length - e;
      if (e > 0) failed++;
    }
    const w = warnings > 0 ? `, ${plural(warnings, "avertissement")}` : "";
    io.out(errors === 0
      ? `${plural(files.length, "fichier")} valide${files.length > 1 ? "s" : ""}${w}`
      : `${plural(errors, "erreur")} dans ${plural(failed, "fichier")}${w}`);
    return errors === 0 ? 0 : 1;
  },
};
