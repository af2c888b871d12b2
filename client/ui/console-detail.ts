import { formatClock, parseDuration } from "../../shared/scenario/time.js";
import type { ActionRecord } from "../../shared/engine/types.js";
import { list, t, tx } from "../i18n/index.js";
import type { Changed } from "../net/apply.js";
import type { CellConnection } from "../net/cell.js";
import { drafts } from "../net/store.js";
import { announce } from "./announce.js";
import { h, keyedList, newId, tabs } from "./dom.js";
import { icon } from "./icons.js";
import { ackMessage } from "./form.js";
import { persistForm } from "./persist.js";
import { trackerStatus } from "./console-start.js";

/**
 * The instructor's tools for one cell: the inbox of player outputs addressed
 * to outside actors, each answerable as its persona; the improvised inject
 * composer; the live expectation tracker; upcoming injects (send now,
 * cancel); annotations. Composers keep their drafts like the players' do.
 */
const OUTGOING = new Set(["message", "notification", "statement"]);

export function cellDetail(conn: CellConnection, staffKey: string, instructor: boolean, cellName: string) {
  const v = () => conn.view!;
  const b = () => conn.brief!;
  const clock = (s: number) => formatClock(s, v().clockStart);
  const roleName = (id: string) => tx(b().roles.find((r) => r.id === id)?.name) || id;
  const personaName = (id: string) => tx(b().personas.find((p) => p.id === id)?.name) || id;
  const playerName = (id: string) => v().players.find((p) => p.id === id)?.name ?? id;
  // Drafts were kept under "animator" before the glossary's word (instructor): moved on first read.
  const draftKey = (k: string) => drafts.moved(drafts.key(`staff.${staffKey}`, "animator", k), drafts.key(`staff.${staffKey}`, "instructor", k));

  // ---- Instructor inbox ----
  const inbox = h("ol", { class: "feed instructor-inbox" });
  const answered = (a: ActionRecord) => v().deliveries.some((d) => d.replyTo === a.id);
  const replyForm = (a: ActionRecord) => {
    const key = draftKey(`reply.${a.id}`);
    const ids = { from: newId(), ch: newId(), subj: newId(), body: newId() };
    const status = h("p", { class: "form-status", role: "status" });
    const to = typeof a.params.to === "string" ? a.params.to : b().personas.find((p) => p.kind === "media")?.id ?? b().personas[0]?.id;
    const form = h("form", { class: "action-form compact", "aria-label": t("personaDesk.replyAs") },
      h("div", { class: "row" },
        h("div", { class: "field" }, h("label", { htmlFor: ids.from }, t("personaDesk.as")),
          h("select", { id: ids.from, name: "from", required: true }, b().personas.map((p) => h("option", { value: p.id, selected: p.id === to }, tx(p.name))))),
        h("div", { class: "field" }, h("label", { htmlFor: ids.ch }, t("personaDesk.channel")),
          h("select", { id: ids.ch, name: "channel" }, b().channels.map((c) => h("option", { value: c.id, selected: c.kind === (a.kind === "notification" ? "official" : "mail") }, tx(c.name)))))),
      h("div", { class: "field" }, h("label", { htmlFor: ids.subj }, t("personaDesk.subject")), h("input", { id: ids.subj, name: "subject", required: true, maxlength: 200, value: `RE: ${String(a.params.subject ?? a.params.title ?? tx(b().actions.find((x) => x.id === a.action)?.name)).replace(/^(RE:\s*)+/i, "")}`.slice(0, 200) })),
      h("div", { class: "field" }, h("label", { htmlFor: ids.body }, t("personaDesk.body")), h("textarea", { id: ids.body, name: "body", rows: 3, required: true, maxlength: 12000 })),
      h("div", { class: "form-actions" }, h("button", { type: "submit", class: "btn-primary" }, t("personaDesk.send")), status));
    const p = persistForm(form, key);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (!form.checkValidity()) { form.reportValidity(); return; }
      const fd = new FormData(form);
      const ack = await conn.command({ type: "improvise", channel: String(fd.get("channel")), from: String(fd.get("from")), to: [a.role],
        subject: String(fd.get("subject")), body: String(fd.get("body")), replyTo: a.id, severity: "info" });
      status.textContent = ack.ok ? t("form.done") : `${t("form.refused")} ${ackMessage(ack)}`;
      status.className = `form-status ${ack.ok ? "ok" : "error"}`;
      if (ack.ok) { p.clear(); form.reset(); announce(t("personaDesk.sent")); }
    });
    return form;
  };
  const renderInbox = () => {
    const items = v().actions.filter((a) => OUTGOING.has(a.kind)).slice().reverse();
    if (items.length === 0) { inbox.replaceChildren(h("li", { class: "muted empty" }, t("personaDesk.empty"))); return; }
    inbox.querySelector(".empty")?.remove();
    keyedList(inbox, items, (a) => a.id, (a) => `${answered(a)}`, (a) => {
      const target = a.kind === "statement" ? t("personaDesk.public") : personaName(String(a.params.to ?? ""));
      return h("li", { class: `feed-item ${answered(a) ? "answered" : "unanswered"}`, "data-out": a.id },
        h("p", { class: "feed-head" }, h("strong", null, `${t(`kind.${a.kind}` as never)} → ${target}`), ` · ${clock(a.at)} · ${playerName(a.player)} (${roleName(a.role)})`,
          answered(a) ? h("span", { class: "tag tag-ok" }, t("personaDesk.answered")) : null),
        a.params.form ? h("p", { class: "muted" }, String(a.params.form)) : null,
        a.params.subject || a.params.title ? h("p", null, h("strong", null, String(a.params.subject ?? a.params.title))) : null,
        h("p", { class: "pre clamp" }, String(a.params.text ?? "")),
        instructor ? h("details", null, h("summary", null, t("personaDesk.replyAs")), replyForm(a)) : null);
    });
  };

  // ---- Improvised inject ----
  const improvise = (() => {
    const ids = { ch: newId(), from: newId(), subj: newId(), body: newId(), sev: newId(), within: newId(), label: newId(), then: newId(), hint: newId() };
    const status = h("p", { class: "form-status", role: "status" });
    const form = h("form", { class: "action-form", "aria-labelledby": "improvise-title" },
      h("h3", { id: "improvise-title" }, t("personaDesk.improvise")),
      h("div", { class: "row" },
        h("div", { class: "field" }, h("label", { htmlFor: ids.ch }, t("personaDesk.channel")), h("select", { id: ids.ch, name: "channel", required: true }, b().channels.map((c) => h("option", { value: c.id }, tx(c.name))))),
        h("div", { class: "field" }, h("label", { htmlFor: ids.from }, t("personaDesk.as")), h("select", { id: ids.from, name: "from", required: true }, b().personas.map((p) => h("option", { value: p.id }, tx(p.name))))),
        h("div", { class: "field" }, h("label", { htmlFor: ids.sev }, t("personaDesk.severity")), h("select", { id: ids.sev, name: "severity" }, ["info", "warning", "critical"].map((s) => h("option", { value: s }, t(`sev.${s}` as never)))))),
      h("fieldset", { class: "field field-multichoice" }, h("legend", null, t("personaDesk.to")),
        b().roles.map((r) => { const id = newId(); return h("span", { class: "check" }, h("input", { type: "checkbox", id, name: "to", value: r.id }), h("label", { htmlFor: id }, tx(r.name))); })),
      h("div", { class: "field" }, h("label", { htmlFor: ids.subj }, t("personaDesk.subject")), h("input", { id: ids.subj, name: "subject", required: true, maxlength: 200 })),
      h("div", { class: "field" }, h("label", { htmlFor: ids.body }, t("personaDesk.body")), h("textarea", { id: ids.body, name: "body", rows: 4, required: true, maxlength: 12000 })),
      // A reply deadline, as the scenario's injects may carry one: a countdown for the roles it reaches.
      h("fieldset", { class: "field improvise-deadline" }, h("legend", null, t("personaDesk.deadline")),
        h("div", { class: "row" },
          h("div", { class: "field" }, h("label", { htmlFor: ids.within }, t("personaDesk.within")),
            h("input", { id: ids.within, name: "within", inputmode: "text", autocomplete: "off", placeholder: "00:30", "aria-describedby": ids.hint, maxlength: 12 })),
          h("div", { class: "field" }, h("label", { htmlFor: ids.label }, t("personaDesk.deadlineLabel")), h("input", { id: ids.label, name: "label", maxlength: 200 }))),
        h("p", { id: ids.hint, class: "muted small" }, t("personaDesk.withinHint")),
        h("div", { class: "field" }, h("label", { htmlFor: ids.then }, t("personaDesk.deadlineThen")), h("input", { id: ids.then, name: "then", maxlength: 500 }))),
      h("div", { class: "form-actions" }, h("button", { type: "submit", class: "btn-primary" }, t("personaDesk.push")), status));
    const p = persistForm(form, draftKey("improvise"));
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const fd = new FormData(form);
      const to = fd.getAll("to").map(String);
      if (!form.checkValidity() || to.length === 0) { status.className = "form-status error"; status.textContent = to.length ? t("form.invalid") : t("personaDesk.pickRoles"); form.reportValidity(); return; }
      const withinText = String(fd.get("within") ?? "").trim();
      const within = withinText ? parseDuration(withinText) : undefined;
      if (within === null) { status.className = "form-status error"; status.textContent = t("personaDesk.withinBad"); form.querySelector<HTMLInputElement>(`#${ids.within}`)?.focus(); return; }
      const label = String(fd.get("label") ?? "").trim(), then = String(fd.get("then") ?? "").trim();
      const ack = await conn.command({ type: "improvise", channel: String(fd.get("channel")), from: String(fd.get("from")), to, subject: String(fd.get("subject")),
        body: String(fd.get("body")), severity: String(fd.get("severity")) as "info" | "warning" | "critical",
        ...(within !== undefined ? { deadline: { within, ...(label ? { label } : {}), ...(then ? { consequence: then } : {}) } } : {}) });
      status.className = `form-status ${ack.ok ? "ok" : "error"}`;
      status.textContent = ack.ok ? t("personaDesk.pushed") : `${t("form.refused")} ${ackMessage(ack)}`;
      if (ack.ok) { p.clear(); form.reset(); announce(t("personaDesk.pushed")); }
    });
    return form;
  })();

  // ---- Expectation tracker ----
  const evidence = (id: string) => {
    const a = v().actions.find((x) => x.id === id);
    if (a) return `${clock(a.at).slice(4)} — ${playerName(a.player)} (${roleName(a.role)}) — ${tx(b().actions.find((x) => x.id === a.action)?.name)}`;
    const d = v().deliveries.find((x) => x.id === id);
    return d ? `${tx(d.subject)} (${clock(d.at).slice(4)})` : "—";
  };
  const tracker = h("tbody");
  const shown = (e: { status: string; startedAt?: number }) => trackerStatus(e, v().status);
  const renderTracker = () => {
    const exps = v().expectations ?? [];
    keyedList(tracker, exps, (e) => e.id, (e) => `${shown(e)}|${e.dueAt}|${e.evidence.join()}`, (e) => h("tr", { class: `st-${shown(e)}` },
      h("td", null, e.competency), h("th", { scope: "row" }, tx(e.title), e.critical ? h("span", { class: "tag tag-critical", title: t("cell.criticalDeadline") }, icon("star", 12), h("span", { class: "sr-only" }, t("cell.criticalDeadline"))) : null),
      h("td", null, h("span", { class: `status st-${shown(e)}` }, t(`exp.${shown(e)}` as never))),
      h("td", null, e.dueAt !== undefined ? clock(e.dueAt) : "—"), h("td", null, e.resolvedAt !== undefined ? clock(e.resolvedAt) : "—"),
      h("td", null, list(e.evidence.map(evidence), "semicolon") || "—")));
  };

  // ---- Upcoming injects ----
  const pending = h("ol", { class: "feed" });
  const renderPending = () => {
    const items = v().pending ?? [];
    if (items.length === 0) { pending.replaceChildren(h("li", { class: "muted empty" }, t("personaDesk.noPending"))); return; }
    pending.querySelector(".empty")?.remove();
    keyedList(pending, items, (p) => p.key, (p) => `${p.at}`, (p) => h("li", { class: "feed-item" },
      h("p", { class: "feed-head" }, h("strong", null, tx(p.subject)), ` · ${clock(p.at)} → ${p.to.map(roleName).join(", ")}`),
      instructor ? h("div", { class: "row" },
        h("button", { type: "button", class: "btn-small", onclick: async () => { const a = await conn.command({ type: "inject_now", inject: p.inject }); announce(a.ok ? t("personaDesk.sentNow") : ackMessage(a), !a.ok); } }, t("personaDesk.sendNow")),
        h("button", { type: "button", class: "btn-small btn-danger", onclick: async () => { const a = await conn.command({ type: "cancel", inject: p.inject }); announce(a.ok ? t("personaDesk.cancelled") : ackMessage(a), !a.ok); } }, t("personaDesk.cancel"))) : null));
  };

  // ---- Annotations ----
  const note = (() => {
    const id = newId(), cid = newId();
    const status = h("p", { class: "form-status", role: "status" });
    const form = h("form", { class: "action-form compact", "aria-labelledby": "note-title" },
      h("h3", { id: "note-title" }, t("personaDesk.annotate")),
      h("div", { class: "field" }, h("label", { htmlFor: cid }, t("debrief.competency")), h("select", { id: cid, name: "competency" }, h("option", { value: "" }, "—"), ["C4.1", "C4.2", "C4.3", "C4.4"].map((c) => h("option", { value: c }, c)))),
      h("div", { class: "field" }, h("label", { htmlFor: id }, t("personaDesk.note")), h("textarea", { id, name: "text", rows: 2, required: true, maxlength: 4000 })),
      h("div", { class: "form-actions" }, h("button", { type: "submit", class: "btn-secondary" }, t("personaDesk.addNote")), status));
    const p = persistForm(form, draftKey("note"));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (!form.checkValidity()) { form.reportValidity(); return; }
      const fd = new FormData(form);
      void conn.annotate(v().time, String(fd.get("text")), (String(fd.get("competency")) || undefined) as never).then((ack) => {
        status.className = `form-status ${ack.ok ? "ok" : "error"}`;
        status.textContent = ack.ok ? t("personaDesk.noted") : `${t("form.refused")} ${ackMessage(ack)}`;
        if (ack.ok) { p.clear(); form.reset(); }
      });
    });
    return form;
  })();

  const box = tabs(t("console.detail"), [
    { id: "instructor", label: t("personaDesk.inbox"), panel: h("div", { class: "panel" }, inbox) },
    ...(instructor ? [{ id: "improvise", label: t("personaDesk.improviseTab"), panel: h("div", { class: "panel" }, improvise) }] : []),
    { id: "tracker", label: t("personaDesk.tracker"), panel: h("div", { class: "panel" }, h("table", { class: "tracker" },
      h("caption", { class: "sr-only" }, t("personaDesk.tracker")),
      h("thead", null, h("tr", null, ...["debrief.competency", "personaDesk.expectation", "personaDesk.status", "debrief.due", "personaDesk.settled", "debrief.evidence"].map((k) => h("th", { scope: "col" }, t(k as never))))), tracker)) },
    { id: "pending", label: t("personaDesk.pending"), panel: h("div", { class: "panel" }, pending) },
    { id: "notes", label: t("personaDesk.notes"), panel: h("div", { class: "panel" }, note) },
  ]);
  renderInbox(); renderTracker(); renderPending();
  return {
    el: h("div", { class: "cell-detail" }, h("h2", { tabindex: -1 }, t("console.toolsFor", { name: cellName })), box.el),
    update: (changed: Set<Changed>) => {
      if (changed.has("actions") || changed.has("deliveries")) renderInbox();
      renderTracker();
      renderPending();
    },
    dispose: () => undefined as void,
  };
}
