import { describe, expect, it } from "vitest";
import { resolveProfile } from "../cluster/security-profile.ts";
import { parseTopology } from "../cluster/topology.ts";
import { restEnabled, restOnByDefault, standaloneSparkDefaults, workerCommand } from "./standalone-config.ts";

const users = ["alice", "bob", "eva"];
const t = (o: object = {}) => parseTopology({ manager: "standalone", ...o }, "topology", users);

describe("standalone configuration", () => {
  it("gives every node the one cluster secret when the profile authenticates, and none otherwise", () => {
    const conf = new Map(standaloneSparkDefaults(t(), resolveProfile("auth-gcm"), "m.example", { authSecret: "s3cret" }));
    expect(conf.get("spark.master")).toBe("spark://m.example:7077");
    expect(conf.get("spark.authenticate.secret")).toBe("s3cret");
    expect(conf.get("spark.network.crypto.cipher")).toBe("AES/GCM/NoPadding");
    const plain = new Map(standaloneSparkDefaults(t(), resolveProfile("plain"), "m.example", {}));
    expect(plain.get("spark.authenticate")).toBe("false");
    expect(plain.has("spark.authenticate.secret")).toBe(false);
  });

  it("writes the REST switch only when the topology sets it; the release decides otherwise (on from 4.1.0)", () => {
    expect(restOnByDefault("4.0.5")).toBe(false);
    expect(restOnByDefault("4.1.0")).toBe(true);
    expect(restEnabled(t(), "4.1.4")).toBe(true);
    expect(restEnabled(t({ rest: "off" }), "4.1.4")).toBe(false);
    expect(restEnabled(t({ rest: "on" }), "2.3.4")).toBe(true);
    const keys = (o: object) => standaloneSparkDefaults(t(o), resolveProfile("plain"), "m", {}).map(([k]) => k);
    expect(keys({})).not.toContain("spark.master.rest.enabled");
    expect(keys({ rest: "on" })).toContain("spark.master.rest.enabled");
  });

  it("refuses to render an authenticated cluster without its secret", () => {
    expect(() => standaloneSparkDefaults(t(), resolveProfile("auth"), "m", {})).toThrow(/authentication secret/);
  });

  it("starts workers against the master's spark:// URL", () => {
    expect(workerCommand("w1", "m")).toContain("spark://m:7077");
  });
});
