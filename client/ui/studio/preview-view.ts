import { viewFor } from "../../../shared/engine/index.js";
import { parseGameTime, formatGameTime } from "../../../shared/scenario/time.js";
import { POLICIES, type Policy } from "../../../shared/sim/bots.js";
import { simulate } from "../../../shared/sim/simulate.js";
import { tx } from "../../i18n/index.js";
import { h, newId } from "../dom.js";
import { postCard } from "../feed.js";
import { readingView, threadHostFor } from "../reading.js";
import { previewCtx } from "./preview-ctx.js";
import { st, type StudioKey } from "./text.js";
import type { Model, View } from "./view.js";

/**
 * Preview as a role: play the scenario headless up to a game time (bots
 * under a policy, a seed), then cut the state exactly as the server does
 * for that role's player (`viewFor`, the game's projection) and list what
 * it received, each message as it will look in its channel: drawn by the
 * cell screen's own renderers (the letterhead of a mail, a note verbale, a
 * call's conversation with its captions, a post's feed card with its counts
 * at that time, an article under its masthead, a TV bulletin…), given a
 * read-only context (preview-ctx.ts).
 */
export function previewView(): View {
  const el = h("div", { class: "studio-preview" });
  const ids = { role: newId("pv"), time: newId("pv"), policy: newId("pv"), seed: newId("pv") };
  const role = h("select", { id: ids.role, name: "role" });
  const time = h("input", { id: ids.time, name: "time", value: "T+00:30", size: 10, "aria-describedby": `${ids.time}-hint` });
  const policy = h("select", { id: ids.policy, name: "policy" }, POLICIES.map((p) => h("option", { value: p }, st(`policy_${p}` as StudioKey))));
  const seed = h("input", { id: ids.seed, name: "seed", type: "number", min: 0, value: "1", size: 6 });
  const out = h("div", { class: "preview-out", "aria-live": "polite" });
  let model: Model | undefined;
  const run = () => {
    if (!model) return;
    const { compiled } = model;
    const at = parseGameTime(time.value.trim(), 0);
    if (at === null) { out.replaceChildren(h("p", { class: "form-error" }, st("previewBadTime"))); return; }
    const r = simulate(compiled, { seed: Math.max(0, Number(seed.value) || 0), policy: policy.value as Policy, maxTime: at });
    const v = viewFor(compiled, r.state, [role.value]);
    const roleName = tx(compiled.roles.get(role.value)?.name);
    const list = [...v.deliveries].filter((d) => d.at <= at).reverse();
    const ctx = previewCtx(compiled, v);
    out.replaceChildren(
      h("p", { class: "muted", "data-testid": "preview-count" }, st("previewCount", { n: list.length, role: roleName, t: formatGameTime(at) })),
      list.length === 0 ? h("p", null, st("previewNone")) : h("ol", { class: "preview-list" }, list.map((d) =>
        h("li", { class: `preview-item channel-${d.channelKind} sev-${d.severity}`, "data-preview-kind": d.channelKind },
          h("p", { class: "muted small" }, `${formatGameTime(d.at)} · ${st("previewChannel")} ${tx(compiled.channels.get(d.channel)?.name)} · ${st("previewFrom")} ${tx(d.fromName)}`),
          d.channelKind === "social" ? h("div", { class: "feed preview-feed" }, h("ol", { class: "feed-list" }, h("li", { class: `post ${d.repost ? "repost" : ""}` }, postCard(ctx, d, () => at))))
            : readingView(ctx, d, threadHostFor(d), [], at)))));
  };
  const form = h("form", { class: "row preview-form", onsubmit: (e: Event) => { e.preventDefault(); run(); } },
    h("div", { class: "field" }, h("label", { htmlFor: ids.role }, st("previewRole")), role),
    h("div", { class: "field" }, h("label", { htmlFor: ids.time }, st("previewTime")), time),
    h("div", { class: "field" }, h("label", { htmlFor: ids.policy }, st("previewPolicy")), policy),
    h("div", { class: "field" }, h("label", { htmlFor: ids.seed }, st("previewSeed")), seed),
    h("button", { type: "submit", class: "btn-primary" }, st("previewRun")));
  el.append(form, out);
  return {
    id: "preview", label: "preview", el,
    render(m) {
      model = m;
      const keep = role.value;
      role.replaceChildren(...[...m.compiled.roles.values()].map((r) => h("option", { value: r.id, selected: r.id === keep }, tx(r.name))));
      if (out.childElementCount > 0) run();
    },
  };
}
