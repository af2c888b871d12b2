import type { Page } from "playwright-core";
import { Api, type RunningServer } from "./harness.js";

/**
 * The school's steps that several browser tests take (e2e/school.test.ts,
 * e2e/refusals-en.test.ts): the first accounts through the API, then on an
 * administrator's and an instructor's screens an account asked for, a class
 * created and a roster file imported, in the
 * reader's language. What the screens answer is each test's to check.
 */

export const SCHOOL_PASSWORD = "mot-de-passe-solide";

/** The words of the classes screens the steps use, as a French or an English reader finds them. */
const WORDS = {
  fr: {
    username: "Identifiant", role: "Rôle", initialPassword: "Mot de passe initial", createAccount: "Créer le compte",
    className: "Nom de la classe", create: "Créer", file: "Fichier CSV", import: "Importer",
  },
  en: {
    username: "Username", role: "Role", initialPassword: "Initial password", createAccount: "Create the account",
    className: "Class name", create: "Create", file: "CSV file", import: "Import",
  },
} as const;
export type Lang = keyof typeof WORDS;

/** The administrator `direction` through the one-time setup link and the evaluator `jury`, both with SCHOOL_PASSWORD: returns the administrator's API client. */
export async function schoolAccounts(server: RunningServer): Promise<Api> {
  const admin = new Api(server.url);
  await admin.call("POST", "/api/setup", { token: server.setupToken, username: "direction", password: SCHOOL_PASSWORD });
  await admin.call("POST", "/api/users", { username: "jury", password: SCHOOL_PASSWORD, role: "evaluator" });
  return admin;
}

/** On the accounts screen of a signed-in administrator: ask for the account `username` (role `role`, password SCHOOL_PASSWORD). */
export async function askForAccount(page: Page, lang: Lang, username: string, role = "instructor"): Promise<void> {
  const w = WORDS[lang];
  await page.getByLabel(w.username).fill(username);
  await page.getByLabel(w.role).selectOption(role);
  await page.getByLabel(w.initialPassword).fill(SCHOOL_PASSWORD);
  await page.getByRole("button", { name: w.createAccount }).click();
}

/** A signed-in instructor creates the class `name` from the classes screen; returns once its page shows it. */
export async function createClass(page: Page, lang: Lang, name: string): Promise<void> {
  const w = WORDS[lang];
  await page.locator("[data-nav=classes]").click();
  await page.getByLabel(w.className).fill(name);
  await page.getByRole("button", { name: w.create, exact: true }).click();
  await page.locator("[data-screen=class] h1", { hasText: name }).waitFor();
}

/** On a class's page: import a roster file (CSV bytes as the teacher's spreadsheet wrote them). */
export async function importRoster(page: Page, lang: Lang, file: { name: string; buffer: Buffer }): Promise<void> {
  const w = WORDS[lang];
  await page.getByLabel(w.file).setInputFiles({ ...file, mimeType: "text/csv" });
  await page.getByRole("button", { name: w.import, exact: true }).click();
}

/** The problems a refused roster file lists, line by line as the page writes them, once they are shown. */
export async function rosterProblems(page: Page): Promise<string[]> {
  const problems = page.locator(".roster-problems li");
  await problems.first().waitFor();
  return problems.allInnerTexts();
}
