import type { Command } from "./command.js";
import { compileScenario } from "../engine/compile.js";
import { formatProblem, loadScenario } from "../scenario/load.js";
import { COMPETENCIES } from "../scenario/schema.js";
import { tr } from "../scenario/text.js";
import { rubricTexts } from "../scoring/rubric-texts.js";
import { rubricText } from "../scoring/rubric-text.js";

/**
 * `npm run scenario -- rubric FILE [--lang en]`: every rule that can move a
 * level for this scenario, in plain words — the default rubric as the file
 * re-weights, re-times, disables or extends it, then the scenario's own
 * expectations, by competency. What the author reads here is what the
 * players see in their rubric panel and the jury in the debrief.
 */
export const rubric: Command = {
  args: "FICHIER [--lang en]",
  summary: "les règles d'évaluation en vigueur pour ce scénario, en clair",
  async run(args, io) {
    const lang = args.includes("--lang") && args[args.indexOf("--lang") + 1] === "en" ? "en" : "fr";
    const file = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--lang");
    if (!file) { io.err("fichier de scénario manquant"); return 2; }
    let text: string;
    try { text = await io.readFile(file); } catch { io.err(`${file}: fichier illisible`); return 1; }
    const r = loadScenario(text, file);
    if (!r.ok) { r.problems.forEach((p) => io.err(formatProblem(p))); return 1; }
    const compiled = compileScenario(r.scenario);
    const t = rubricText(compiled);
    const w = (key: Parameters<typeof rubricTexts.t>[1], params?: Record<string, string>) => rubricTexts.t(lang, key, params);
    io.out(`# ${w("rubric.cli.title", { title: tr(compiled.scenario.meta.title, lang) })}`);
    io.out(`\n## ${w("rubric.cli.general")}`);
    for (const g of t.general) io.out(`- ${g[lang]}`);
    for (const c of COMPETENCIES) {
      const inds = t.indicators.filter((i) => i.competency === c);
      const exps = (t.expectations ?? []).filter((e) => e.competency === c);
      if (!inds.length && !exps.length) continue;
      io.out(`\n## ${c}`);
      if (inds.length) { io.out(w("rubric.cli.indicators")); for (const i of inds) io.out(`- ${i.text[lang]}`); }
      if (exps.length) { io.out(w("rubric.cli.expectations")); for (const e of exps) io.out(`- ${e.text[lang]}`); }
    }
    if (t.disabled.length) { io.out(`\n## ${w("rubric.cli.disabled")}`); for (const d of t.disabled) io.out(`- ${d[lang]}`); }
    return 0;
  },
};
