import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { Api, browserSuite, chromiumAvailable, person, type RunningServer } from "./harness.js";
import { askForAccount, createClass, importRoster, rosterProblems, schoolAccounts, SCHOOL_PASSWORD as PASS } from "./school-steps.js";

/**
 * The HTTP API's refusals on an English reader's screen (issue 13): the
 * server sends `{ error, params }` and a French `message` for curl; the page
 * writes the code in English. Real failures in Chromium: a wrong password,
 * a form the server refuses field by field, a username taken, a roster
 * with bad lines, a bad join code and a session that is over — each in
 * English, with no French word, accent or « » on screen.
 */

const FRENCH = /[«»éèêàçùôîœ]|\b(le|la|les|des|du|une|est|vous|pas|ce|cette|votre|ligne|requête|réessayez)\b/i;

async function english(page: Page): Promise<Page> {
  await page.addInitScript(() => { localStorage.setItem("sf.lang", "en"); });
  return page;
}

/** The text of the page's error, once it says something. */
async function errorOf(page: Page, selector = ".form-error"): Promise<string> {
  const el = page.locator(selector).filter({ hasText: /\S/ }).first();
  await el.waitFor();
  return el.innerText();
}

describe.skipIf(!chromiumAvailable())("an English reader reads the HTTP API's refusals in English", () => {
  let server: RunningServer;
  let browser: Browser;
  browserSuite("refusals-en", {}, async (s, b) => {
    server = s; browser = b;
    await schoolAccounts(server);
  });

  it("sign-in, accounts and a roster: every refusal in English", async () => {
    const { page } = await person(browser, { reducedMotion: true });
    await english(page);
    await page.goto(`${server.url}/#/staff`);
    await page.getByLabel("Username").fill("direction");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(await errorOf(page)).toBe("Wrong username, password or token.");
    await page.getByLabel("Password").fill(PASS);
    await page.getByRole("button", { name: "Sign in" }).click();

    await page.locator("[data-nav=accounts]").click();
    await page.locator("[data-screen=accounts] table").waitFor();
    await askForAccount(page, "en", "a");
    const short = await errorOf(page, "[data-screen=accounts] form .form-error");
    expect(short).toBe("Refused: Invalid request — “username”: at least 2 characters");
    await askForAccount(page, "en", "jury");
    await page.locator("[data-screen=accounts] form .form-error", { hasText: "jury" }).waitFor();
    const taken = await page.locator("[data-screen=accounts] form .form-error").innerText();
    expect(taken).toBe("Refused: The username “jury” already exists");

    await createClass(page, "en", "MSc 1");
    await importRoster(page, "en", { name: "list.csv", buffer: Buffer.from("numéro;prénom;nom\n1;Zoé;Martin\n1;Yanis;Benali\n2;;Durand\n", "utf8") });
    const lines = await rosterProblems(page);
    expect(lines).toEqual(["line 3, student number — number 1 already on line 2", "line 4, first name — empty first name"]);
    for (const text of [short, taken, ...lines]) expect(text).not.toMatch(FRENCH);
  });

  it("joining: a bad code, a session that is over", async () => {
    const api = new Api(server.url);
    await api.call("POST", "/api/login", { username: "direction", password: PASS });
    const session = await api.call<{ id: string; code: string }>("POST", "/api/sessions", { scenario: "tutorial", cells: 1 });
    await api.call("POST", `/api/sessions/${session.id}/command`, { command: { type: "end" } });
    const { page } = await person(browser, { reducedMotion: true });
    await english(page);
    await page.goto(server.url);
    await page.getByLabel("Session code").fill("ZZZZZZ");
    await page.getByLabel("Display name").fill("Bob");
    await page.getByRole("button", { name: "Join", exact: true }).click();
    expect(await errorOf(page)).toBe("Unknown code or closed session. Check the code with the instructor.");
    await page.getByLabel("Session code").fill(session.code);
    await page.getByRole("button", { name: "Join", exact: true }).click();
    await page.locator(".form-error", { hasText: "over" }).waitFor();
    const over = await errorOf(page);
    expect(over).toBe("Could not join: This session is over");
    expect(over).not.toMatch(FRENCH);
  });
});
