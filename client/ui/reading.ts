import type { ActionRecord } from "../../shared/engine/types.js";
import type { DeliveryView } from "../../shared/engine/view.js";
import { t, tx } from "../i18n/index.js";
import type { PlayCtx } from "./context.js";
import { h, reflow, richText } from "./dom.js";
import { channelIcon, icon } from "./icons.js";
import { messageCountdown } from "./countdowns.js";
import { shownTime } from "./phone.js";
import { callView } from "./phone-call.js";
import "./reading.css";

/**
 * Each channel kind read as what it is, in semantic HTML: a mail under its
 * sender's letterhead, a note verbale in its diplomatic form (reference,
 * formal opening and closing, place and date, seal), an official letter with
 * its reference, SMS as bubbles, a technical alert as a console line, a leak
 * as the attackers' leak-site page, a press article under its masthead
 * (quoting the cell's statement it answers), a TV bulletin with its breaking
 * banner, a social post, a call transcript. The heading is always the
 * article's `h3` (focus lands there). Authored text is marked
 * `data-authored`: it is the scenario's, never the interface's.
 */
export interface Thread { sent: ActionRecord[]; received: DeliveryView[] }

const NOTE_VERBALE = /note\s+verbale/i;
const OPENING = /pr[ée]sente ses compliments|presents its compliments/i;
const CLOSING = /haute consid[ée]ration|highest consideration/i;

/** `time`: the game time a call's status is read at (the player's screen clock when omitted; the studio's preview gives its own). */
export function readingView(ctx: PlayCtx, d: DeliveryView, threadHost: HTMLElement, tail: (HTMLElement | null)[], time?: number): HTMLElement {
  const titleId = `msg-title-${d.id}`;
  const title = (cls = "") => h("h3", { id: titleId, tabindex: -1, class: cls }, tx(d.subject));
  const body = (text = tx(d.body)) => h("div", { class: "msg-body pre", "data-authored": "" }, richText(reflow(text)));
  const sev = d.severity !== "info" ? h("span", { class: `sev sev-${d.severity}` }, t(`sev.${d.severity}`)) : null;
  const persona = ctx.brief.personas.find((p) => p.id === d.from);
  const channel = tx(ctx.brief.channels.find((c) => c.id === d.channel)?.name) || d.channelKind;
  const kindLine = (label: string) => h("p", { class: "msg-kind" }, channelIcon(d.channelKind, 14), " ", label, sev);
  const attachments = d.attachments.length ? h("div", { class: "attachments" }, d.attachments.map((a) =>
    h("details", null, h("summary", null, icon("attachment", 14), " ", tx(a.name)), h("p", { class: "pre", "data-authored": "" }, tx(a.body))))) : null;
  // A reply deadline on this message: its countdown, here as in the strip; otherwise « réponse attendue » when the author asks for one.
  const countdown = () => ctx.view.countdowns.find((c) => c.delivery === d.id);
  const expected = countdown()
    ? messageCountdown(() => ({ c: countdown(), v: { ...ctx.view, time: time ?? shownTime(ctx) } }), ctx.clock)
    : d.reply ? h("p", { class: "reply-expected" }, t("inbox.replyExpected")) : null;
  const when = ctx.clock(d.at);
  const article = (kind: string, ...children: (Node | string | null)[]) =>
    h("article", { class: `message kind-${d.channelKind} view-${kind} sev-${d.severity}`, "aria-labelledby": titleId, "data-open": d.id, "data-view": kind }, ...children, ...tail);
  const quoted = quote(ctx, d);
  const placeName = tx(ctx.brief.places.find((p) => p.id === (d.place ?? persona?.place))?.name);

  switch (d.channelKind) {
    case "mail":
      return article("letter",
        h("header", { class: "letterhead" }, h("span", { class: "lh-name" }, tx(d.fromName)), persona ? h("span", { class: "lh-kind" }, t(`persona.${persona.kind}` as never)) : null, sev),
        h("dl", { class: "mail-head" }, h("dt", null, t("inbox.from")), h("dd", null, tx(d.fromName)), h("dt", null, t("read.date")), h("dd", null, when)),
        title("mail-subject"), body(), attachments, h("p", { class: "signature" }, "— ", tx(d.fromName)), expected, threadHost);
    case "official": {
      const ref = officialRef(ctx, d);
      if (NOTE_VERBALE.test(channel) || NOTE_VERBALE.test(tx(d.subject)) || persona?.kind === "state") {
        const text = tx(d.body).trim();
        const continues = /^(…|\.\.\.)\s*/.test(text);
        const opening = OPENING.test(text) ? null : `${tx(d.fromName)} ${t("read.nvOpening")}${continues ? "" : ` ${t("read.nvOpeningFull")}`}`;
        return article("note-verbale",
          h("p", { class: "nv-kind" }, t("read.noteVerbale")), h("p", { class: "nv-ref" }, `${t("read.ref")} ${ref}`),
          h("p", { class: "nv-from" }, tx(d.fromName)), title("nv-subject"),
          opening ? h("p", { class: "nv-opening" }, opening) : null, body(continues ? text.replace(/^(…|\.\.\.)\s*/, "") : text),
          CLOSING.test(text) ? null : h("p", { class: "nv-closing" }, `${tx(d.fromName)} ${t("read.nvClosing")}`),
          h("p", { class: "nv-place" }, `${placeName ? `${placeName}, ` : ""}${when}`), h("span", { class: "nv-seal", "aria-hidden": "true" }, icon("note", 28)),
          attachments, expected, threadHost);
      }
      return article("official-letter",
        h("header", { class: "letterhead official" }, icon("official", 22), h("span", { class: "lh-name" }, tx(d.fromName)), sev),
        h("p", { class: "nv-ref" }, `${t("read.ref")} ${ref} · ${when}`), title("mail-subject"), body(), attachments,
        h("p", { class: "signature" }, tx(d.fromName)), expected, threadHost);
    }
    case "sms":
      return article("sms", h("p", { class: "sms-head" }, icon("sms", 16), " ", h("strong", null, tx(d.fromName)), sev), title("sms-subject"),
        h("ol", { class: "bubbles" }, h("li", { class: "bubble in" }, body(), h("time", null, when))), threadHost, expected);
    case "alert":
      return article("console", h("p", { class: "console-line" }, h("time", null, `[${when}]`), " ", h("span", { class: `console-sev sev-${d.severity}` }, t(`sev.${d.severity}`).toUpperCase()), " ", tx(d.fromName)),
        title("console-title"), h("div", { class: "console-body" }, body()), attachments, expected, threadHost);
    case "leak":
      return article("leak", h("header", { class: "leak-head" }, icon("leak", 20), h("span", null, tx(d.fromName)), h("span", { class: "leak-tag" }, t("read.leakSite"))),
        title("leak-title"), body(), attachments, h("p", { class: "leak-stamp" }, `${t("read.published")} ${when}`), threadHost);
    case "news":
      return article("article", h("header", { class: "masthead" }, tx(d.fromName)), h("p", { class: "dateline" }, `${when}${placeName ? ` · ${placeName}` : ""}`, sev),
        title("headline"), body(), quoted, attachments, expected, threadHost);
    case "tv":
      return article("bulletin", h("div", { class: "tv-screen" },
        h("p", { class: "tv-top" }, h("span", { class: "tv-channel" }, tx(d.fromName)), h("span", { class: "tv-live" }, icon("live", 12), " ", t("media.live"))),
        h("p", { class: "tv-breaking" }, t("media.breaking")), title("tv-title"),
        h("p", { class: "tv-time" }, when)), body(), quoted, expected, threadHost);
    case "social":
      return article("post", h("header", { class: "post-head" }, h("span", { class: "avatar", "aria-hidden": "true" }, initials(tx(d.fromName))),
        h("span", null, h("strong", null, tx(d.fromName)), h("span", { class: "handle" }, ` ${handle(tx(d.fromName))}`)), h("time", null, when)),
        title("post-title"), body(), quoted,
        d.shares !== undefined ? h("p", { class: "shares" }, h("strong", null, t("inbox.shares", { n: d.shares.toLocaleString() }))) : null, expected, threadHost);
    case "phone":
      if (d.call) {
        return article("call", kindLine(channel), title(), h("p", { class: "msg-head" }, `${t("inbox.from")} ${tx(d.fromName)} · ${when}`),
          callView(ctx, d, time), attachments, expected, threadHost);
      }
      return article("generic", kindLine(t("inbox.transcript")), title(),
        h("p", { class: "msg-head" }, `${t("inbox.from")} ${tx(d.fromName)} · ${channel} · ${when}`), body(), attachments, expected, threadHost);
    default:
      return article("generic", kindLine(channel), title(),
        h("p", { class: "msg-head" }, `${t("inbox.from")} ${tx(d.fromName)} · ${channel} · ${when}`), body(), attachments, expected, threadHost);
  }
}

/** The cell's words this delivery answers (a statement, a reply), quoted as the press would. */
export function quote(ctx: PlayCtx, d: DeliveryView): HTMLElement | null {
  const a = d.replyTo ? ctx.view.actions.find((x) => x.id === d.replyTo) : undefined;
  if (!a || typeof a.params.text !== "string") return null;
  return h("figure", { class: "cell-quote", "data-quote": "" },
    h("blockquote", null, h("p", null, `« ${a.params.text} »`)),
    h("figcaption", null, t(a.kind === "statement" ? "read.quoteStatement" : "read.quoteReply", { time: ctx.clock(a.at) })));
}

/** A note's reference: the number in its subject (« n° 412 »), else its rank among the official notes received. */
function officialRef(ctx: PlayCtx, d: DeliveryView): string {
  const n = /n[°º]\s*(\d[\w/.-]*)/i.exec(tx(d.subject))?.[1];
  if (n) return n;
  const rank = ctx.view.deliveries.filter((x) => x.channelKind === "official" && x.at <= d.at).findIndex((x) => x.id === d.id) + 1;
  return `${String(Math.max(1, rank)).padStart(3, "0")}/${ctx.clock(d.at).replace(/\D+/g, "").slice(-4)}`;
}

/** Where the exchanges about a message go: bubbles under an SMS, a list elsewhere. Filled by `renderThread`, in place. */
export function threadHostFor(d: DeliveryView): HTMLElement {
  return d.channelKind === "sms" ? h("ol", { class: "bubbles thread" }) : h("div", { class: "thread" });
}

export function renderThread(ctx: PlayCtx, host: HTMLElement, thread: Thread): void {
  if (host.tagName === "OL") {
    const items = [...thread.sent.map((a) => ({ at: a.at, out: true, text: String(a.params.text ?? ""), who: `${ctx.playerName(a.player)} (${ctx.roleName(a.role)})` })),
      ...thread.received.map((d) => ({ at: d.at, out: false, text: tx(d.body), who: tx(d.fromName) }))].sort((a, b) => a.at - b.at);
    host.replaceChildren(...items.map((m) => h("li", { class: `bubble ${m.out ? "out reply-sent" : "in reply-received"}` },
      h("span", { class: "sr-only" }, `${m.who} : `), h("p", { class: "pre" }, m.text), h("time", null, ctx.clock(m.at)))));
    return;
  }
  host.replaceChildren(...(thread.sent.length ? [h("h4", null, t("inbox.replies"))] : []),
    ...thread.sent.map((a) => h("div", { class: "reply-sent" }, h("strong", null, `${ctx.playerName(a.player)} (${ctx.roleName(a.role)}) — ${ctx.clock(a.at)}`), h("p", { class: "pre" }, String(a.params.text ?? "")))),
    ...thread.received.map((d) => h("div", { class: "reply-received" }, h("strong", null, `${tx(d.fromName)} — ${ctx.clock(d.at)}`), h("p", { class: "pre", "data-authored": "" }, tx(d.body)))));
}

export function initials(name: string): string {
  return name.split(/[\s'’-]+/).filter((w) => /^\p{L}/u.test(w)).slice(0, 2).map((w) => w[0].toUpperCase()).join("") || "?";
}

function handle(name: string): string {
  return `@${name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "").slice(0, 20)}`;
}
