import { getLang, initLang, loadLaterWords, onLang, t } from "./i18n/index.js";
import { setConnection, setContext, initHeader } from "./ui/header.js";
import { focusEl } from "./ui/dom.js";
import { unlockAudio } from "./ui/sound.js";
import type { Screen } from "./ui/screen.js";

/**
 * Entry point: the header, then a hash router over the screens. Only the
 * home screen is in the initial bundle; the player's game (Colyseus SDK,
 * Phaser scenes), the instructor console and the evaluator workspace load
 * on demand.
 */
const main = document.getElementById("main")!;
let current: Screen | undefined;
let currentRoute = "";

type Mount = (params: string[]) => Promise<Screen>;
/** A staff screen: its words (i18n/fr-later.ts) are fetched before it is built. */
const staff = (mount: Mount): Mount => async (params) => { await loadLaterWords(); return mount(params); };
const routes: [RegExp, Mount][] = [
  [/^\/?$/, async () => (await import("./ui/home.js")).homeScreen()],
  [/^\/play$/, async () => (await import("./ui/play.js")).playScreen()],
  [/^\/staff$/, staff(async () => (await import("./ui/console.js")).consoleScreen())],
  [/^\/staff\/session\/([\w-]+)$/, staff(async (p) => (await import("./ui/console.js")).sessionScreen(p[0]))],
  [/^\/studio$/, staff(async () => (await import("./ui/studio/home.js")).studioHome())],
  [/^\/studio\/bundled\/([\w-]+)$/, staff(async (p) => (await import("./ui/studio/edit.js")).studioEdit(p[0], "bundled"))],
  [/^\/studio\/([\w-]+)$/, staff(async (p) => (await import("./ui/studio/edit.js")).studioEdit(p[0]))],
  [/^\/staff\/accounts$/, staff(async () => (await import("./ui/school-accounts.js")).accountsScreen())],
  [/^\/staff\/password$/, staff(async () => (await import("./ui/school-accounts.js")).passwordScreen())],
  [/^\/staff\/classes$/, staff(async () => (await import("./ui/school-classes.js")).classesScreen())],
  [/^\/staff\/class\/([\w-]+)$/, staff(async (p) => (await import("./ui/school-classes.js")).classScreen(p[0]))],
  [/^\/staff\/student\/([A-Z0-9]{4}-[A-Z0-9]{4})$/, staff(async (p) => (await import("./ui/school-portfolio.js")).portfolioScreen(p[0]))],
  [/^\/evaluate$/, staff(async () => (await import("./ui/evaluate.js")).evaluateHome())],
  [/^\/evaluate\/([\w-]+)(?:\/([\w-]+))?$/, staff(async (p) => (await import("./ui/evaluate.js")).evaluateCell(p[0], p[1]))],
];

async function route(force = false): Promise<void> {
  const path = location.hash.replace(/^#/, "") || "/";
  if (path === currentRoute && !force) return;
  currentRoute = path;
  const found = routes.map(([re, mount]) => [re.exec(path), mount] as const).find(([m]) => m);
  if (!found) { location.hash = "#/"; return; }
  const [match, mount] = found;
  current?.dispose();
  current = undefined;
  setContext("");
  setConnection(null);
  main.setAttribute("aria-busy", "true");
  let screen: Screen;
  try {
    screen = await mount(match!.slice(1));
  } catch (err) {
    console.error(err);
    main.removeAttribute("aria-busy");
    main.replaceChildren(Object.assign(document.createElement("p"), { className: "error", textContent: t("app.loadError") }));
    return;
  }
  if (currentRoute !== path) { screen.dispose(); return; }
  current = screen;
  main.replaceChildren(screen.el);
  main.removeAttribute("aria-busy");
  document.title = `${screen.title()} — Sangfroid`;
  focusEl(screen.el.querySelector<HTMLElement>("h1") ?? main);
}

/** Links the server prints or shares: /setup?token=…, /join?code=…, /console → the matching screen. */
function landing(): void {
  const path = location.pathname.replace(/\/+$/, "");
  const params = new URLSearchParams(location.search);
  if (path === "/setup") {
    const token = params.get("token");
    if (token) sessionStorage.setItem("sf.setupToken", token);
    history.replaceState(null, "", "/#/staff");
  } else if (path === "/console") history.replaceState(null, "", "/#/staff");
  else if (path === "/join") history.replaceState(null, "", `/${params.get("code") ? `?code=${encodeURIComponent(params.get("code")!)}` : ""}#/`);
}

landing();
// The stored language's dictionary first (English is a chunk of its own), then the first screen.
void initLang().then(() => {
  initHeader();
  onLang(() => {
    if (current?.relang) { current.relang(); document.title = `${current.title()} — Sangfroid`; }
    else void route(true);
  });
  window.addEventListener("hashchange", () => void route());
  document.addEventListener("pointerdown", unlockAudio, { once: true });
  document.addEventListener("keydown", unlockAudio, { once: true });
  void route();
});
