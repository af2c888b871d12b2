import { existsSync } from "node:fs";
import { join } from "node:path";
import express, { type Application } from "express";

/**
 * The browser client, built by `vite build` into dist/client, served from
 * the same origin as the API and the rooms. Any other GET that accepts HTML
 * gets index.html (the client routes itself: /setup, /join, /console…).
 */
export function serveClient(app: Application, clientDir: string): void {
  app.use(express.static(clientDir, { index: false, maxAge: "1h", setHeaders: (res, path) => {
    if (path.endsWith("index.html")) res.setHeader("Cache-Control", "no-cache");
  } }));
  app.use((req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    if (req.path.startsWith("/api/") || req.path.startsWith("/matchmake")) return next();
    const index = join(clientDir, "index.html");
    if (!existsSync(index)) {
      res.status(404).type("text/plain; charset=utf-8").send("Client non construit : lancez « npm start » (ou « npm run build »).");
      return;
    }
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(index);
  });
}
