// @vitest-environment node
import { describe, expect, it } from "vitest";
import { refusalText } from "../../shared/i18n/refusals.js";
import { loadLaterWords, setLang } from "../i18n/index.js";
import { forceStartQuestion, sessionCommandsEnabled, trackerStatus } from "./console-start.js";

describe("the forced-start question", () => {
  const vacant = (fr: string, en: string) => ({ code: "roles_vacant", params: { roles: [{ fr, en }], count: 1 } });
  it("names each cell that refused, says what is vacant, and asks once, in the reader's language", async () => {
    Object.assign(globalThis, { document: { documentElement: {} }, localStorage: { setItem: () => undefined, getItem: () => null } });
    await setLang("fr");
    await loadLaterWords();
    const fr = forceStartQuestion([
      { cell: "Cellule 1", message: refusalText(vacant("Directrice", "Director"), "fr") },
      { cell: "Cellule 2", message: refusalText(vacant("Presse", "Press"), "fr") },
    ]);
    expect(fr.split("\n")).toEqual([
      "Cellule 1 : Rôle obligatoire vacant : « Directrice »",
      "Cellule 2 : Rôle obligatoire vacant : « Presse »",
      "",
      "Démarrer quand même ? Le trafic des rôles vacants ira à leurs rôles de repli.",
    ]);
    expect(fr.match(/\?/g)).toHaveLength(1);
    expect(fr).not.toMatch(/forcer/);
    await setLang("en");
    const en = forceStartQuestion([{ cell: "Cell 2", message: refusalText(vacant("Presse", "Press"), "en") }]);
    expect(en.split("\n")[0]).toBe("Cell 2: Required role vacant: “Press”");
    expect(en).toMatch(/\n\nStart anyway\?/);
    await setLang("fr");
  });
});

describe("the session-wide commands", () => {
  it("are enabled only while some cell can take them: « Démarrer tout » is off once every cell runs or has ended", () => {
    expect(sessionCommandsEnabled(["lobby", "running"])).toMatchObject({ "start-all": true, "pause-all": true, "resume-all": false, "end-all": true });
    expect(sessionCommandsEnabled(["running", "ended"])).toMatchObject({ "start-all": false, "pause-all": true, "resume-all": false });
    expect(sessionCommandsEnabled(["ended", "ended"])).toEqual({ "start-all": false, "pause-all": false, "resume-all": false, "speed-all": false, "end-all": false });
    expect(sessionCommandsEnabled(["paused", undefined])).toMatchObject({ "start-all": true, "resume-all": true }); // a cell not connected yet may still take it
  });
});

describe("the expectation tracker's word", () => {
  it("says « à venir » only while the cell plays: after the end an expectation never started is « jamais engagée »", () => {
    const never = { status: "pending" };
    expect(trackerStatus(never, "running")).toBe("upcoming");
    expect(trackerStatus(never, "ended")).toBe("notStarted");
    expect(trackerStatus({ status: "missed", startedAt: 60 }, "ended")).toBe("missed");
    expect(trackerStatus({ status: "pending", startedAt: 60 }, "running")).toBe("pending");
  });
});
