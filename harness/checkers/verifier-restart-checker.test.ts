import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuditLog } from "../attest/verifier/audit-log.ts";
import type { VerifierRestart } from "../attest/host/started-attestation.ts";
import { History } from "../scenario/history.ts";
import { ScenarioEvidence } from "../scenario/scenario-evidence.ts";
import { CheckerSpecSchema } from "./checker-registry.ts";
import { verifierRestartChecker, verifierRestarted } from "./verifier-restart-checker.ts";

let attestDir: string;
beforeEach(() => void (attestDir = mkdtempSync(join(tmpdir(), "shieldlab-vr-"))));
afterEach(() => rmSync(attestDir, { recursive: true, force: true }));

const health = (appraisals: number, policyDigest: string, usedNonces = 2) => ({ appraisals, outstandingNonces: 0, usedNonces, policyId: "shieldlab/cca-realm-ima", policyDigest });

async function evidence(r: VerifierRestart | undefined, auditRecords = 3): Promise<ScenarioEvidence> {
  const h = new History();
  if (r) await h.record("restart", "verifier-restart", { state: r.mode }, async () => r);
  const log = new AuditLog();
  for (let i = 0; i < auditRecords; i++) log.append({ i });
  writeFileSync(join(attestDir, "audit.jsonl"), log.text());
  return new ScenarioEvidence(h, new Map(), "", "", attestDir);
}

const kept: VerifierRestart = { mode: "durable", before: health(2, "p1"), afterRestart: health(2, "p1"), after: health(2, "p1"), policyRestored: false };
const lost: VerifierRestart = { mode: "memory", before: health(2, "p1"), afterRestart: health(2, "d0", 0), after: health(2, "p1"), policyRestored: true };

describe("verifier-restart checker", () => {
  it("state-kept: same policy, no lost records, one chain that grew after the restart", async () => {
    expect(verifierRestartChecker.check(verifierRestarted("restart", "state-kept"), await evidence(kept))).toMatchObject({ valid: true });
    expect(verifierRestartChecker.check(verifierRestarted("restart", "state-kept"), await evidence(lost))).toMatchObject({ valid: false, message: expect.stringMatching(/policy did not survive/) });
    expect(verifierRestartChecker.check(verifierRestarted("restart", "state-kept"), await evidence({ ...kept, afterRestart: health(0, "p1") }))).toMatchObject({ valid: false, message: expect.stringMatching(/lost records/) });
    expect(verifierRestartChecker.check(verifierRestarted("restart", "state-kept"), await evidence({ ...kept, afterRestart: health(2, "p1", 0) }))).toMatchObject({ valid: false, message: expect.stringMatching(/used-nonce record shrank/) });
    expect(verifierRestartChecker.check(verifierRestarted("restart", "state-kept"), await evidence(kept, 2))).toMatchObject({ valid: "unknown" });
  });

  it("fails on a broken chain", async () => {
    const ev = await evidence(kept);
    writeFileSync(join(attestDir, "audit.jsonl"), '{"i":0,"prev":"x"}\n{"i":1}\n{"i":2}\n');
    expect(verifierRestartChecker.check(verifierRestarted("restart", "state-kept"), ev)).toMatchObject({ valid: false, message: expect.stringMatching(/chain is broken/) });
  });

  it("state-lost (control): the policy was gone after the restart; fails when it was kept", async () => {
    expect(verifierRestartChecker.check(verifierRestarted("restart", "state-lost"), await evidence(lost))).toMatchObject({ valid: true });
    expect(verifierRestartChecker.check(verifierRestarted("restart", "state-lost"), await evidence(kept))).toMatchObject({ valid: false });
  });

  it("is unknown when the restart did not happen", async () => {
    expect(verifierRestartChecker.check(verifierRestarted("restart", "state-kept"), await evidence(undefined))).toMatchObject({ valid: "unknown" });
    expect(CheckerSpecSchema.parse(verifierRestarted("restart", "state-lost"))).toEqual({ kind: "verifier-restart", step: "restart", expect: "state-lost" });
  });
});
