// A verifier stopped and started again in-process on loopback: with a state folder its policy, audit chain,
// used nonces and signing key survive (a nonce used before the restart is still refused); in memory it forgets.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "node:https";
import { createLocalJWKSet, jwtVerify } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { attest, EXIT } from "../agent/ratls-client.ts";
import { requestTsmReport } from "../agent/tsm-report-client.ts";
import { affirmingPolicy, MeasuredRealm, startTsmResponder } from "../testing/attest-test-support.ts";
import { verifyAuditChain } from "./audit-log.ts";
import { JWKS_PATH, type Jwks } from "./ear-jwt.ts";
import { verifyEarJwt } from "./ear-verify.ts";
import { startVerifier, type StartedVerifier, type VerifierServiceOptions } from "./verifier-service.ts";
import { KEYS_FILE } from "./verifier-state.ts";

const good = new MeasuredRealm().readAllowedFiles();
let dir: string;
const running: StartedVerifier[] = [];

beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), "shieldlab-verifier-restart-"))));
afterEach(async () => void (await Promise.all(running.splice(0).map((v) => v.close()))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(o: VerifierServiceOptions): Promise<{ v: StartedVerifier; certPem: string }> {
  const certOut = join(mkdtempSync(join(dir, "cert-")), "verifier-cert.pem");
  const v = await startVerifier({ listenHost: "127.0.0.1", port: 0, adminPort: 0, certOut, ...o });
  running.push(v);
  return { v, certPem: readFileSync(certOut, "utf8") };
}

/** One attestation of `good` (replay: re-send what the agent saved in agentDir last time). */
async function run(target: { v: StartedVerifier; certPem: string }, agentDir: string, replay = false) {
  const root = mkdtempSync(join(dir, "tsm-"));
  const responder = startTsmResponder(root, (ch) => good.realm.attest(ch));
  try {
    return await attest({
      verifierUrl: target.v.url,
      verifierCertPem: target.certPem,
      appId: "application_1_0001",
      executorId: "1",
      host: "nm-1",
      getToken: async (challenge) => (await requestTsmReport(challenge, { root, timeoutMs: 5_000 })).outblob,
      readImaLog: async () => good.binaryLog(),
      stateDir: agentDir,
      faults: { replayEvidence: replay },
      timeoutMs: 5_000,
    });
  } finally {
    responder.stop();
  }
}

describe("verifier restart", () => {
  it("with a state dir: policy, audit chain, used nonces and the signing key survive; the replay is still refused", async () => {
    const stateDir = join(dir, "state");
    const agentDir = mkdtempSync(join(dir, "agent-"));
    const first = await start({ stateDir });
    first.v.setPolicy(affirmingPolicy(good, { policyId: "restart/p1" }));
    const job1 = await run(first, agentDir);
    expect(job1.output.status).toBe("affirming");
    const jwks1 = await fetch(`${first.v.adminUrl}${JWKS_PATH}`).then((r) => r.json());
    await first.v.close();
    expect(statSync(join(stateDir, KEYS_FILE)).mode & 0o077).toBe(0);

    const second = await start({ stateDir });
    expect(second.v.policy.policyId).toBe("restart/p1");
    expect(await fetch(`${second.v.adminUrl}${JWKS_PATH}`).then((r) => r.json())).toEqual(jwks1);
    // the EAR issued before the restart still verifies against the key published after it
    expect(verifyEarJwt(job1.output.earJwt!, second.v.jwks).ok).toBe(true);
    const replay = await run(second, agentDir, true);
    expect(replay.exitCode).toBe(EXIT.refused);
    expect(replay.output.reasons.join("\n")).toMatch(/^freshness: nonce .* was already used/m);
    const job2 = await run(second, agentDir);
    expect(job2.output.status).toBe("affirming");

    const audit = await fetch(`${second.v.adminUrl}/appraisals`).then((r) => r.text());
    expect(verifyAuditChain(audit)).toEqual({ ok: true, records: 3 });
    expect(audit).toBe(readFileSync(join(stateDir, "audit.jsonl"), "utf8"));
    const records = audit.trim().split("\n").map((l) => JSON.parse(l) as { status: string; earJwt: string });
    expect(records.map((r) => r.status)).toEqual(["affirming", "contraindicated", "affirming"]);
    expect(records[1]!.earJwt).toBe(replay.output.earJwt);
    expect(verifyEarJwt(records[1]!.earJwt, second.v.jwks)).toMatchObject({ ok: false, failure: "not-affirming", status: "contraindicated" });
  });

  it("control, state in memory only (keys kept): the replayed evidence is accepted after the restart", async () => {
    const keyDir = join(dir, "keys-only");
    const agentDir = mkdtempSync(join(dir, "agent-"));
    const first = await start({ keyDir });
    first.v.setPolicy(affirmingPolicy(good));
    expect((await run(first, agentDir)).output.status).toBe("affirming");
    expect((await run(first, agentDir, true)).output.status).toBe("contraindicated"); // before the restart: refused
    await first.v.close();

    const second = await start({ keyDir });
    expect(second.v.policy.policyId).toBe("shieldlab/cca-realm-ima"); // the policy was lost too
    expect(second.v.audit.size).toBe(0);
    second.v.setPolicy(affirmingPolicy(good));
    const replay = await run(second, agentDir, true);
    expect(replay.output.reasons).toEqual([]);
    expect(replay.output.status).toBe("affirming");
  });

  it("fresh keys per start (neither dir): a pre-restart nonce is unknown and the JWKS changes", async () => {
    const agentDir = mkdtempSync(join(dir, "agent-"));
    const first = await start({});
    first.v.setPolicy(affirmingPolicy(good));
    expect((await run(first, agentDir)).output.status).toBe("affirming");
    const kid = first.v.jwks.keys[0]!.kid;
    await first.v.close();
    const second = await start({});
    second.v.setPolicy(affirmingPolicy(good));
    expect(second.v.jwks.keys[0]!.kid).not.toBe(kid);
    expect((await run(second, agentDir, true)).output.reasons.join("\n")).toMatch(/^freshness: nonce .* was not issued by this verifier/m);
  });

  it("the EAR an attester receives verifies with jose against the published JWKS (same on both ports, public only)", async () => {
    const target = await start({});
    target.v.setPolicy(affirmingPolicy(good));
    const r = await run(target, mkdtempSync(join(dir, "agent-")));
    const jwks = (await fetch(`${target.v.adminUrl}${JWKS_PATH}`).then((x) => x.json())) as Jwks;
    const { payload } = await jwtVerify(r.output.earJwt!, createLocalJWKSet(jwks), { algorithms: ["ES256"], maxTokenAge: "5m" });
    expect(payload).toMatchObject({ submods: { "cca-realm": { "ear.status": "affirming" } }, eat_nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(r.output.ear).toEqual(payload);
    // the same document on the attester-facing port (TLS, the verifier's own certificate)
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(`${target.v.url}${JWKS_PATH}`, { ca: target.certPem, checkServerIdentity: () => undefined }, (res) => {
        let t = "";
        res.on("data", (c: Buffer) => (t += c.toString()));
        res.on("end", () => resolve(t));
      });
      req.on("error", reject);
      req.end();
    });
    expect(JSON.parse(body)).toEqual(jwks);
    expect(body).not.toContain('"d"');
  });
});
