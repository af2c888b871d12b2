import type { Command, Io } from "./command.js";
import { compileScenario } from "../engine/compile.js";
import type { CompiledScenario } from "../engine/compiled.js";
import { endNamesOf, endReasonText } from "../replay/end-reason.js";
import { formatProblem, loadScenario } from "../scenario/load.js";
import { tr } from "../scenario/text.js";
import { formatGameTime } from "../scenario/time.js";
import { POLICIES, type Policy } from "../sim/bots.js";
import { coverage } from "../sim/coverage.js";
import { graphHtml, graphText } from "../sim/graph.js";
import { simulate } from "../sim/simulate.js";

/**
 * The play-testing commands: simulate, coverage, graph. Each reads one
 * scenario file, refuses it with the validator's messages when invalid, and
 * prints to stdout. They return an exit code instead of exiting, so tests
 * can call them.
 */
async function open(file: string | undefined, io: Io): Promise<CompiledScenario | null> {
  const err = io.err;
  if (!file) { err("fichier de scénario manquant"); return null; }
  let text: string;
  try { text = await io.readFile(file); } catch { err(`${file}: fichier illisible`); return null; }
  const r = loadScenario(text, file);
  if (!r.ok) { r.problems.forEach((p) => err(formatProblem(p))); return null; }
  return compileScenario(r.scenario);
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function runSimulate(args: string[], io: Io): Promise<number> {
  const { out, err } = io;
  const file = fileArg(args, ["--seed", "--policy", "--tick", "--out"]);
  const compiled = await open(file, io);
  if (!compiled) return 1;
  const seed = Number(flag(args, "--seed") ?? "1");
  const policy = (flag(args, "--policy") ?? "expected") as Policy;
  if (!Number.isInteger(seed) || seed < 0) { err("--seed attend un entier positif"); return 2; }
  if (!POLICIES.includes(policy)) { err(`--policy attend l'une de : ${POLICIES.join(", ")}`); return 2; }
  const r = simulate(compiled, { seed, policy, ...(flag(args, "--tick") ? { tick: Number(flag(args, "--tick")) } : {}) });
  const s = r.state;
  const summary = {
    scenario: compiled.scenario.id, seed, policy, entries: r.log.length, realMinutes: r.realMinutes,
    end: s.ended ? { at: formatGameTime(s.ended.at), reason: s.ended.reason } : null,
    deliveries: r.deliveries.map((d) => ({ at: formatGameTime(d.at), inject: d.inject, channel: d.channel, to: d.to })),
    phases: r.phases.map((p) => ({ at: formatGameTime(p.at), phase: p.phase })),
    branches: Object.fromEntries(Object.entries(s.branches).map(([k, v]) => [k, { outcome: v.outcome, at: formatGameTime(v.at) }])),
    triggers: r.triggers.map((t) => ({ at: formatGameTime(t.at), trigger: t.trigger })),
    expectations: Object.fromEntries(compiled.expectations.map((e) => [e.id, {
      competency: e.competency, status: s.expectations[e.id].status,
      ...(s.expectations[e.id].resolvedAt !== undefined ? { at: formatGameTime(s.expectations[e.id].resolvedAt!) } : {}),
    }])),
    gauges: s.gauges,
  };
  if (args.includes("--json")) { await emit(args, io, JSON.stringify(summary, null, 2)); return 0; }
  out(`# ${tr(compiled.scenario.meta.title)} — graine ${seed}, politique ${policy}`);
  out(`\n## Remises (${summary.deliveries.length})`);
  for (const d of summary.deliveries) out(`${d.at}  ${d.inject.padEnd(28)} ${d.channel.padEnd(10)} → ${d.to.join(", ")}`);
  out(`\n## Phases`);
  for (const p of summary.phases) out(`${p.at}  ${p.phase}`);
  out(`\n## Embranchements`);
  for (const [b, v] of Object.entries(summary.branches)) out(`${b.padEnd(16)} ${v.outcome} (${v.at})`);
  out(`\n## Attendus`);
  for (const [id, e] of Object.entries(summary.expectations)) out(`${e.competency}  ${id.padEnd(32)} ${e.status}${"at" in e ? ` ${e.at}` : ""}`);
  out(`\n## Jauges finales`);
  for (const [g, v] of Object.entries(summary.gauges)) out(`${g.padEnd(20)} ${v}`);
  out(`\nFin : ${summary.end ? `${summary.end.at} (${endWords(compiled, summary.end.reason)})` : "non terminée"} — ${summary.entries} entrées de journal — environ ${summary.realMinutes} minutes réelles à la vitesse du scénario`);
  return 0;
}

/** An end reason in the author's words (the JSON output keeps the engine's code). */
const endWords = (compiled: CompiledScenario, reason: string) => endReasonText(reason, endNamesOf(compiled)).fr;

async function runCoverage(args: string[], io: Io): Promise<number> {
  const { out, err } = io;
  const file = fileArg(args, ["--seeds", "--out"]);
  const compiled = await open(file, io);
  if (!compiled) return 1;
  const seeds = Number(flag(args, "--seeds") ?? "12");
  const r = coverage(compiled, seeds);
  if (args.includes("--json")) await emit(args, io, JSON.stringify(r, null, 2));
  else {
    out(`# Couverture de ${compiled.scenario.id} : ${r.runs} parties (${seeds} graines × ${r.policies.join(", ")})`);
    const show = (title: string, rows: { id: string; runs: number }[]) => {
      out(`\n## ${title}`);
      for (const x of rows) out(`${x.runs === 0 ? "JAMAIS " : "       "}${x.id.padEnd(32)} ${x.runs}/${r.runs}`);
    };
    show("Injects", r.injects);
    show("Déclencheurs", r.triggers);
    show("Phases", r.phases);
    out(`\n## Embranchements`);
    for (const b of r.branches) out(`${b.id.padEnd(20)} ${b.outcomes.map((o) => `${o.outcome}${o.human ? " (humain)" : ""}: ${o.runs}`).join("  ")}`);
    out(`\n## Attendus (atteint / en retard / manqué / sans objet)`);
    for (const e of r.expectations) out(`${e.id.padEnd(32)} ${e.met} / ${e.late} / ${e.missed} / ${e.pending}`);
    out(`\n## Fins`);
    for (const [k, v] of Object.entries(r.endings)) out(`${(k === "not-ended" ? "non terminée" : endWords(compiled, k)).padEnd(32)} ${v}`);
  }
  const never = [...r.never.injects.map((x) => `inject ${x}`), ...r.never.triggers.map((x) => `déclencheur ${x}`),
    ...r.never.phases.map((x) => `phase ${x}`), ...r.never.branchOutcomes.map((x) => `embranchement ${x}`)];
  if (r.humanOnly.length > 0) err(`Issues laissées aux joueurs humains (\`human: true\`), jamais prises par les bots : ${r.humanOnly.join(", ")}`);
  if (never.length > 0) { err(`Jamais atteints : ${never.join(", ")}`); return 1; }
  if (!args.includes("--json")) out(`\nTout est atteint.`);
  return 0;
}

/**
 * JSON (or HTML) for a program: to `--out FICHIER` when given — npm prints its
 * own banner on standard output, so `npm run scenario -- … --json` is valid
 * JSON only with `npm run -s` — else to stdout, alone.
 */
async function emit(args: string[], io: Io, text: string): Promise<void> {
  const out = flag(args, "--out");
  if (out) { await io.writeFile(out, text.endsWith("\n") ? text : `${text}\n`); io.err(`${out} écrit`); }
  else io.out(text.trimEnd());
}

const fileArg = (args: string[], withValue: string[]) => args.find((a, i) => !a.startsWith("--") && !withValue.includes(args[i - 1]));

async function runGraph(args: string[], io: Io): Promise<number> {
  const compiled = await open(fileArg(args, ["--out", "--lang"]), io);
  if (!compiled) return 1;
  if (args.includes("--html")) await emit(args, io, graphHtml(compiled));
  else await emit(args, io, graphText(compiled, flag(args, "--lang") === "en" ? "en" : "fr"));
  return 0;
}

export const simulateCmd: Command = {
  args: "FICHIER --seed N [--policy expected|explore|random|partial|idle] [--tick SECONDES] [--json] [--out FICHIER]",
  summary: "joue le scénario sans interface avec des bots ; même fichier et même graine → même sortie",
  run: (args, io) => runSimulate(args.filter((a) => a !== "--"), io),
};
export const coverageCmd: Command = {
  args: "FICHIER [--seeds N] [--json] [--out FICHIER]",
  summary: "joue de nombreuses parties (graines × politiques) et liste ce qui n'arrive jamais (code 1 s'il y en a, hors issues `human: true`)",
  run: (args, io) => runCoverage(args.filter((a) => a !== "--"), io),
};
export const graphCmd: Command = {
  args: "FICHIER [--html] [--out FICHIER] [--lang en]",
  summary: "le diagramme d'états du moteur et les conditions en clair ; --html : page autonome (chronogramme et diagramme en SVG)",
  run: (args, io) => runGraph(args.filter((a) => a !== "--"), io),
};
