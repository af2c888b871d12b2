import { isSocialPost } from "../../shared/engine/social.js";
import type { ActionRecord } from "../../shared/engine/types.js";
import type { DeliveryView } from "../../shared/engine/view.js";
import { colon, getLang, t, tx } from "../i18n/index.js";
import type { Changed } from "../net/apply.js";
import { avatar } from "./avatar.js";
import type { Part, PlayCtx } from "./context.js";
import { h, keyedList } from "./dom.js";
import { trending } from "./feed-model.js";
import { actionForm } from "./form.js";
import { icon } from "./icons.js";
import "./feed.css";

/**
 * The social network as the cell sees it (a chunk loaded when its tab is
 * first opened): the posts that reached its roles and its own posts from the
 * official account, newest first, each with a generated avatar, the account's
 * name and handle, shares and likes as the server last sent them (their value
 * now: they grow as game time passes, never ahead of it), a repost shown as such (« X a relayé » above the relayed
 * post); under the cell's posts, the public's replies as they come (drawn by
 * the engine, shown from their time); trending hashtags beside; a composer
 * that publishes from the official account (the built-in statement, on social
 * media). Counters change in place every second: the list is not re-rendered,
 * so focus and reading position stay.
 */

type Item = { kind: "post"; d: DeliveryView } | { kind: "own"; a: ActionRecord };

const fmt = (n: number) => n.toLocaleString(getLang() === "fr" ? "fr-FR" : "en-GB");
const withTags = (text: string) => text.split(/(#[\p{L}\p{N}_]{2,40})/u).map((part, i) => (i % 2 ? h("span", { class: "hashtag" }, part) : part));

function postHead(ctx: PlayCtx, handle: string, name: string, time: number | undefined, official: boolean): HTMLElement {
  return h("header", { class: "post-head" },
    avatar(handle, 40),
    h("span", { class: "post-who" }, h("strong", null, name), " ", h("span", { class: "handle" }, handle),
      official ? h("span", { class: "official-badge" }, icon("check", 12), " ", t("feed.official")) : null),
    time === undefined ? null : h("time", null, ctx.clock(time)));
}

/**
 * A post that reached the cell, as the feed shows it: its avatar, name and
 * handle, the text with its hashtags, the relayed post, shares and likes at
 * game time `now()`. Also the studio's preview of a social inject.
 */
export function postCard(ctx: PlayCtx, d: DeliveryView, now: () => number): HTMLElement {
  const head = (handle: string, name: string, time: number | undefined) => postHead(ctx, handle, name, time, false);
  return h("article", { "aria-labelledby": `post-${d.id}` },
    d.repost ? h("p", { class: "repost-line", "data-repost": "" }, icon("share", 14), " ", t("feed.reposted", { name: tx(d.fromName) })) : null,
    head(d.handle ?? "", tx(d.fromName), d.at),
    h("h3", { id: `post-${d.id}`, class: "sr-only" }, `${tx(d.fromName)}${colon()}${tx(d.subject)}`),
    h("p", { class: "post-body pre", "data-authored": "" }, withTags(tx(d.body))),
    d.repost ? h("blockquote", { class: "reposted" }, head(d.repost.handle, tx(d.repost.fromName), undefined),
      h("p", { class: "post-body pre", "data-authored": "" }, withTags(tx(d.repost.body)))) : null,
    h("p", { class: "post-counts" },
      h("span", { "data-shares": d.id }, t("feed.shares", { n: fmt(d.shares ?? 0) })), " · ",
      h("span", { "data-likes": d.id }, t("feed.likes", { n: fmt(d.likes ?? 0) }))));
}

export function feedPanel(ctx: PlayCtx, now: () => number): Part & { tick: () => void } {
  const account = ctx.brief.account;
  const list = h("ol", { class: "feed-list", "aria-label": t("feed.posts") });
  const trends = h("ol", { class: "trends" });
  const channelKind = (id: string) => {
    const ch = ctx.action(id)?.channel;
    return ch === undefined ? undefined : ctx.brief.channels.find((c) => c.id === ch)?.kind;
  };
  const items = (): Item[] => [
    ...ctx.view.deliveries.filter((d) => d.channelKind === "social").map((d): Item => ({ kind: "post", d })),
    ...ctx.view.actions.filter((a) => a.status === "done" && isSocialPost(a, channelKind)).map((a): Item => ({ kind: "own", a })),
  ].sort((x, y) => at(y) - at(x));
  const at = (i: Item) => (i.kind === "post" ? i.d.at : i.a.at);
  const key = (i: Item) => (i.kind === "post" ? i.d.id : i.a.id);

  const head = (handle: string, name: string, time: number | undefined, official: boolean) => postHead(ctx, handle, name, time, official);

  const replies = (a: ActionRecord) => {
    const shown = (a.replies ?? []).filter((r) => r.at <= now());
    if (!account && shown.length === 0) return null;
    return h("section", { class: "post-replies", "aria-label": t("feed.replies") },
      shown.length === 0 ? h("p", { class: "muted small" }, t("feed.noReply")) : h("ol", null, shown.map((r) => h("li", { class: `reply tone-${r.tone}`, "data-reply-tone": r.tone },
        avatar(r.handle, 28), h("span", { class: "reply-main" }, h("strong", { class: "handle" }, r.handle), " ",
          h("span", { class: "tone" }, t(`feed.tone.${r.tone}`)), h("span", { class: "sr-only" }, " : "),
          h("span", { class: "reply-text", "data-authored": "" }, tx(r.text)), " ", h("time", null, ctx.clock(r.at)))))));
  };

  const render = (i: Item): HTMLElement => {
    if (i.kind === "own") {
      const a = i.a;
      const handle = account?.handle ?? "";
      return h("li", { class: "post own", "data-post": a.id, "data-own-post": "" },
        h("article", { "aria-label": `${tx(account?.name) || t("feed.official")} ${ctx.clock(a.at)}` },
          head(handle, tx(account?.name) || t("feed.official"), a.at, true),
          h("p", { class: "post-body pre" }, withTags(String(a.params.text ?? ""))), replies(a)));
    }
    return h("li", { class: `post ${i.d.repost ? "repost" : ""}`, "data-post": i.d.id }, postCard(ctx, i.d, now));
  };

  const renderList = () => {
    const all = items();
    if (all.length === 0) { list.replaceChildren(h("li", { class: "muted empty" }, t("feed.empty"))); return; }
    list.querySelector(".empty")?.remove();
    keyedList(list, all, key, (i) => (i.kind === "own" ? String((i.a.replies ?? []).filter((r) => r.at <= now()).length) : "p"), render);
  };

  const renderTrends = () => {
    const posts = ctx.view.deliveries.filter((d) => d.channelKind === "social").map((d) => ({ text: `${tx(d.body)} ${d.repost ? tx(d.repost.body) : ""}`, shares: d.shares ?? 0 }));
    const own = ctx.view.actions.filter((a) => a.status === "done" && isSocialPost(a, channelKind)).map((a) => ({ text: String(a.params.text ?? ""), shares: 0 }));
    const top = trending([...posts, ...own]);
    keyedList(trends, top.length ? top : [null], (x) => x?.tag.toLowerCase() ?? "none", (x) => (x ? `${x.posts}|${x.shares}` : ""), (x) => x
      ? h("li", { "data-trend": x.tag }, h("strong", null, x.tag), h("span", { class: "muted small" }, ` — ${t("feed.trendPosts", { n: x.posts, shares: fmt(x.shares) })}`))
      : h("li", { class: "muted" }, t("feed.noTrend")));
  };

  /** Counters in place (no re-render); replies that came due re-render their post only (keyedList signature). */
  const tick = () => {
    for (const d of ctx.view.deliveries) {
      if (d.channelKind !== "social") continue;
      const s = list.querySelector(`[data-shares="${d.id}"]`), l = list.querySelector(`[data-likes="${d.id}"]`);
      const shares = t("feed.shares", { n: fmt(d.shares ?? 0) }), likes = t("feed.likes", { n: fmt(d.likes ?? 0) });
      if (s && s.textContent !== shares) s.textContent = shares;
      if (l && l.textContent !== likes) l.textContent = likes;
    }
    renderList();
    renderTrends();
  };

  const statement = ctx.action("statement");
  const composer = statement ? actionForm({ ctx, action: statement, composer: "feed.post", fixed: { audience: "external", medium: "social" }, omit: ["title"],
    title: t("feed.compose", { handle: account?.handle ?? "" }), submitLabel: t("feed.publish"), rows: 3, class: "feed-composer" }) : null;

  const el = h("div", { class: "feed", "data-feed": "" },
    h("h2", { class: "sr-only" }, t("feed.title")),
    h("div", { class: "feed-split" },
      h("div", { class: "feed-main" }, composer, list),
      h("aside", { class: "feed-side", "aria-labelledby": "trends-title" }, h("h3", { id: "trends-title" }, icon("social", 14), " ", t("feed.trending")), trends)));
  renderList();
  renderTrends();
  return {
    el, tick,
    update: (changed: Set<Changed>) => { if (changed.has("deliveries") || changed.has("live") || changed.has("actions") || changed.has("clock")) tick(); },
  };
}
