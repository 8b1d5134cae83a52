// The RA-TLS client's logic: challenge → key pair → claims → token → certificate → POST /appraise, with exit codes.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isHarnessError } from "../../errors/harness-error.ts";
import type { Logger } from "../../log/logger.ts";
import type { Ear, EarStatus } from "../verifier/ear.ts";
import { encodeClaimsBuffer, teeChallenge } from "../ratls/ratls-claims.ts";
import { createRatlsCertificate, generateRatlsKeyPair } from "../ratls/ratls-certificate.ts";
import { callVerifier } from "./verifier-client.ts";
import { forgeEarJwt } from "./forged-ear.ts";

export const EXIT = { affirming: 0, usage: 2, refused: 3, unreachable: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
export const LAST_EVIDENCE_FILE = "last-evidence.json";

export interface AttestOptions {
  /** https://host:8443 */
  verifierUrl: string;
  verifierCertPem: string;
  appId: string;
  executorId: string;
  host: string;
  /** The TEE: 64-byte challenge in, attestation token out (configfs-tsm in the CLI). */
  getToken: (challenge: Uint8Array) => Promise<Uint8Array>;
  /** binary_runtime_measurements, read after the token so that it covers at least what REM[0] does. */
  readImaLog: () => Promise<Uint8Array>;
  /** Where last-evidence.json is kept; none = not saved. */
  stateDir?: string;
  /** replayEvidence: re-send last-evidence.json instead of fresh evidence (the stale-nonce attack); forgeEar: hand
   * back a forged EAR signed by a fresh key instead of the verifier's (the att-forged-ear attack). */
  faults?: { replayEvidence?: boolean; forgeEar?: boolean };
  /** The challenge to answer (the driver bound it to this executor); absent: GET /challenge from the verifier. */
  nonce?: Uint8Array;
  /** Per HTTP request (default 30 000). */
  timeoutMs?: number;
  logger?: Logger;
}

/** The one JSON line the CLI prints. */
export interface AttestOutput {
  status: EarStatus | "unreachable" | "error";
  appraisalId: string | null;
  reasons: string[];
  ear: Ear | null;
  /** The signed EAR (compact JWS, ES256) as the verifier issued it; absent when there was no appraisal. */
  earJwt?: string;
}

export interface AttestResult {
  exitCode: ExitCode;
  output: AttestOutput;
}

interface SavedEvidence {
  savedAt: string;
  certPem: string;
  keyPem: string;
  /** base64 */
  imaLog: string;
}

/** Runs one attestation; never throws: every failure maps to an exit code and an output line. */
export async function attest(o: AttestOptions): Promise<AttestResult> {
  const log = o.logger;
  const timeoutMs = o.timeoutMs ?? 30_000;
  const base = o.verifierUrl.replace(/\/+$/, "");
  try {
    const saved = o.faults?.replayEvidence ? loadSaved(o.stateDir) : undefined;
    if (o.faults?.replayEvidence && !saved) log?.warn({ stateDir: o.stateDir }, "replayEvidence fault set but no saved evidence: sending fresh evidence");
    const evidence = saved ?? (await freshEvidence(o, base, timeoutMs));
    if (!saved && o.stateDir) save(o.stateDir, evidence);
    if (saved) log?.warn({ savedAt: saved.savedAt }, "fault replayEvidence: re-sending saved evidence");
    const res = await callVerifier(`${base}/appraise`, {
      verifierCertPem: o.verifierCertPem,
      method: "POST",
      body: { appId: o.appId, executorId: o.executorId, host: o.host, imaLog: evidence.imaLog },
      clientCertPem: evidence.certPem,
      clientKeyPem: evidence.keyPem,
      timeoutMs,
    });
    if (res.status !== 200) throw new Error(`POST /appraise: HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
    const body = res.body as { status: EarStatus; appraisalId: string; reasons: string[]; ear: Ear; earJwt?: string };
    let earJwt = typeof body.earJwt === "string" ? body.earJwt : undefined;
    let status = body.status;
    if (o.faults?.forgeEar && earJwt) {
      log?.warn({ realStatus: body.status }, "fault forgeEar: handing back a forged affirming EAR signed by a fresh key");
      earJwt = forgeEarJwt(earJwt);
      status = "affirming";
    }
    const output: AttestOutput = { status, appraisalId: body.appraisalId, reasons: body.reasons ?? [], ear: body.ear ?? null, ...(earJwt ? { earJwt } : {}) };
    log?.info({ status: body.status, appraisalId: body.appraisalId, reasons: body.reasons }, "appraisal result");
    return { exitCode: status === "affirming" ? EXIT.affirming : EXIT.refused, output };
  } catch (e) {
    const unreachable = isHarnessError(e, "VERIFIER_UNREACHABLE");
    log?.error({ err: (e as Error).message }, unreachable ? "verifier unreachable" : "attestation failed");
    return {
      exitCode: unreachable ? EXIT.unreachable : EXIT.usage,
      output: { status: unreachable ? "unreachable" : "error", appraisalId: null, reasons: [(e as Error).message ?? String(e)], ear: null },
    };
  }
}

async function freshEvidence(o: AttestOptions, base: string, timeoutMs: number): Promise<SavedEvidence> {
  const nonce = o.nonce ?? (await verifierChallenge(o, base, timeoutMs));
  const keyPair = await generateRatlsKeyPair();
  const claimsBuffer = encodeClaimsBuffer(keyPair.spki, nonce);
  const token = await o.getToken(teeChallenge(claimsBuffer));
  const imaLog = await o.readImaLog();
  const cert = await createRatlsCertificate({ keyPair, evidence: token, claimsBuffer });
  o.logger?.debug({ tokenBytes: token.length, imaLogBytes: imaLog.length }, "evidence made");
  return { savedAt: new Date().toISOString(), certPem: cert.pem, keyPem: keyPair.privateKeyPem, imaLog: Buffer.from(imaLog).toString("base64") };
}

async function verifierChallenge(o: AttestOptions, base: string, timeoutMs: number): Promise<Uint8Array> {
  const ch = await callVerifier(`${base}/challenge`, { verifierCertPem: o.verifierCertPem, method: "GET", timeoutMs });
  const nonceB64 = (ch.body as { nonce?: unknown }).nonce;
  if (ch.status !== 200 || typeof nonceB64 !== "string") throw new Error(`GET /challenge: HTTP ${ch.status}: ${JSON.stringify(ch.body).slice(0, 200)}`);
  return new Uint8Array(Buffer.from(nonceB64, "base64"));
}

function save(stateDir: string, e: SavedEvidence): void {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(join(stateDir, LAST_EVIDENCE_FILE), JSON.stringify(e), { mode: 0o600 });
}

function loadSaved(stateDir: string | undefined): SavedEvidence | undefined {
  if (!stateDir) return undefined;
  const file = join(stateDir, LAST_EVIDENCE_FILE);
  if (!existsSync(file)) return undefined;
  const v = JSON.parse(readFileSync(file, "utf8")) as Partial<SavedEvidence>;
  if (typeof v.certPem !== "string" || typeof v.keyPem !== "string" || typeof v.imaLog !== "string") throw new Error(`${file} is not saved evidence`);
  return v as SavedEvidence;
}
