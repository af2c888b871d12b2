import { compileScenario } from "../../../shared/engine/index.js";
import { loadScenario } from "../../../shared/scenario/load.js";
import type { Scenario } from "../../../shared/scenario/schema.js";
import { h } from "../dom.js";
import { chronoView } from "./chrono-view.js";
import { playtestView } from "./playtest-view.js";
import { previewView } from "./preview-view.js";
import { statechartView } from "./statechart-view.js";
import { st } from "./text.js";
import type { Locate, Model, View } from "./view.js";

/**
 * The views beside the editor, redrawn from the text as it is typed: each
 * valid text is compiled here with the engine's own code (shared/), so what
 * the views show is what a session would play. While the text is invalid
 * they keep the last valid scenario and say so. Only the visible view is
 * redrawn.
 */

export type { Locate, Model, View };

export function createViews() {
  let locate: Locate = () => undefined;
  const relay: Locate = (line) => locate(line);
  const views: View[] = [chronoView(relay), statechartView(), previewView(), playtestView(relay)];
  const stale = h("p", { class: "hint studio-stale", hidden: true }, st("staleViews"));
  let model: Model | undefined;
  let compiledFn: (m: Model) => void = () => undefined;
  let current = views[0].id;
  const drawn = new Map<string, Model>();
  const draw = () => {
    const v = views.find((x) => x.id === current);
    if (!v || !model || drawn.get(v.id) === model) return;
    drawn.set(v.id, model);
    v.render(model);
  };
  return {
    panels: views.map((v) => ({ id: v.id, label: v.label, el: h("div", { class: "studio-view" }, v.id === views[0].id ? stale : null, v.el) })),
    /** `read`: the scenario as the page's validator already read it from `text` (else it is read here). */
    update(text: string, valid: boolean, read?: Scenario) {
      stale.hidden = valid || !model;
      if (!valid || model?.text === text) return;
      const scenario = read ?? (() => { const r = loadScenario(text, "studio.yaml"); return r.ok ? r.scenario : undefined; })();
      if (!scenario) return;
      model = { text, compiled: compileScenario(scenario) };
      draw();
      compiledFn(model);
    },
    select(id: string) { current = id; draw(); },
    onLocate(fn: Locate) { locate = fn; },
    /** Each newly compiled scenario (a valid text): the author's help shows its rules. */
    onCompiled(fn: (m: Model) => void) { compiledFn = fn; if (model) fn(model); },
    dispose() { drawn.clear(); },
  };
}
