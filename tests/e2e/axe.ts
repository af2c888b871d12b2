import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";

/**
 * The accessibility audit every browser test runs on each screen: axe-core
 * with the WCAG 2.2 A/AA rules; no serious or critical violation may remain.
 * Every finding (of any impact) is kept per screen, for the artifact file.
 */
export function axeAuditor(): { findings: Record<string, unknown[]>; audit(page: Page, screen: string): Promise<void> } {
  const findings: Record<string, unknown[]> = {};
  return {
    findings,
    async audit(page, screen) {
      const t0 = Date.now();
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
      console.log(`[axe] ${screen}: ${results.violations.length} finding(s), ${Date.now() - t0} ms`);
      findings[screen] = results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target) }));
      const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(bad.map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`)).toEqual([]);
    },
  };
}
