import { drafts, type DraftValues } from "../net/store.js";

/**
 * Keep every named field of a hand-built form (console composers) in
 * localStorage as the user types; restore it when the form is built again;
 * `clear()` after the server accepted it.
 */
export function persistForm(form: HTMLFormElement, key: string): { clear: () => void } {
  const fields = () => Array.from(form.elements).filter((e): e is HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement =>
    (e instanceof HTMLInputElement || e instanceof HTMLTextAreaElement || e instanceof HTMLSelectElement) && !!e.name);
  const saved = drafts.load(key);
  if (saved) {
    for (const f of fields()) {
      const v = saved[f.name];
      if (v === undefined) continue;
      if (f instanceof HTMLInputElement && f.type === "checkbox") f.checked = Array.isArray(v) ? v.includes(f.value) : v === true;
      else if (typeof v === "string") f.value = v;
    }
  }
  const save = () => {
    const values: DraftValues = {};
    for (const f of fields()) {
      if (f instanceof HTMLInputElement && f.type === "checkbox") {
        const prev = values[f.name];
        values[f.name] = [...(Array.isArray(prev) ? prev : []), ...(f.checked ? [f.value] : [])];
      } else values[f.name] = f.value;
    }
    drafts.save(key, values);
  };
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  return { clear: () => drafts.clear(key) };
}
