/** A screen the router mounts under <main>. */
export interface Screen {
  el: HTMLElement;
  title: () => string;
  dispose: () => void;
  /** Re-label after a language switch without losing state (drafts, connection). Without it, the router re-mounts the screen. */
  relang?: () => void;
}
