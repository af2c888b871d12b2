import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { formatPath, formatProblem, INTERNAL_ERROR, loadScenario, loadWithPositions } from "./load.js";
import { edit, MINI, only, pos, problems } from "./test-helpers.js";

describe("loadScenario: the fixture", () => {
  it("loads the small valid scenario without warnings, defaults applied", () => {
    const r = loadScenario(MINI, "mini.yaml");
    expect(r.ok ? r.warnings : r.problems).toEqual([]);
    if (!r.ok) return;
    expect(r.scenario.id).toBe("mini");
    expect(r.scenario.roles.map((x) => x.id)).toEqual(["directeur", "com"]);
    expect(r.scenario.gauges[0].max).toBe(100);
    expect(r.scenario.triggers[0].once).toBe(true);
  });

  it("accepts the same scenario written as JSON, with JSON positions", () => {
    const json = JSON.stringify(parse(MINI), null, 2);
    expect(loadScenario(json, "mini.json").ok).toBe(true);
    const bad = edit(json, `"initial": 60`, `"initial": "soixante"`);
    const p = only(problems(bad, "mini.json"), "gauges[0].initial");
    expect(p).toMatchObject({ file: "mini.json", ...pos(bad, `"soixante"`), severity: "error" });
    expect(p.message).toBe("attendu : un nombre ; reçu : le texte « soixante »");
  });
});

describe("loadScenario: the fast path", () => {
  const dir = join(import.meta.dirname, "../../scenarios");
  const files = [
    ...readdirSync(dir).filter((f) => f.endsWith(".yaml")).map((f) => ({ name: f, text: readFileSync(join(dir, f), "utf8") })),
    { name: "mini.yaml", text: MINI }, { name: "mini.json", text: JSON.stringify(parse(MINI)) },
    { name: "typed.yaml", text: edit(MINI, "id: mini", "id: mini\nversion: 0x2") },
  ];
  it.each(files)("gives exactly what the full path gives for $name", ({ name, text }) => {
    expect(loadScenario(text, name)).toEqual(loadWithPositions(text, name));
  });
  it("leaves aliases, merge keys, timestamps-like values and findings to the full path, with the same result", () => {
    const cases = [
      edit(edit(MINI, "  - id: debut\n", "  - &courriel\n    id: debut\n"), "  - id: fuite\n    channel: mail\n    from: journaliste\n", "  - <<: *courriel\n    id: fuite\n    from: journaliste\n"),
      edit(MINI, "from: cnil", "from: cnill"),
      edit(MINI, "id: mini", "id: 2026-11-27"),
      MINI + "\nid: encore\n",
    ];
    for (const text of cases) expect(loadScenario(text, "x.yaml")).toEqual(loadWithPositions(text, "x.yaml"));
  });
});

describe("loadScenario: YAML syntax", () => {
  it("reports a syntax error where it is, and nothing else", () => {
    const bad = edit(MINI, "  competencies: [C4.1, C4.2]", "  competencies: [C4.1, C4.2");
    const ps = problems(bad);
    expect(ps.length).toBeGreaterThan(0);
    expect(ps.every((p) => p.path === "(yaml)" && p.severity === "error")).toBe(true);
    expect(ps[0]).toMatchObject({ line: 9, col: 1 });
    expect(ps[0].message).toMatch(/^syntaxe YAML : indentation incorrecte/);
  });

  it("reports a duplicate key at the second key", () => {
    const bad = edit(MINI, "    initial: 60\n", "    initial: 60\n    initial: 70\n");
    const ps = problems(bad);
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ ...pos(bad, "initial: 70"), path: "(yaml)" });
    expect(ps[0].message).toContain("clé en double");
  });

  it("reports an alias without anchor at the alias", () => {
    const bad = edit(MINI, "from: cnil", "from: *cnil");
    const ps = problems(bad);
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ ...pos(bad, "*cnil"), path: "(yaml)" });
    expect(ps[0].message).toContain("« *cnil »");
  });

  it("accepts anchors and merge keys, and reads CRLF files with the same positions", () => {
    const merged = edit(edit(MINI, "  - id: debut\n", "  - &courriel\n    id: debut\n"), "  - id: fuite\n    channel: mail\n    from: journaliste\n", "  - <<: *courriel\n    id: fuite\n    from: journaliste\n");
    expect(problems(merged)).toEqual([]);
    const bad = edit(MINI, "from: cnil", "from: cnill");
    expect(problems(bad.replace(/\n/g, "\r\n"))).toEqual(problems(bad));
  });

  it("reports an empty file at 1:1", () => {
    expect(problems("")).toEqual([{ file: "s.yaml", line: 1, col: 1, path: "(racine)", severity: "error",
      message: "le fichier est vide : un scénario commence par « id: … », « meta: … »" }]);
  });
});

describe("loadScenario: shape", () => {
  it("reports a wrong type at the value, in French", () => {
    const bad = edit(MINI, "initial: 60", "initial: [60]");
    const p = only(problems(bad), "gauges[0].initial");
    expect(p).toMatchObject(pos(bad, "[60]"));
    expect(p.message).toBe("attendu : un nombre ; reçu : une liste");
  });

  it("says how to write a duration written as a bare number", () => {
    const bad = edit(MINI, `deadline: "02:00"`, "deadline: 120");
    const p = only(problems(bad), "expectations[0].deadline");
    expect(p).toMatchObject(pos(bad, "120"));
    expect(p.message).toContain("une durée s'écrit entre guillemets");
  });

  it("reports an unknown key at the key itself, with the closest known key", () => {
    const bad = edit(MINI, "    fallback: directeur", "    fallbak: directeur");
    const p = only(problems(bad), "roles[1].fallbak");
    expect(p).toMatchObject(pos(bad, "fallbak"));
    expect(p.message).toBe("clé inconnue « fallbak » (vouliez-vous dire « fallback » ?)");
  });

  it("lists the possible keys when nothing is close", () => {
    const bad = edit(MINI, "        - after: \"T+01:00\"", "        - zzz: \"T+01:00\"");
    const ps = problems(bad);
    const p = only(ps, "triggers[0].when.all[0].zzz");
    expect(p).toMatchObject(pos(bad, "zzz"));
    expect(p.message).toContain("clés possibles : all, any, not, after, before");
    // The « exactly one key » rule is not repeated for a condition whose only key is unknown.
    expect(ps).toHaveLength(1);
  });

  it("points a missing key at the object that lacks it", () => {
    const bad = edit(MINI, "    channel: tel\n", "");
    const p = only(problems(bad), "injects[1].channel");
    expect(p).toMatchObject(pos(bad, "id: appel"));
    expect(p.message).toBe("clé « channel » obligatoire manquante (attendu : un texte)");
  });

  it("points an empty value at its key", () => {
    const bad = edit(MINI, "    name: Le Progrès", "    name:");
    const p = only(problems(bad), "personas[0].name");
    expect(p).toMatchObject(pos(bad, "name:\n    kind: media"));
    expect(p.message).toBe("attendu : un texte ou un objet { fr, en } ; reçu : une valeur vide");
  });

  it("resolves a union to the branch the author meant", () => {
    const bad = edit(MINI, "    subject: Incident", "    subject: { fr: \"\" }");
    const p = only(problems(bad), "injects[0].subject.fr");
    expect(p).toMatchObject(pos(bad, `""`));
    expect(p.message).toBe("le texte ne peut pas être vide");
    const to = edit(MINI, "    to: [directeur]", "    to: directeur");
    expect(only(problems(to), "injects[0].to").message).toBe("attendu : « all » ou une liste ; reçu : le texte « directeur »");
  });

  it("keeps the schema's own messages and names enum values", () => {
    const bad = edit(edit(MINI, "  - id: com\n", "  - id: Com\n"), "kind: media", "kind: journal");
    const ps = problems(bad);
    expect(only(ps, "roles[1].id").message).toMatch(/^identifiant attendu : minuscules/);
    expect(only(ps, "roles[1].id")).toMatchObject(pos(bad, "id: Com\n", 4));
    expect(only(ps, "personas[0].kind").message).toContain("valeurs possibles : media, authority, state");
  });

  it("reports the problems of every part at once, sorted by position", () => {
    const bad = edit(edit(MINI, "initial: 60", "initial: x"), "  clockStart: \"08:00\"", "  clockStart: \"8h\"\n  colour: red");
    const ps = problems(bad);
    expect(ps.map((p) => p.path)).toEqual(["meta.clockStart", "meta.colour", "gauges[0].initial"]);
    expect(ps[0].message).toBe("heure invalide « 8h » : attendu HH:MM (ex. « 08:00 »)");
    expect(ps.map((p) => p.line)).toEqual([...ps.map((p) => p.line)].sort((a, b) => a - b));
  });

  it("does not run the semantic checks while the shape is wrong", () => {
    const bad = edit(edit(MINI, "from: cnil", "from: nobody"), "initial: 60", "initial: x");
    expect(problems(bad).map((p) => p.path)).toEqual(["gauges[0].initial"]);
  });
});

describe("formatting", () => {
  it("formats a problem as file:line:col path: message", () => {
    expect(formatProblem({ file: "a.yaml", line: 3, col: 7, path: "injects[3].channel", message: "canal inconnu « x »", severity: "error" }))
      .toBe("a.yaml:3:7 injects[3].channel: canal inconnu « x »");
    expect(formatProblem({ file: "a.yaml", line: 1, col: 2, path: "roles[0].id", message: "m", severity: "warning" }))
      .toBe("a.yaml:1:2 roles[0].id: warning: m");
  });

  it("formats paths the way the YAML reads", () => {
    expect(formatPath([])).toBe("(racine)");
    expect(formatPath(["injects", 3, "channel"])).toBe("injects[3].channel");
    expect(formatPath(["triggers", 0, "when", "action", "where", "to do"])).toBe('triggers[0].when.action.where["to do"]');
  });

  it("turns absurd nesting into a problem, not an exception", () => {
    const deep = `${"{ not: ".repeat(3000)}{ after: "T+00:00" }${" }".repeat(3000)}`;
    const text = edit(MINI, "      all:\n        - after: \"T+01:00\"\n        - not: { action: { kind: statement } }", `      not: ${deep}`);
    const ps = problems(text);
    // Where the stack runs out depends on the caller's depth: one or more problems, all saying why.
    expect(ps.length).toBeGreaterThan(0);
    for (const p of ps) {
      expect(p.message).toContain("imbriqué trop profondément");
      expect(p.message).not.toContain(INTERNAL_ERROR);
    }
  });
});

describe("YAML errors in the author's language", () => {
  it("an unquoted French « : » gets a French message with the quoted fix, and no English", () => {
    const r = loadScenario("id: x\nmeta:\n  title: Alerte : serveurs chiffrés\n", "s.yaml");
    expect(r.ok).toBe(false);
    const p = (r as { problems: { message: string; line: number }[] }).problems[0];
    expect(p.line).toBe(3);
    expect(p.message).toBe("syntaxe YAML : « : » dans une valeur sans guillemets — YAML y voit une nouvelle clé. Mettez la valeur entre guillemets : « title: \"Alerte : serveurs chiffrés\" »");
    expect(p.message).not.toMatch(/mapping|allowed|Nested/i);
  });
});
