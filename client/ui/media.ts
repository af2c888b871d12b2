import type { DeliveryView } from "../../shared/engine/view.js";
import { colon, t, tx } from "../i18n/index.js";
import type { Changed } from "../net/apply.js";
import type { Part, PlayCtx } from "./context.js";
import { fill, h, reflow, richText } from "./dom.js";
import { icon } from "./icons.js";
import { quote } from "./reading.js";

/**
 * Press and TV as the public sees them: a news front page built from the
 * press deliveries (the latest is the headline, with its text and the cell's
 * words it quotes; earlier articles below, each opening in the inbox) and a
 * TV bulletin (the latest broadcast under a breaking banner, a ticker of the
 * other headlines). Both re-render when a delivery arrives; the ticker is
 * decorative (it repeats the front page, which a screen reader reads) and
 * stands still with reduced motion.
 */
export function mediaPanel(ctx: PlayCtx, openDelivery: (id: string) => void): Part {
  const front = h("section", { class: "front-page", "aria-labelledby": "front-title", "data-front-page": "" });
  const tv = h("section", { class: "tv-bulletin", "aria-labelledby": "tv-title", "data-tv": "" });
  let key = "";

  const of = (kinds: string[]) => ctx.view.deliveries.filter((d) => kinds.includes(d.channelKind)).sort((a, b) => b.at - a.at || b.id.localeCompare(a.id, undefined, { numeric: true }));
  const lede = (d: DeliveryView) => { const s = reflow(tx(d.body)).split(/(?<=[.!?»])\s/)[0]; return s.length > 220 ? `${s.slice(0, 219)}…` : s; };
  const readBtn = (d: DeliveryView) => h("button", { type: "button", class: "btn-ghost read-more", "data-read": d.id, onclick: () => openDelivery(d.id) },
    t("media.read"), h("span", { class: "sr-only" }, `${colon()}${tx(d.subject)}`));

  const render = () => {
    const news = of(["news"]), shows = of(["tv"]);
    const next = JSON.stringify([news.map((d) => d.id), shows.map((d) => d.id), ctx.view.actions.length]);
    if (next === key) return;
    key = next;
    const [top, ...rest] = news;
    fill(front, h("h2", { id: "front-title", class: "front-title" }, t("media.front")),
      top ? h("article", { class: "headline-story", "aria-labelledby": `front-${top.id}`, "data-headline": top.id },
        h("p", { class: "dateline" }, `${tx(top.fromName)} · ${ctx.clock(top.at)}`),
        h("h3", { id: `front-${top.id}`, class: "headline" }, tx(top.subject)),
        h("div", { class: "msg-body pre", "data-authored": "" }, richText(reflow(tx(top.body)))), quote(ctx, top), readBtn(top))
        : h("p", { class: "muted" }, t("media.noNews")),
      rest.length ? h("ul", { class: "more-stories", "aria-label": t("media.earlier") }, rest.map((d) => h("li", { class: "story", "data-story": d.id },
        h("p", { class: "dateline" }, `${tx(d.fromName)} · ${ctx.clock(d.at)}`), h("h3", { class: "story-title" }, tx(d.subject)),
        h("p", { class: "lede", "data-authored": "" }, lede(d)), readBtn(d)))) : null);

    const [live] = shows;
    const headlines = [...news, ...shows, ...of(["social", "leak"])].sort((a, b) => b.at - a.at).slice(0, 8).map((d) => `${tx(d.fromName)} — ${tx(d.subject)}`);
    fill(tv, h("h2", { id: "tv-title", class: "front-title" }, t("media.tv")),
      live ? h("article", { class: "tv-screen big", "aria-labelledby": `tv-${live.id}`, "data-tv-live": live.id },
        h("p", { class: "tv-top" }, h("span", { class: "tv-channel" }, tx(live.fromName)), h("span", { class: "tv-live" }, icon("live", 12), " ", t("media.live"))),
        h("p", { class: "tv-breaking" }, t("media.breaking")),
        h("h3", { id: `tv-${live.id}`, class: "tv-title" }, tx(live.subject)),
        h("p", { class: "tv-caption", "data-authored": "" }, lede(live)), quote(ctx, live), readBtn(live))
        : h("p", { class: "muted" }, t("media.noTv")),
      headlines.length ? h("div", { class: "tv-ticker", "aria-hidden": "true" }, h("span", { class: "tv-ticker-text" }, headlines.join("   •   "))) : null);
  };
  render();
  return {
    el: h("div", { class: "media" }, front, tv),
    update: (changed: Set<Changed>) => { if (changed.has("deliveries") || changed.has("actions")) render(); },
  };
}
