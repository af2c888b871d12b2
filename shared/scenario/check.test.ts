import { describe, expect, it } from "vitest";
import { loadScenario } from "./load.js";
import { checkScenario } from "./check.js";
import { edit, MINI, only, pos, problems } from "./test-helpers.js";

const WHEN = `    when:
      all:
        - after: "T+01:00"
        - not: { action: { kind: statement } }
`;
/** The fixture with the trigger's condition replaced (flow YAML on one line). */
const when = (flow: string, text = MINI) => edit(text, WHEN, `    when: ${flow}\n`);
/** The fixture with YAML inserted before a top-level key. */
const before = (key: string, yaml: string, text = MINI) => edit(text, `\n${key}:\n`, `\n${yaml}${key}:\n`);
const errors = (text: string) => problems(text).filter((p) => p.severity === "error");
const warnings = (text: string) => problems(text).filter((p) => p.severity === "warning");

const ACTIONS = `actions:
  - id: isoler
    kind: decision
    name: Isoler le réseau
    roles: [directeur]
    once: true
`;

describe("references and ids", () => {
  it("reports an unknown reference at the id, with the closest declared id", () => {
    const bad = edit(MINI, "from: cnil", "from: cnill");
    const p = only(errors(bad), "injects[0].from");
    expect(p).toMatchObject(pos(bad, "cnill"));
    expect(p.message).toBe("persona inconnue « cnill » (vouliez-vous dire « cnil » ?)");
  });

  it("reports a duplicate id at the second one", () => {
    const bad = edit(MINI, "  - id: appel", "  - id: debut");
    const p = only(errors(bad), "injects[1].id");
    expect(p).toMatchObject(pos(bad, "  - id: debut\n    at: \"J+0", 8));
    expect(p.message).toBe("identifiant « debut » en double : déjà utilisé par un autre inject (injects[0])");
  });

  it("checks ids inside a gauge, an action and a parameter", () => {
    const bad = before("expectations", `${ACTIONS}    params:
      - { id: mode, label: Mode, type: choice, options: [{ id: a, label: A }, { id: a, label: B }] }
      - { id: mode, label: Mode 2, type: text }
`);
    const ps = errors(bad);
    expect(only(ps, "actions[0].params[0].options[1].id").message).toContain("en double");
    expect(only(ps, "actions[0].params[1].id").message).toContain("en double");
  });

  it("reports a fallback cycle once", () => {
    const bad = edit(MINI, "    required: true\n", "    required: true\n    fallback: com\n");
    const ps = errors(bad);
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ path: "roles[0].fallback", ...pos(bad, "fallback: com", 10) });
    expect(ps[0].message).toBe("boucle de `fallback` : directeur → com → directeur");
  });

  it("resolves every kind of reference", () => {
    const bad = before("expectations", `${ACTIONS}    channel: fax
    to: cnl
    approval: boss
`, edit(edit(MINI, "    kind: media\n", "    kind: media\n    place: lyon\n"), "  - inject: fuite\n        delay: 10m", "  - cancel: silence"));
    const paths = errors(bad).map((p) => `${p.path}: ${p.message}`);
    expect(paths).toContain("personas[0].place: lieu inconnu « lyon » (lieux déclarés : liste vide)");
    expect(paths).toContain("triggers[0].then[0].cancel: `cancel` annule un inject en attente : « silence » n'est pas un inject (injects déclarés : debut, appel, fuite)");
    expect(paths).toContain("actions[0].channel: canal inconnu « fax » (canaux déclarés : mail, tel)");
    expect(paths).toContain("actions[0].to: persona inconnue « cnl » (vouliez-vous dire « cnil » ?)");
    expect(paths).toContain("actions[0].approval: rôle inconnu « boss » (rôles déclarés : directeur, com)");
  });

  it("checks ids inside conditions: actions, kinds, parameters and their values", () => {
    const bad = when(`{ any: [ { action: { id: notfy } }, { action: { kind: staetment } }, { action: { id: notify, kind: statement } },
      { action: { id: statement, where: { audience: press, colour: red } } }, { action: { kind: notification, where: { to: journaliste } } } ] }`);
    const ps = problems(bad);
    expect(only(ps, "triggers[0].when.any[0].action.id").message).toBe("action inconnue « notfy » (vouliez-vous dire « notify » ?)");
    expect(only(ps, "triggers[0].when.any[1].action.kind").message).toBe("type d'action inconnu « staetment » (vouliez-vous dire « statement » ?)");
    expect(only(ps, "triggers[0].when.any[2].action.kind").message).toBe("l'action « notify » est de type « notification », pas « statement »");
    expect(only(ps, "triggers[0].when.any[3].action.where.audience").message).toContain("« press » n'est pas une option du paramètre « audience »");
    expect(only(ps, "triggers[0].when.any[3].action.where.colour")).toMatchObject({ ...pos(bad, "colour: red", 8), severity: "error" });
    expect(only(ps, "triggers[0].when.any[4].action.where.to")).toMatchObject({ severity: "warning",
      message: "« journaliste » n'est pas une autorité (`authority: true`) : les joueurs ne peuvent pas la notifier" });
  });

  it("resolves the map, the stakeholders and the ids in every kind of condition", () => {
    const map = before("phases", "places:\n  - { id: lyon, name: Lyon, lat: 45.76, lon: 4.83 }\nlinks:\n  - { from: lyon, to: cnl }\nstakeholders: [journaliste, presse]\n");
    const ps = errors(map);
    expect(only(ps, "links[0].to").message).toBe("lieu ou persona inconnu « cnl » (vouliez-vous dire « cnil » ?)");
    expect(only(ps, "stakeholders[1]")).toMatchObject({ ...pos(map, "presse]"), message: "persona inconnue « presse » (personas déclarées : journaliste, cnil)" });
    const conds = when(`{ any: [ { role: { id: comm } }, { gauge: { id: confianse, below: 10 } }, { phase: [alerte, crize] }, { expectation: { id: notifer, status: met } }, { delivered: { inject: debutt, for: "01:00" } } ] }`);
    const cs = errors(conds);
    expect(only(cs, "triggers[0].when.any[0].role.id").message).toBe("rôle inconnu « comm » (vouliez-vous dire « com » ?)");
    expect(only(cs, "triggers[0].when.any[1].gauge.id").message).toBe("jauge inconnue « confianse » (vouliez-vous dire « confiance » ?)");
    expect(only(cs, "triggers[0].when.any[2].phase[1]").message).toBe("phase inconnue « crize » (vouliez-vous dire « crise » ?)");
    expect(only(cs, "triggers[0].when.any[3].expectation.id").message).toBe("attente inconnue « notifer » (vouliez-vous dire « notifier » ?)");
    expect(only(cs, "triggers[0].when.any[4].delivered.inject").message).toBe("inject inconnu « debutt » (vouliez-vous dire « debut » ?)");
    const start = edit(MINI, "start: { inject: debut }", "start: { action: notifyy }");
    expect(only(errors(start), "expectations[0].start.action").message).toBe("action inconnue « notifyy » (vouliez-vous dire « notify » ?)");
  });

  it("reports an expectation that depends on its own status", () => {
    const bad = edit(MINI, "      action: { id: notify, where: { to: cnil } }", "      any: [ { action: { id: notify } }, { expectation: { id: notifier, status: met } } ]");
    expect(only(errors(bad), "expectations[0].condition.any[1].expectation.id").message).toBe("une attente ne peut pas dépendre de son propre statut");
  });
});

describe("times", () => {
  it("reports a malformed time with how to write it", () => {
    const bad = edit(MINI, `at: "T+00:10"`, `at: "T+00h10"`);
    const p = only(errors(bad), "injects[0].at");
    expect(p).toMatchObject(pos(bad, `"T+00h10"`));
    expect(p.message).toBe("heure invalide « T+00h10 » : écrivez « T+01:30 » ou « J+1 08:00 »");
    expect(only(errors(edit(MINI, `at: "T+00:10"`, `at: "00:10"`)), "injects[0].at").message).toContain("s'écrit « T+00:10 »");
  });

  it("reports a time after the end of the scenario", () => {
    const bad = edit(MINI, `at: "T+00:10"`, `at: "T+05:00"`);
    const p = only(errors(bad), "injects[0].at");
    expect(p).toMatchObject(pos(bad, `"T+05:00"`));
    expect(p.message).toBe("« T+05:00 » est après la fin du scénario (T+04:00)");
  });

  it("reads J+ times on the scenario clock", () => {
    expect(problems(edit(MINI, `at: "J+0 09:00"`, `at: "J+0 11:59"`))).toEqual([]);
    const early = edit(MINI, `at: "J+0 09:00"`, `at: "J+0 07:00"`);
    expect(only(errors(early), "injects[1].at").message).toBe("« J+0 07:00 » tombe avant le début du scénario (T+0 est J+0 08:00)");
    const late = edit(MINI, `at: "J+0 09:00"`, `at: "J+0 12:01"`);
    expect(only(errors(late), "injects[1].at").message).toBe("« J+0 12:01 » (T+04:01) est après la fin du scénario (T+04:00)");
  });

  it("reports lateUntil not after the deadline, and lateUntil without deadline", () => {
    const bad = edit(MINI, `lateUntil: "03:00"`, `lateUntil: "01:00"`);
    const p = only(errors(bad), "expectations[0].lateUntil");
    expect(p).toMatchObject(pos(bad, `"01:00"`));
    expect(p.message).toBe("`lateUntil` (01:00) doit être plus long que `deadline` (02:00)");
    const alone = edit(MINI, `    deadline: "02:00"\n`, "");
    expect(only(errors(alone), "expectations[0].lateUntil").message).toBe("`lateUntil` prolonge un délai : ajoutez `deadline`");
  });

  it("reports malformed durations and delays longer than the scenario", () => {
    const bad = edit(MINI, "delay: 10m", `delay: "T+00:10"`);
    expect(only(errors(bad), "triggers[0].then[0].delay").message).toContain("une durée s'écrit sans « T+ »");
    const long = edit(MINI, "delay: 10m", "delay: 5h");
    expect(only(errors(long), "triggers[0].then[0].delay").message).toBe("délai plus long que le scénario (04:00) : l'inject n'arrivera jamais");
  });

  it("reports `within` without `since`, and warns about a deadline after the end", () => {
    const bad = when(`{ action: { kind: statement, within: "01:00" } }`);
    expect(only(errors(bad), "triggers[0].when.action.within").message).toBe("`within` compte à partir de la remise d'un inject : ajoutez `since`");
    const late = edit(edit(MINI, "    start: { inject: debut }\n", `    start: "T+03:00"\n`), `    lateUntil: "03:00"\n`, "");
    expect(only(warnings(late), "expectations[0].deadline").message).toBe("le délai expire à T+05:00, après la fin du scénario (T+04:00)");
  });
});

describe("gauges", () => {
  it("checks range, initial value, thresholds and `set` effects", () => {
    const bad = edit(edit(MINI, "    initial: 60\n", "    initial: 160\n    thresholds:\n      - { id: bas, below: 0, label: Bas }\n      - { id: haut, above: 99, label: Haut }\n"),
      "add: -20", "set: 101");
    const ps = errors(bad);
    expect(only(ps, "gauges[0].initial").message).toBe("valeur initiale 160 hors de la plage de la jauge [0, 100]");
    expect(only(ps, "gauges[0].thresholds[0].below")).toMatchObject(pos(bad, "0, label: Bas"));
    expect(only(ps, "triggers[0].then[1].gauge.set").message).toBe("valeur 101 hors de la plage de la jauge « confiance » [0, 100]");
    const empty = edit(MINI, "    initial: 60\n", "    initial: 60\n    min: 100\n");
    expect(only(errors(empty), "gauges[0].max").message).toBe("`max` (100) doit être supérieur à `min` (100)");
  });
});

describe("triggers that can never fire", () => {
  const never = (bad: string, path: string) => {
    const p = only(errors(bad), path);
    expect(p.message).toMatch(/^ce déclencheur ne peut jamais se déclencher : /);
    return p;
  };

  it("an empty time window in an `all`", () => {
    const bad = edit(MINI, `        - after: "T+01:00"\n`, `        - after: "T+01:00"\n        - before: "T+00:30"\n`);
    const p = never(bad, "triggers[0].when.all[1].before");
    expect(p).toMatchObject(pos(bad, `"T+00:30"`));
    expect(p.message).toContain("« after: T+01:00 » et « before: T+00:30 » ne peuvent pas être vrais en même temps");
  });

  it("an action window whose `after` is not before its `before`", () => {
    const bad = when(`{ action: { kind: statement, after: "T+02:00", before: "T+02:00" } }`);
    expect(never(bad, "triggers[0].when.action.before").message).toContain("fenêtre vide");
  });

  it("a gauge bound outside the gauge's range", () => {
    const bad = when("{ gauge: { id: confiance, below: 0 } }");
    const p = never(bad, "triggers[0].when.gauge.below");
    expect(p).toMatchObject(pos(bad, "0 } }"));
    expect(p.message).toContain("« below: 0 » est hors de la plage de la jauge « confiance » [0, 100]");
  });

  it("contradictory bounds on one gauge", () => {
    const both = when("{ all: [ { gauge: { id: confiance, below: 30 } }, { gauge: { id: confiance, atLeast: 40 } } ] }");
    expect(never(both, "triggers[0].when.all[1].gauge.atLeast").message).toContain("les bornes de la jauge « confiance » se contredisent");
  });

  it("only warns when the scenario's effects never move a gauge there (the instructor may)", () => {
    expect(problems(when("{ gauge: { id: confiance, below: 50 } }"))).toEqual([]);
    const up = when("{ gauge: { id: confiance, above: 80 } }");
    expect(loadScenario(up, "s.yaml").ok).toBe(true);
    expect(only(problems(up), "triggers[0].when.gauge.above")).toMatchObject({ severity: "warning", ...pos(up, "80 }"),
      message: "condition vraie seulement si l'animateur modifie la jauge : les effets du scénario gardent la jauge « confiance » entre 0 et 60" });
    const still = edit(when("{ gauge: { id: confiance, below: 50 } }"), "      - gauge: { id: confiance, add: -20 }\n", "");
    expect(only(problems(still), "triggers[0].when.gauge.below").message).toBe("condition vraie seulement si l'animateur modifie la jauge : aucun effet ne modifie la jauge « confiance » : elle reste à 60");
  });

  it("a role that may not take the action", () => {
    const bad = before("expectations", ACTIONS, when("{ action: { id: isoler, role: com } }"));
    expect(never(bad, "triggers[0].when.action.role").message).toContain("le rôle « com » ne peut pas prendre l'action « isoler »");
    const twice = before("expectations", ACTIONS, when("{ action: { id: isoler, count: 2 } }"));
    expect(never(twice, "triggers[0].when.action.count").message).toContain("ne peut être prise qu'une fois");
    // No built-in action has the kind « assignment »: two catalogue actions, once each, make two at most.
    const two = "actions:\n  - { id: isoler, kind: assignment, name: I, once: true }\n  - { id: confiner, kind: assignment, name: C, once: true }\n";
    const byKind = (n: number) => before("expectations", two, when(`{ action: { kind: assignment, count: ${n} } }`));
    expect(problems(byKind(2))).toEqual([]);
    expect(never(byKind(3), "triggers[0].when.action.count").message).toContain("pas 3 fois en tout");
  });

  it("X and not X, two phases at once, a kind nobody offers", () => {
    const bad = when("{ all: [ { delivered: debut }, { not: { delivered: debut } } ] }");
    expect(never(bad, "triggers[0].when.all[1].not").message).toContain("« X » et « not: X »");
    const phases = when("{ all: [ { phase: alerte }, { phase: crise } ] }", edit(MINI, "  - id: fuite\n", "  - id: fuite\n    at: \"T+03:00\"\n"));
    expect(never(phases, "triggers[0].when.all[1].phase").message).toContain("deux phases à la fois");
    const kind = when("{ action: { kind: assignment } }");
    expect(never(kind, "triggers[0].when.action.kind").message).toContain("aucune action de type « assignment »");
    const all = when("{ not: { phase: [alerte, crise] } }");
    expect(never(all, "triggers[0].when.not").message).toContain("la condition niée est toujours vraie");
  });

  it("an inject that is never delivered, a phase never reached", () => {
    const bad = when("{ delivered: fuite }");
    const ps = errors(bad);
    expect(only(ps, "injects[2].id").message).toBe("inject jamais envoyé : les déclencheurs, actions ou phases qui l'envoient ne peuvent jamais se produire");
    expect(only(ps, "triggers[0].when.delivered").message).toBe("ce déclencheur ne peut jamais se déclencher : l'inject « fuite » n'est jamais envoyé");
    expect(only(ps, "phases[0].transitions[0].when.delivered").message).toBe("cette transition ne peut jamais avoir lieu : l'inject « fuite » n'est jamais envoyé");
    expect(only(ps, "phases[1].id")).toMatchObject(pos(bad, "id: crise", 4));
  });

  it("reports a contradiction even where it does not kill the whole condition", () => {
    const bad = when(`{ any: [ { after: "T+01:00" }, { action: { kind: statement, after: "T+02:00", before: "T+01:00" } } ] }`);
    const p = only(problems(bad), "triggers[0].when.any[1].action.before");
    expect(p).toMatchObject({ severity: "error", message: "condition contradictoire : fenêtre vide : « after: T+02:00 » n'est pas avant « before: T+01:00 »" });
  });

  it("an expectation status that cannot happen, a `for` longer than the scenario", () => {
    const bad = before("expectations", ACTIONS, when("{ expectation: { id: notifier, status: met } }",
      edit(MINI, "      action: { id: notify, where: { to: cnil } }", "      action: { id: isoler, role: com }")));
    expect(never(bad, "triggers[0].when.expectation.id").message).toContain("l'attente « notifier » ne peut jamais être remplie (le rôle « com » ne peut pas prendre l'action « isoler »)");
    const long = when(`{ delivered: { inject: debut, for: "05:00" } }`);
    expect(never(long, "triggers[0].when.delivered.for").message).toContain("« for: 05:00 » dépasse la durée du scénario (T+04:00)");
  });

  it("warns about a dead alternative in an `any` without failing the trigger", () => {
    const bad = when(`{ any: [ { after: "T+01:00" }, { before: "T+00:00" } ] }`);
    const ps = problems(bad);
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ path: "triggers[0].when.any[1].before", severity: "warning",
      message: "cette partie de la condition n'est jamais vraie : aucun moment du jeu n'est avant T+00:00" });
  });
});

describe("reachability", () => {
  it("reports an inject with no `at` that no effect sends", () => {
    const bad = edit(MINI, "      - inject: fuite\n        delay: 10m\n", "");
    const ps = errors(bad);
    const p = only(ps, "injects[2].id");
    expect(p).toMatchObject(pos(bad, "id: fuite", 4));
    expect(p.message).toBe("inject jamais envoyé : il n'a pas d'heure (`at`) et aucun effet `inject: fuite` ne l'envoie");
    expect(only(ps, "phases[1].id").message).toContain("phase jamais atteinte");
  });

  it("reports a phase nothing leads to", () => {
    const bad = before("injects", "  - id: oubli\n    name: Oubliée\n");
    const p = only(errors(bad), "phases[2].id");
    expect(p).toMatchObject(pos(bad, "id: oubli", 4));
    expect(p.message).toBe("phase jamais atteinte : aucune transition ni aucun effet `phase: oubli` n'y mène");
  });

  it("follows chains: a phase reached by a trigger enables a trigger gated on it", () => {
    const chain = before("injects", "  - id: repli\n    name: Repli\n", edit(MINI, "      - gauge: { id: confiance, add: -20 }\n",
      "      - gauge: { id: confiance, add: -20 }\n      - phase: repli\n  - id: relance\n    when: { phase: repli }\n    then: [ { inject: tardif } ]\n"));
    const ok = edit(chain, "\ntriggers:\n", `\n  - id: tardif
    channel: mail
    from: journaliste
    to: [com]
    subject: Relance
    body: Alors ?
triggers:
`);
    expect(problems(ok)).toEqual([]);
  });

  it("treats the session as over in a final phase", () => {
    const bad = edit(MINI, "    final: true\n", "    final: true\n    transitions: [ { to: alerte, when: { after: \"T+02:00\" } } ]\n");
    expect(only(warnings(bad), "phases[1].transitions").message).toBe("une phase finale termine la session : ses transitions ne servent jamais");
  });
});

describe("expectations", () => {
  it("reports an expectation that observes nothing", () => {
    const bad = edit(MINI, "      action: { id: notify, where: { to: cnil } }", `      after: "T+01:00"`);
    const p = only(errors(bad), "expectations[0].condition");
    expect(p).toMatchObject(pos(bad, `after: "T+01:00"\n    start`));
    expect(p.message).toMatch(/^cette attente n'observe rien/);
  });

  it("reports an expectation started by, or relying on, an inject never sent", () => {
    const start = edit(edit(MINI, "start: { inject: debut }", "start: { inject: fuite }"), "      - inject: fuite\n        delay: 10m\n", "");
    expect(only(errors(start), "expectations[0].start.inject").message).toBe("l'inject « fuite » n'est jamais envoyé : le délai de cette attente ne démarre jamais");
    const cond = edit(edit(MINI, "where: { to: cnil } }", "where: { to: cnil }, since: fuite }"), "      - inject: fuite\n        delay: 10m\n", "");
    expect(only(errors(cond), "expectations[0].condition.action.since").message).toBe("l'inject « fuite » n'est jamais envoyé : cette attente ne peut pas s'appuyer dessus");
  });

  it("reports an expectation that can never be met", () => {
    const bad = before("expectations", ACTIONS, edit(MINI, "      action: { id: notify, where: { to: cnil } }", "      action: { id: isoler, role: com }"));
    expect(only(errors(bad), "expectations[0].condition.action.role").message).toBe("cette attente ne peut jamais être remplie : le rôle « com » ne peut pas prendre l'action « isoler »");
  });
});

describe("warnings", () => {
  it("warns about a gauge never changed, a lonely branch outcome, an unstaffed role", () => {
    const bad = edit(edit(MINI, "      - gauge: { id: confiance, add: -20 }\n", ""), "    then:\n", "    branch: { id: fuite, outcome: publique }\n    then:\n");
    const vacant = edit(bad, "    fallback: directeur\n", "");
    const ps = warnings(vacant);
    expect(only(ps, "gauges[0].id").message).toBe("la jauge « confiance » ne change jamais : aucun effet `gauge: { id: confiance }` ne la modifie");
    expect(only(ps, "triggers[0].branch.id").message).toBe("l'embranchement « fuite » n'a qu'une issue (« publique ») : un embranchement en a au moins deux");
    expect(only(ps, "roles[1].id").message).toBe("le rôle « com » n'est pas `required` et n'a pas de `fallback` : s'il n'est pas tenu, l'inject qui lui est adressé (appel) ne sera lu par personne");
    expect(loadScenario(vacant, "w.yaml").ok).toBe(true);
  });
});

describe("checkScenario", () => {
  it("returns paths, not positions, and nothing for the fixture", () => {
    const r = loadScenario(MINI, "mini.yaml");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(checkScenario(r.scenario)).toEqual([]);
    const broken = { ...r.scenario, injects: r.scenario.injects.map((i) => (i.id === "debut" ? { ...i, channel: "fax" } : i)) };
    expect(checkScenario(broken)).toEqual([{ path: ["injects", 0, "channel"], severity: "error", message: "canal inconnu « fax » (canaux déclarés : mail, tel)" }]);
  });
});
