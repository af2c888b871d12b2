import { describe, expect, it } from "vitest";
import { loadConfig, parseCspConnectSrc, parseTrustProxy } from "./config.js";

describe("TRUST_PROXY", () => {
  it("trusts nobody by default, so no client chooses the address it is counted under", () => {
    expect(loadConfig({ DATA_DIR: "/tmp/unused" }).trustProxy).toBe(false);
    expect(parseTrustProxy("")).toBe(false);
    expect(parseTrustProxy("0")).toBe(false);
  });

  it("takes addresses, CIDR ranges, Express' names and hop counts", () => {
    expect(parseTrustProxy("loopback")).toEqual(["loopback"]);
    expect(parseTrustProxy("10.0.0.5, 192.168.0.0/16,::1,fd00::/8")).toEqual(["10.0.0.5", "192.168.0.0/16", "::1", "fd00::/8"]);
    expect(parseTrustProxy("2")).toBe(2);
  });

  it("refuses anything else, saying what", () => {
    for (const bad of ["true", "*", "nginx", "10.0.0.0/33", "10.0.0.1/8/2", "300.1.1.1"]) {
      expect(() => parseTrustProxy(bad), bad).toThrow(/TRUST_PROXY/);
    }
  });
});

describe("CSP_CONNECT_SRC", () => {
  it("takes origins only", () => {
    expect(parseCspConnectSrc(undefined)).toEqual([]);
    expect(parseCspConnectSrc("wss://p2.example.org, ws://10.0.0.2:2568 https://[::1]:8443")).toEqual(["wss://p2.example.org", "ws://10.0.0.2:2568", "https://[::1]:8443"]);
    for (const bad of ["*", "wss:", "'unsafe-inline'", "wss://x.org/path", "javascript://x", "wss://a.org;script-src"]) {
      expect(() => parseCspConnectSrc(bad), bad).toThrow(/CSP_CONNECT_SRC/);
    }
  });
});
