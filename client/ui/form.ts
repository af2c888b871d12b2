import type { Param } from "../../shared/scenario/schema.js";
import type { ParamValue } from "../../shared/engine/types.js";
import type { Ack } from "../../shared/protocol.js";
import { colon, t, tx } from "../i18n/index.js";
import { refusal } from "../i18n/refusal-load.js";
import { drafts, type DraftValues } from "../net/store.js";
import { announce } from "./announce.js";
import { confirmAction } from "./confirm.js";
import type { BriefAction, PlayCtx } from "./context.js";
import { h, newId } from "./dom.js";
import { cue } from "./sound.js";

/**
 * A composer rendered generically from an action's parameter form. Built once
 * and never re-rendered by updates; every keystroke is saved as a draft
 * (cell + player + composer), which is cleared only when the server accepted
 * the action. Errors stay in the form, in French first.
 */
export interface FormOptions {
  ctx: PlayCtx;
  action: BriefAction;
  composer: string;
  fixed?: Record<string, ParamValue>;
  /** Optional parameters this composer does not ask for (a social post has no title). */
  omit?: string[];
  template?: DraftValues;
  replyTo?: string;
  title?: string | null;
  submitLabel?: string;
  rows?: number;
  personaFilter?: (p: PlayCtx["brief"]["personas"][number]) => boolean;
  numberRange?: [number, number];
  /** Suggested values for text fields (a datalist), by parameter id. */
  suggestions?: Record<string, string[]>;
  onDone?: (ack: Ack) => void;
  class?: string;
  /** Ask before sending (an accessible dialog): by default for an action that can be taken only once. */
  confirm?: boolean;
  /** Number parameters answered on a described scale (the self-assessment): one radio per value, with its words. */
  scales?: Record<string, { legend: string; levels: { value: number; label: string; text: string }[] }>;
}

export function actionForm(o: FormOptions): HTMLFormElement | null {
  const { ctx, action } = o;
  const roles = ctx.rolesFor(action);
  if (roles.length === 0) return null;
  const base = newId(`f-${action.id}`);
  const key = ctx.draftKey(o.composer);
  const draft = drafts.load(key);
  const initial: DraftValues = { ...(o.template ?? {}), ...(draft ?? {}) };
  const fields: { param: Param; read: () => ParamValue | undefined; el: HTMLElement; reset: (v: DraftValues[string] | undefined) => void }[] = [];
  const status = h("p", { class: "form-status", role: "status" });
  const form = h("form", { class: `action-form ${o.class ?? ""}`, "data-action": action.id, "data-composer": o.composer, novalidate: true });
  const titleText = o.title === undefined ? tx(action.name) : o.title;
  const titleId = `${base}--heading`;
  if (titleText) { form.append(h("h3", { class: "form-title", id: titleId }, titleText)); form.setAttribute("aria-labelledby", titleId); }
  else form.setAttribute("aria-label", tx(action.name));
  if (action.description) form.append(h("p", { class: "hint" }, tx(action.description)));

  let roleSelect: HTMLSelectElement | undefined;
  if (roles.length > 1) {
    const id = `${base}-as`;
    roleSelect = h("select", { id, name: "__role" }, roles.map((r) => h("option", { value: r, selected: initial.__role === r }, ctx.roleName(r))));
    form.append(h("div", { class: "field field-inline" }, h("label", { htmlFor: id }, t("form.as")), roleSelect));
  }

  for (const p of action.params) {
    if ((o.fixed && p.id in o.fixed) || (o.omit?.includes(p.id) && !p.required)) continue;
    const f = field(o, p, `${base}-${p.id}`, initial[p.id]);
    fields.push({ param: p, ...f });
    form.append(f.el);
  }
  const verb = o.submitLabel ?? verbFor(action);
  const submit = h("button", { type: "submit", class: "btn-primary" }, verb);
  form.append(h("div", { class: "form-actions" }, submit, status));

  const save = () => {
    const values: DraftValues = {};
    if (roleSelect) values.__role = roleSelect.value;
    for (const f of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>("[data-param]")) {
      const id = f.dataset.param!;
      if (f instanceof HTMLInputElement && f.type === "radio") { if (f.checked) values[id] = f.value; }
      else if (f instanceof HTMLInputElement && f.type === "checkbox" && f.dataset.multi) {
        const prev = (values[id] as string[] | undefined) ?? [];
        values[id] = f.checked ? [...prev, f.value] : prev;
      } else if (f instanceof HTMLInputElement && f.type === "checkbox") values[id] = f.checked;
      else values[id] = f.value;
    }
    drafts.save(key, values);
  };
  form.addEventListener("input", save);
  form.addEventListener("change", save);

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    status.className = "form-status";
    status.textContent = "";
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    if (!form.checkValidity()) {
      const bad = form.querySelector<HTMLElement>(":invalid");
      bad?.setAttribute("aria-invalid", "true");
      status.className = "form-status error";
      status.textContent = t("form.invalid");
      form.reportValidity();
      bad?.focus();
      return;
    }
    const params: Record<string, ParamValue> = { ...(o.fixed ?? {}) };
    for (const f of fields) {
      const v = f.read();
      if (v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) continue;
      params[f.param.id] = v;
    }
    const role = roleSelect?.value ?? roles[0];
    if (o.confirm ?? action.once) {
      const lines = fields.filter((f) => params[f.param.id] !== undefined).map((f) => `${tx(f.param.label)}${colon()}${shown(ctx, f.param, params[f.param.id])}`);
      const warnings = [t(action.once ? "decide.confirmOnce" : "decide.confirmEffects"), ...(roles.length > 1 ? [t("decide.confirmAs", { role: ctx.roleName(role) })] : [])];
      if (!await confirmAction({ title: t("decide.confirmTitle", { action: tx(action.name) }), verb, lines, warnings })) {
        status.textContent = t("decide.cancelled");
        announce(t("decide.cancelled"));
        return;
      }
    }
    submit.disabled = true;
    status.textContent = ctx.conn.status === "online" ? t("form.sending") : t("form.waiting");
    const ack = await ctx.act(role, action.id, params, o.replyTo);
    submit.disabled = false;
    if (ack.ok) {
      drafts.clear(key);
      for (const f of fields) f.reset(o.template?.[f.param.id]);
      status.className = "form-status ok";
      status.textContent = t("form.done");
      announce(t("form.doneAnnounce", { action: tx(action.name) }));
      cue("ok");
    } else {
      status.className = "form-status error";
      status.textContent = `${t("form.refused")} ${ackMessage(ack)}`;
      announce(`${t("form.refused")} ${ackMessage(ack)}`, true);
      cue("error");
    }
    o.onDone?.(ack);
  });
  return form;
}

/** The words on an action's button: a verb — the scenario action's own name (« Payer la rançon »), a verb for each built-in output, never « Enregistrer ». */
export function verbFor(action: BriefAction): string {
  const key = `verb.${action.id}`;
  return action.builtin && VERBS.has(key) ? t(key as never) : tx(action.name);
}
const VERBS = new Set(["logbook", "message", "statement", "notify", "decision", "task", "task_update", "stakeholder", "sitrep", "point", "hypothesis", "retex", "self_assessment", "chat"].map((id) => `verb.${id}`));

/** A parameter's value in words, for the confirmation. */
function shown(ctx: PlayCtx, p: Param, v: ParamValue): string {
  const opt = (id: unknown) => tx(p.options?.find((o) => o.id === id)?.label) || String(id);
  if (Array.isArray(v)) return v.map(opt).join(", ");
  if (typeof v === "boolean") return t(v ? "form.yes" : "form.no");
  if (p.type === "choice") return opt(v);
  if (p.type === "persona") return ctx.personaName(String(v));
  if (p.type === "role") return ctx.roleName(String(v));
  const s = String(v);
  return s.length > 160 ? `${s.slice(0, 159)}…` : s;
}

export function ackMessage(ack: Ack): string {
  if (ack.ok) return "";
  if (ack.code === "offline") return t("err.offline");
  if (ack.code === "timeout") return t("err.timeout");
  return refusal(ack);
}

function field(o: FormOptions, p: Param, id: string, value: DraftValues[string] | undefined): { el: HTMLElement; read: () => ParamValue | undefined; reset: (v: DraftValues[string] | undefined) => void } {
  const { ctx } = o;
  const label = tx(p.label);
  const req = p.required ? { required: true, "aria-required": "true" } : {};
  const lab = () => h("label", { htmlFor: id }, label, p.required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null);
  const wrap = (...c: (HTMLElement | null)[]) => h("div", { class: `field field-${p.type}` }, ...c);
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  switch (p.type) {
    case "longtext": {
      const el = h("textarea", { id, name: p.id, "data-param": p.id, rows: o.rows ?? 4, maxlength: p.max, ...req });
      el.value = str(value);
      return { el: wrap(lab(), el), read: () => el.value.trim(), reset: (v) => { el.value = str(v); } };
    }
    case "text": case "datetime": {
      const sugg = o.suggestions?.[p.id];
      const el = h("input", { id, name: p.id, type: "text", "data-param": p.id, maxlength: p.max, autocomplete: "off", ...req,
        placeholder: p.type === "datetime" ? "T+01:00" : undefined, value: str(value), list: sugg ? `${id}-list` : undefined });
      const dl = sugg ? h("datalist", { id: `${id}-list` }, sugg.map((x) => h("option", { value: x }))) : null;
      return { el: wrap(lab(), el, dl), read: () => el.value.trim(), reset: (v) => { el.value = str(v); } };
    }
    case "number": {
      const scale = o.scales?.[p.id];
      if (scale) {
        const radios = scale.levels.map((lv) => {
          const rid = `${id}-${lv.value}`;
          const r = h("input", { id: rid, type: "radio", name: p.id, value: String(lv.value), "data-param": p.id, ...req, checked: str(value) === String(lv.value) });
          return { r, el: h("div", { class: "scale-option" }, r, h("label", { htmlFor: rid }, h("strong", null, lv.label), " ", h("span", { class: "muted" }, lv.text))) };
        });
        const el = h("fieldset", { class: "field field-scale" }, h("legend", null, scale.legend, p.required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null), ...radios.map((x) => x.el));
        const picked = () => radios.find((x) => x.r.checked)?.r.value;
        return { el, read: () => (picked() === undefined ? undefined : Number(picked())), reset: (v) => { for (const x of radios) x.r.checked = str(v) === x.r.value; } };
      }
      const [min, max] = o.numberRange ?? [p.min, p.max];
      const el = h("input", { id, name: p.id, type: "number", inputmode: "numeric", "data-param": p.id, min, max, step: 1, ...req, value: str(value) });
      return { el: wrap(lab(), el), read: () => (el.value === "" ? undefined : Number(el.value)), reset: (v) => { el.value = str(v); } };
    }
    case "boolean": {
      const el = h("input", { id, name: p.id, type: "checkbox", "data-param": p.id, checked: value === true });
      return { el: h("div", { class: "field field-check" }, el, h("label", { htmlFor: id }, label)), read: () => el.checked, reset: (v) => { el.checked = v === true; } };
    }
    case "multichoice": {
      const chosen = new Set(Array.isArray(value) ? value : []);
      const boxes = (p.options ?? []).map((opt) => {
        const oid = `${id}-${opt.id}`;
        const box = h("input", { id: oid, type: "checkbox", name: p.id, value: opt.id, "data-param": p.id, "data-multi": "1", checked: chosen.has(opt.id) });
        return { box, el: h("span", { class: "check" }, box, h("label", { htmlFor: oid }, tx(opt.label))) };
      });
      const el = h("fieldset", { class: "field field-multichoice" }, h("legend", null, label), ...boxes.map((b) => b.el));
      return { el, read: () => boxes.filter((b) => b.box.checked).map((b) => b.box.value),
        reset: (v) => { const s = new Set(Array.isArray(v) ? v : []); for (const b of boxes) b.box.checked = s.has(b.box.value); } };
    }
    case "choice": case "persona": case "role": {
      let options: { id: string; label: string }[];
      if (p.type === "choice") options = (p.options ?? []).map((x) => ({ id: x.id, label: tx(x.label) }));
      else if (p.type === "role") options = ctx.brief.roles.map((r) => ({ id: r.id, label: tx(r.name) }));
      else {
        let personas = ctx.brief.personas;
        const filter = o.personaFilter ?? (o.action.kind === "notification" ? (x: (typeof personas)[number]) => x.authority : undefined);
        if (filter && personas.some(filter)) personas = personas.filter(filter);
        options = personas.map((x) => ({ id: x.id, label: `${tx(x.name)} (${t(`persona.${x.kind}` as never) || x.kind})` }));
      }
      const el = h("select", { id, name: p.id, "data-param": p.id, ...req },
        h("option", { value: "" }, p.required ? t("form.choose") : t("form.none")),
        options.map((x) => h("option", { value: x.id, selected: value === x.id }, x.label)));
      return { el: wrap(lab(), el), read: () => el.value, reset: (v) => { el.value = str(v); } };
    }
  }
}
