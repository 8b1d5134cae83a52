import { describe, expect, it } from "vitest";
import { resolveProfile } from "../cluster/security-profile.ts";
import { parseTopology } from "../cluster/topology.ts";
import { profileConf } from "./profile-conf.ts";

const t = parseTopology({}, "topology", ["alice"]);

describe("profileConf", () => {
  it("plain switches every defence off explicitly", () => {
    expect(profileConf(t, resolveProfile("plain"))).toMatchObject({ "spark.authenticate": "false", "spark.network.crypto.enabled": "false", "spark.ssl.rpc.enabled": "false", "spark.io.encryption.enabled": "false" });
  });
  it("auth-gcm + io encryption carries exactly Spark's keys", () => {
    const c = profileConf(t, resolveProfile({ profile: "auth-gcm", ioEncryption: true }));
    expect(c).toMatchObject({ "spark.authenticate": "true", "spark.network.crypto.enabled": "true", "spark.network.crypto.cipher": "AES/GCM/NoPadding", "spark.io.encryption.enabled": "true" });
    expect(Object.keys(c).every((k) => k.startsWith("spark."))).toBe(true);
    expect(c["spark.master"]).toBeUndefined();
  });
  it("tls-rpc brings the keystore settings and the executor password variables", () => {
    const c = profileConf(t, resolveProfile("tls-rpc"), { keystorePassword: "p" });
    expect(c["spark.ssl.rpc.enabled"]).toBe("true");
    expect(c["spark.executorEnv._SPARK_SSL_RPC_KEY_PASSWORD"]).toBe("p");
  });
});

describe("parseTiming", () => {
  it("reads the Shuffle job's timing line, and nothing from other output", async () => {
    const { parseTiming } = await import("./overhead-runner.ts");
    expect(parseTiming("shuffled 2048 records\ntiming elapsed_ms=1234 executor_cpu_ms=567 executor_run_ms=890\n")).toEqual({ elapsedMs: 1234, cpuMs: 567 });
    expect(parseTiming("shuffled 2048 records\n")).toBeUndefined();
  });
});
