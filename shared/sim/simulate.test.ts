import { describe, expect, it } from "vitest";
import { mini } from "../../tests/fixtures/engine-mini.js";
import { compileScenario } from "../engine/compile.js";
import { replay } from "../engine/engine.js";
import { coverage } from "./coverage.js";
import { graphHtml, graphText } from "./graph.js";
import { simulate } from "./simulate.js";

const compiled = compileScenario(mini);

describe("simulation", () => {
  it("is reproducible from its seed, and its log replays to the same state", () => {
    const a = simulate(compiled, { seed: 3, policy: "random" });
    const b = simulate(compiled, { seed: 3, policy: "random" });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(replay(compiled, a.log))).toBe(JSON.stringify(a.state));
  });

  it("expected bots meet the expectations that idle bots miss", () => {
    const good = simulate(compiled, { seed: 1, policy: "expected" });
    const idle = simulate(compiled, { seed: 1, policy: "idle" });
    expect(good.state.expectations.isolation.status).toBe("met");
    expect(good.state.expectations.holding.status).toBe("met");
    expect(good.state.expectations.retex.status).toBe("met");
    expect(good.state.branches.b1.outcome).toBe("isolated");
    expect(idle.state.expectations.isolation.status).toBe("missed");
    expect(idle.state.branches.b1.outcome).toBe("late");
  });

  it("coverage reaches both outcomes of the branch point and lists what never happened", () => {
    const report = coverage(compiled, 4);
    expect(report.branches.find((b) => b.id === "b1")!.outcomes.every((o) => o.runs > 0)).toBe(true);
    expect(report.never.injects).not.toContain("recovery");
    expect(report.runs).toBe(20);
  });

  it("draws the engine's statechart: a text outline and a self-contained HTML page with inline SVG", () => {
    expect(graphText(compiled)).toContain("« Détection » [detection] → « Gestion » [management] : « Isoler le réseau » [isolate]");
    expect(graphText(compiled, "en")).toContain("open → late : after T+01:00 AND NOT (“Isoler le réseau” [isolate] before T+01:00)");
    const html = graphHtml(compiled);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|src=/);
    expect(html.match(/<svg /g)!.length).toBeGreaterThanOrEqual(4);
    expect(html).toContain("Embranchement b1 · Branch point b1");
    expect(html).toContain(`<h2>Déclencheurs <span class="muted">Triggers</span></h2>`);
    expect(html).toContain("passe en phase « Sortie » [exit]<br><span class=\"muted\">moves to phase “Sortie” [exit]</span>");
  });
});
