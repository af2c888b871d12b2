import type { MapData } from "./map.js";
import type { RoomData } from "./room.js";

/**
 * Loads Phaser and one scene on demand (its own chunk, out of the initial
 * bundle) and mounts it in `container`. The canvas is an image with a text
 * alternative (`label`); every fact it shows is also in the DOM. Keyboard
 * input stays with the page: Phaser listens to no key. The page says whether
 * motion is reduced (`reducedMotion`: scenes import nothing of the page).
 */
export interface SceneHandle<D = unknown> {
  update: (data: D) => void;
  destroy: () => void;
  /** Settles once the scene has drawn its first full picture (the map: its labels placed), or at once if Phaser could not start. */
  drawn: Promise<void>;
}
type Kinds = { room: RoomData; map: MapData };

export type { MapData, RoomData };
export async function mountScene<K extends keyof Kinds>(container: HTMLElement, kind: K, data: Kinds[K], reducedMotion: boolean): Promise<SceneHandle<Kinds[K]>> {
  const [Phaser, mod] = await Promise.all([
    import("phaser"),
    kind === "room" ? import("./room.js").then((m) => m.RoomScene) : import("./map.js").then((m) => m.MapScene),
  ]);
  const Scene = mod as unknown as new (data: Kinds[K]) => import("phaser").Scene & { setData: (d: Kinds[K]) => void; drawn?: Promise<void> };
  const scene = new Scene(data);
  // The lobby's room is a fixed picture scaled to fit; the situation map fills its container and lays itself out again on resize.
  const fixed = kind === "room";
  const width = fixed ? 440 : Math.max(200, container.clientWidth);
  const height = fixed ? 250 : Math.max(160, container.clientHeight);
  let game: import("phaser").Game;
  try {
    game = new Phaser.Game({
      type: Phaser.AUTO, parent: container, width, height, backgroundColor: "#0d1b2a", scene,
      scale: fixed ? { mode: Phaser.Scale.FIT, autoCenter: Phaser.Scale.CENTER_HORIZONTALLY, width, height } : { mode: Phaser.Scale.RESIZE, width, height },
      input: { keyboard: false, mouse: true, touch: true, gamepad: false }, audio: { noAudio: true },
      autoFocus: false, banner: false, disableContextMenu: false,
      // Calm scenes: a low frame rate spares laptops; with reduced motion nothing moves, so even less.
      fps: reducedMotion ? { target: 5, limit: 5 } : { target: 24, limit: 24 },
    } as import("phaser").Types.Core.GameConfig);
  } catch (err) {
    console.warn("Phaser could not start", err);
    container.classList.add("scene-failed");
    return { update: () => undefined, destroy: () => undefined, drawn: Promise.resolve() };
  }
  const label = (d: Kinds[K]) => {
    const canvas = container.querySelector("canvas");
    if (canvas) { canvas.setAttribute("role", "img"); canvas.setAttribute("aria-label", d.label); canvas.tabIndex = -1; }
  };
  game.events.once("ready", () => label(data));
  label(data);
  const drawn = new Promise<void>((resolve) => { void scene.drawn?.then(resolve); game.events.once("destroy", () => resolve()); if (!scene.drawn) resolve(); });
  return {
    update: (d: Kinds[K]) => { scene.setData(d); label(d); },
    destroy: () => game.destroy(true),
    drawn,
  };
}
