// End to end in one process: verifier on loopback, the client logic against an emulated realm + IMA via configfs-tsm files.
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBinaryLog, writeBinaryLog } from "../../ima/ima-binary-log.ts";
import { affirmingPolicy, MeasuredRealm, startTsmResponder } from "./attest-test-support.ts";
import { verifyAuditChain } from "../verifier/audit-log.ts";
import { attest, EXIT, type AttestOptions } from "../agent/ratls-client.ts";
import type { ReferenceValuesInput } from "../verifier/reference-values.ts";
import { requestTsmReport } from "../agent/tsm-report-client.ts";
import { callVerifier } from "../agent/verifier-client.ts";
import { startVerifier, type StartedVerifier } from "../verifier/verifier-service.ts";

let dir: string;
let verifier: StartedVerifier;
let certPem: string;
const good = new MeasuredRealm().readAllowedFiles();
const pem = (k: ReturnType<typeof createPublicKey>): string => k.export({ type: "spki", format: "pem" }).toString();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "shieldlab-attest-e2e-"));
  verifier = await startVerifier({ listenHost: "127.0.0.1", port: 0, adminPort: 0, certOut: join(dir, "verifier-cert.pem"), auditPath: join(dir, "audit.jsonl") });
  certPem = readFileSync(join(dir, "verifier-cert.pem"), "utf8");
});
afterAll(async () => {
  await verifier?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the client logic against `m`, its token fetched through the configfs-tsm file protocol. */
async function run(m: MeasuredRealm, o: Partial<AttestOptions> & { imaLog?: Buffer; stateDir?: string } = {}) {
  const root = mkdtempSync(join(dir, "tsm-"));
  const responder = startTsmResponder(root, (ch) => m.realm.attest(ch));
  try {
    return await attest({
      verifierUrl: verifier.url,
      verifierCertPem: certPem,
      appId: "application_1_0001",
      executorId: "1",
      host: "nm-1",
      getToken: async (challenge) => (await requestTsmReport(challenge, { root, timeoutMs: 5_000 })).outblob,
      readImaLog: async () => o.imaLog ?? m.binaryLog(),
      stateDir: o.stateDir ?? join(dir, "state"),
      timeoutMs: 5_000,
      ...o,
    });
  } finally {
    responder.stop();
  }
}

function policy(m: MeasuredRealm, overrides: Partial<ReferenceValuesInput> = {}): void {
  verifier.setPolicy(affirmingPolicy(m, overrides));
}
const checksOff = (...names: string[]) => ({ checks: Object.fromEntries(names.map((n) => [n, false])) }) as Partial<ReferenceValuesInput>;

describe("attestation end to end", () => {
  it("affirms a genuine realm with a clean IMA log, and audits it", async () => {
    policy(good);
    const r = await run(good);
    expect(r.output.reasons).toEqual([]);
    expect(r.output.status).toBe("affirming");
    expect(r.exitCode).toBe(EXIT.affirming);
    const vector = r.output.ear!.submods["cca-realm"]["ear.trustworthiness-vector"];
    expect(vector).toMatchObject({ "instance-identity": 2, configuration: 2, executables: 3, "file-system": 2, hardware: 2, "runtime-opaque": 2 });
    expect(r.output.ear!.eat_profile).toBe("tag:github.com,2023:veraison/ear");
    const audit = await fetch(`${verifier.adminUrl}/appraisals`).then((x) => x.text());
    expect(verifyAuditChain(audit).ok).toBe(true);
    expect(audit).toContain(r.output.appraisalId!);
  });

  it("a fresh verifier (default policy) affirms nothing", async () => {
    verifier.setPolicy({});
    const r = await run(good);
    expect(r.exitCode).toBe(EXIT.refused);
    expect(r.output.status).toBe("contraindicated");
  });

  it("stale nonce (replayed evidence) is refused citing freshness; freshness off → accepted", async () => {
    const stateDir = mkdtempSync(join(dir, "replay-"));
    policy(good);
    expect((await run(good, { stateDir })).exitCode).toBe(EXIT.affirming);
    const replay = await run(good, { stateDir, faults: { replayEvidence: true } });
    expect(replay.exitCode).toBe(EXIT.refused);
    expect(replay.output.status).toBe("contraindicated");
    expect(replay.output.reasons.join("\n")).toMatch(/^freshness: nonce .* already used/m);
    policy(good, checksOff("freshness"));
    const control = await run(good, { stateDir, faults: { replayEvidence: true } });
    expect(control.output.status).toBe("affirming");
    expect(control.output.ear!.skipped).toEqual(["freshness"]);
  });

  it("foreign platform key is refused; endorsed → accepted; endorsement off → accepted", async () => {
    const foreign = new MeasuredRealm({ cpakPrivateKey: generateKeyPairSync("ec", { namedCurve: "secp384r1" }).privateKey }).readAllowedFiles();
    policy(good);
    const refused = await run(foreign);
    expect(refused.exitCode).toBe(EXIT.refused);
    expect(refused.output.reasons.join("\n")).toMatch(/^endorsement: platform token .* not signed by any of the 1 endorsed/m);
    expect(refused.output.ear!.submods["cca-realm"]["ear.trustworthiness-vector"].hardware).toBe(97);
    policy(good, { endorsedPlatformKeys: [pem(good.realm.cpakPublicKey), pem(foreign.realm.cpakPublicKey)] });
    expect((await run(foreign)).output.status).toBe("affirming");
    policy(good, checksOff("endorsement"));
    expect((await run(foreign)).output.status).toBe("affirming");
  });

  it("RIM not in the reference values is refused; rim off → accepted", async () => {
    const other = new MeasuredRealm({ rim: new Uint8Array(32).fill(0x77) }).readAllowedFiles();
    policy(good);
    const refused = await run(other);
    expect(refused.exitCode).toBe(EXIT.refused);
    expect(refused.output.reasons.join("\n")).toMatch(/^rim: RIM 7777.* is not among/m);
    expect(refused.output.ear!.submods["cca-realm"]["ear.trustworthiness-vector"].executables).toBe(33);
    policy(good, checksOff("rim"));
    expect((await run(other)).output.status).toBe("affirming");
  });

  it("platform sw components that differ are refused; platform off → accepted", async () => {
    policy(good);
    const p = affirmingPolicy(good);
    const changed = p.platformSwComponents.map((c, i) => (i === 0 ? { ...c, measurement: "00".repeat(32) } : c));
    verifier.setPolicy({ ...p, platformSwComponents: changed });
    const refused = await run(good);
    expect(refused.output.reasons.join("\n")).toMatch(/^platform: sw component BL1 /m);
    verifier.setPolicy({ ...p, platformSwComponents: changed, checks: { ...p.checks, platform: false } });
    expect((await run(good)).output.status).toBe("affirming");
  });

  it("a truncated IMA log does not replay to REM[0]; imaReplay off → accepted", async () => {
    const entries = parseBinaryLog(good.binaryLog()).entries;
    const truncated = writeBinaryLog(entries.slice(0, -1));
    policy(good);
    const refused = await run(good, { imaLog: truncated });
    expect(refused.exitCode).toBe(EXIT.refused);
    expect(refused.output.reasons.join("\n")).toMatch(/^imaReplay: the 3-entry log does not replay to REM\[0\]/m);
    policy(good, checksOff("imaReplay"));
    expect((await run(good, { imaLog: truncated })).output.status).toBe("affirming");
  });

  it("a reordered IMA log does not replay to REM[0]; imaReplay off → accepted", async () => {
    const e = parseBinaryLog(good.binaryLog()).entries;
    const reordered = writeBinaryLog([e[0]!, e[2]!, e[1]!, ...e.slice(3)]);
    policy(good);
    const refused = await run(good, { imaLog: reordered });
    expect(refused.output.reasons.join("\n")).toMatch(/^imaReplay: /m);
    expect(refused.output.reasons).toHaveLength(1);
    policy(good, checksOff("imaReplay"));
    expect((await run(good, { imaLog: reordered })).output.status).toBe("affirming");
  });

  it("a file whose digest is not in the runtime policy is refused; imaPolicy off → accepted", async () => {
    const tampered = new MeasuredRealm().readAllowedFiles();
    tampered.read("/opt/spark/jars/spark-core.jar", "a trojaned jar");
    policy(good);
    const refused = await run(tampered);
    expect(refused.exitCode).toBe(EXIT.refused);
    expect(refused.output.reasons.join("\n")).toMatch(/^imaPolicy: 1 of 5 measured entries fail the runtime policy: #4 \S+ digest_mismatch/m);
    policy(good, checksOff("imaPolicy"));
    expect((await run(tampered)).output.status).toBe("affirming");
  });

  it("a TLS client without an RA-TLS certificate is contraindicated (fail closed)", async () => {
    policy(good);
    const r = await callVerifier(`${verifier.url}/appraise`, {
      verifierCertPem: certPem,
      method: "POST",
      body: { appId: "a", executorId: "1", host: "h", imaLog: "" },
      timeoutMs: 5_000,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "contraindicated", reasons: [expect.stringMatching(/^evidence: no client certificate/)] });
  });

  it("a verifier that is down gives exit 4 (unreachable), a wrong pin exit 2", async () => {
    const down = await startVerifier({ listenHost: "127.0.0.1", port: 0, adminPort: 0 });
    const url = down.url;
    await down.close();
    const r = await run(good, { verifierUrl: url });
    expect(r.exitCode).toBe(EXIT.unreachable);
    expect(r.output.status).toBe("unreachable");
    const wrongPin = await run(good, { verifierCertPem: down.identity.certPem });
    expect(wrongPin.exitCode).toBe(EXIT.usage);
  });

  it("admin: bad policy is refused naming the key; health answers", async () => {
    const put = await fetch(`${verifier.adminUrl}/policy`, { method: "PUT", body: JSON.stringify({ checks: { rim: "yes" } }) });
    expect(put.status).toBe(400);
    expect(((await put.json()) as { error: string }).error).toMatch(/policy\.checks\.rim/);
    const health = (await fetch(`${verifier.adminUrl}/health`).then((x) => x.json())) as { ok: boolean; appraisals: number };
    expect(health.ok).toBe(true);
    expect(health.appraisals).toBeGreaterThan(5);
  });
});
