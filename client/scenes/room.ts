import * as Phaser from "phaser";

/** The lobby's situation room: a table, wall screens, one seat per role (taken, free, mine). */
export interface RoomData { roles: { id: string; name: string; holders: string[]; mine: boolean }[]; label: string }

const GOLD = 0xe0b84c, FREE = 0x334a63, TAKEN = 0x3d8bfd, TEXT = "#e8eef5";

export class RoomScene extends Phaser.Scene {
  private data0: RoomData;
  private layer?: Phaser.GameObjects.Container;
  constructor(data: RoomData) { super({ key: "room" }); this.data0 = data; }

  create(): void {
    const { width, height } = this.scale;
    const g = this.add.graphics();
    // Wall screens.
    for (let i = 0; i < 3; i++) {
      const x = 40 + i * ((width - 80) / 3), w = (width - 80) / 3 - 12;
      g.fillStyle(0x13304d, 1).fillRoundedRect(x, 8, w, 30, 4);
      g.lineStyle(1, 0x2f6b9a, 1).strokeRoundedRect(x, 8, w, 30, 4);
      g.lineStyle(1, 0x3fa7d6, 0.7);
      for (let k = 0; k < 3; k++) g.lineBetween(x + 8, 15 + k * 8, x + 8 + (w - 16) * (0.3 + 0.6 * (((i + 1) * (k + 2) * 37) % 10) / 10), 15 + k * 8);
    }
    // The table.
    g.fillStyle(0x1d3552, 1).fillEllipse(width / 2, height / 2 + 20, width * 0.46, height * 0.34);
    g.lineStyle(2, 0x4d7aa8, 1).strokeEllipse(width / 2, height / 2 + 20, width * 0.46, height * 0.34);
    this.add.text(width / 2, height / 2 + 20, "SANGFROID", { fontFamily: "system-ui, sans-serif", fontSize: "13px", color: "#7fa6cc" }).setOrigin(0.5);
    this.layer = this.add.container(0, 0);
    this.draw();
  }

  setData(d: RoomData): void { this.data0 = d; if (this.layer) this.draw(); }

  private draw(): void {
    const layer = this.layer!;
    layer.removeAll(true);
    const { width, height } = this.scale;
    const roles = this.data0.roles;
    const cx = width / 2, cy = height / 2 + 20, rx = width * 0.34, ry = height * 0.27;
    roles.forEach((r, i) => {
      const a = -Math.PI / 2 + (i + 0.5) * (2 * Math.PI / roles.length) + Math.PI / roles.length;
      const x = cx + rx * Math.cos(a), y = cy + ry * Math.sin(a);
      const color = r.mine ? GOLD : r.holders.length ? TAKEN : FREE;
      const seat = this.add.graphics();
      seat.fillStyle(color, 1).fillCircle(x, y, 14);
      seat.lineStyle(2, r.holders.length ? 0xffffff : 0x6d87a3, r.holders.length ? 0.9 : 0.6).strokeCircle(x, y, 14);
      const initials = r.holders.map((n) => n.trim().slice(0, 1).toUpperCase()).join("").slice(0, 2);
      const t1 = this.add.text(x, y, initials || "·", { fontFamily: "system-ui, sans-serif", fontSize: "12px", color: r.mine ? "#1a1200" : TEXT, fontStyle: "bold" }).setOrigin(0.5);
      const name = r.name.length > 18 ? `${r.name.slice(0, 17)}…` : r.name;
      const t2 = this.add.text(x, y + (Math.sin(a) >= 0 ? 24 : -24), name, { fontFamily: "system-ui, sans-serif", fontSize: "11px", color: TEXT, backgroundColor: "#0d1b2acc", padding: { x: 3, y: 1 } }).setOrigin(0.5);
      layer.add([seat, t1, t2]);
    });
  }
}
