// @vitest-environment node
import { readFileSync } from "node:fs";
import { parseHTML } from "linkedom";
import { beforeAll, describe, expect, it } from "vitest";
import { compileScenario } from "../../../shared/engine/index.js";
import { loadScenario } from "../../../shared/scenario/load.js";
import type { Scenario } from "../../../shared/scenario/schema.js";

/**
 * The author's help names, for the scenario being edited, every rule that
 * moves each competency's score — its generic indicators (weights,
 * thresholds, where a delay starts) and its own expectations (deadline,
 * weight, roles) — in the names the file gives, never an id; and it reads
 * who may change the text: a `use` share and a bundled scenario are read only.
 */

const { document, window } = parseHTML("<!doctype html><html><body></body></html>");
Object.assign(globalThis, { document, window, Node: window.Node, HTMLElement: window.HTMLElement, Event: window.Event });

const read = (file: string): Scenario => {
  const r = loadScenario(readFileSync(new URL(`../../../scenarios/${file}`, import.meta.url), "utf8"), file);
  if (!r.ok) throw new Error(`${file} invalid`);
  return r.scenario;
};

/** Every id the file gives (injects, expectations, actions, roles, personas, channels, phases) that cannot be a word of the text (a hyphen or an underscore in it: `site-defaced`, `sitrep_1`). */
function idsOf(s: Scenario): string[] {
  const ids = [...s.injects, ...(s.expectations ?? []), ...s.roles, ...(s.actions ?? []), ...(s.personas ?? [])].map((x) => (x as { id: string }).id);
  return [...new Set(ids)].filter((id) => /[-_]/.test(id));
}

let authorHelp: typeof import("./author-help.js").authorHelp;
let setLang: typeof import("../../i18n/index.js").setLang;
let readOnlyReason: typeof import("./edit-controls.js").readOnlyReason;
beforeAll(async () => {
  ({ authorHelp } = await import("./author-help.js"));
  ({ setLang } = await import("../../i18n/index.js"));
  ({ readOnlyReason } = await import("./edit-controls.js"));
});

const opened = (s: Scenario) => {
  const help = authorHelp();
  help.update(compileScenario(s));
  expect(help.el.querySelector('[data-help-moves="C4.2"]')!.textContent).toMatch(/s'affichent ici dès que|show here as soon as/); // folded: not drawn yet
  (help.el as HTMLDetailsElement).open = true;
  help.el.dispatchEvent(new Event("toggle"));
  return help.el;
};

describe("the author's help, for the scenario being edited", () => {
  it("lists per competency what moves its score: the tutorial's expectations by title with deadline and roles, the indicators with thresholds", () => {
    const s = read("tutorial.yaml");
    const el = opened(s);
    const c42 = el.querySelector('[data-help-moves="C4.2"]')!.textContent!;
    expect(c42).toContain("Déclaration d'attente dans les 30 min suivant la rumeur ★");
    expect(c42).toContain("rôles concernés : Communication");
    expect(c42).toMatch(/Publics atteints par les déclarations.*niveaux 1 ≥ 40 %/);
    const c43 = el.querySelector('[data-help-moves="C4.3"]')!.textContent!;
    expect(c43).toContain("Décision de coupure consignée (20 min)");
    expect(c43).not.toContain("Déclaration d'attente dans les 30 min");
    expect(el.querySelector("[data-help-general]")!.textContent).toMatch(/50 % pour les attentes du scénario/);
  });

  it("shows a re-weighted rule as the file re-weights it, and no id of any bundled scenario", async () => {
    for (const file of ["tutorial.yaml", "ransomware-logirhone.yaml", "undersea-cable.yaml", "evacuation-coup.yaml", "export-control-sanctions.yaml", "detained-national-valdoria.yaml"]) {
      const s = read(file);
      const text = opened(s).textContent!;
      for (const id of idsOf(s)) expect(text, `${file}: ${id}`).not.toMatch(new RegExp(`(^|[^\\p{L}\\p{N}-])${id}($|[^\\p{L}\\p{N}-])`, "u"));
      for (const e of (s.expectations ?? []).filter((x) => (x.weight ?? 1) !== 1)) expect(text, `${file}: ${e.id}`).toMatch(/poids/);
    }
  });

  it("speaks English to an English reader, from the same rules", async () => {
    await setLang("en");
    try {
      const el = opened(read("tutorial.yaml"));
      const c42 = el.querySelector('[data-help-moves="C4.2"]')!.textContent!;
      expect(c42).toMatch(/roles concerned: Communication|roles: Communication/i);
      expect(c42).not.toContain("rôles concernés");
    } finally { await setLang("fr"); }
  });
});

describe("who may change the text in the studio", () => {
  it("a use share and a bundled scenario are read only, and say why; the owner and a co-author may save", () => {
    expect(readOnlyReason({ access: "use", owner: "animatrice" })).toBe("Lecture seule — partagé par animatrice");
    expect(readOnlyReason({ access: "bundled" })).toBe("Lecture seule — scénario fourni avec Sangfroid");
    expect(readOnlyReason({ access: "owner" })).toBeUndefined();
    expect(readOnlyReason({ access: "edit", owner: "animatrice" })).toBeUndefined();
  });
});
