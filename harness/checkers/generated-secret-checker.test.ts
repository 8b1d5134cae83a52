import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { SecretRegistry } from "../util/generated-secrets.ts";
import { scanCapturesForSecrets } from "../wire/captured-secrets.ts";
import { pcapOf, type ClientFlow } from "../wire/hadoop-rpc-test-support.ts";
import { generatedSecretChecker, generatedSecretOnWire } from "./generated-secret-checker.ts";

const AM = "198.18.0.7";
const NM1 = "198.18.0.3";
const reg = new SecretRegistry("secret-checker-test");
const password = reg.generate("keystore-password");

/** Writes the pcaps, lets the runner's scan run over them as it does after a scenario, then checks. */
function check(expect: "present" | "absent", pcaps: Record<string, ClientFlow[]> | undefined, secrets = reg.list()) {
  const dir = mkdtempSync(join(tmpdir(), "shieldlab-gen-secret-"));
  if (pcaps) {
    for (const [node, flows] of Object.entries(pcaps)) writeFileSync(join(dir, `${node}.pcap`), pcapOf(flows));
    scanCapturesForSecrets(dir, secrets);
  }
  return generatedSecretChecker.check(generatedSecretOnWire("keystore-password", expect), new ScenarioEvidence(new History(), new Map(), "/nonexistent", dir)) as { valid: unknown; message: string; evidence?: Record<string, unknown> };
}

const launch = (payload: string): ClientFlow => ({ src: AM, sport: 40100, dst: NM1, dport: 8041, data: Buffer.from(payload, "latin1") });

describe("generatedSecretChecker", () => {
  it("present: the value in a container launch to a NodeManager, reported by kind and hash prefix only", () => {
    const r = check("present", { "nm-1": [launch(`\x0a\x20_SPARK_SSL_RPC_KEY_STORE_PASSWORD\x12\x18${password}`)] });
    expect(r.valid).toBe(true);
    expect(r.message).toMatch(/^the cluster's keystore-password \(sha256 [0-9a-f]{12}…\) is readable in 1 capture\(s\): nm-1\.pcap 1× \(198\.18\.0\.7:40100 → 198\.18\.0\.3:8041, file offset \d+\); expected present$/);
    expect(JSON.stringify(r)).not.toContain(password);
    expect(check("absent", { "nm-1": [launch(`x${password}x`)] }).valid).toBe(false);
  });

  it("absent: launches to a NodeManager were captured and none carries the value", () => {
    const r = check("absent", { "nm-1": [launch("\x0a\x20_SPARK_SSL_RPC_KEY_STORE_PASSWORD\x12\x00 wrapped bytes")] });
    expect(r.valid).toBe(true);
    expect(r.message).toContain("is in none of 1 capture(s), which hold 1 YARN RPC stream(s) to NodeManagers");
    expect(check("present", { "nm-1": [launch("nothing here")] }).valid).toBe(false);
  });

  it("no evidence is never a verdict: nothing captured, no launch captured, or no such secret generated", () => {
    expect(check("absent", undefined).valid).toBe("unknown");
    expect(check("present", undefined).valid).toBe("unknown");
    const noLaunch = check("absent", { gateway: [{ src: AM, sport: 40100, dst: "198.18.0.9", dport: 7337, data: Buffer.from("shuffle bytes") }] });
    expect(noLaunch.valid).toBe("unknown");
    expect(noLaunch.message).toContain("absence proves nothing");
    expect(check("absent", { "nm-1": [launch("x")] }, []).valid).toBe("unknown");
  });
});
