// The verifier service: HTTPS (RA-TLS client certs) for /challenge and /appraise, plain HTTP admin for the harness;
// each appraisal answers with a signed EAR (ES256 JWT) whose public key both servers publish as a JWKS.
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { dirname } from "node:path";
import type { TLSSocket } from "node:tls";
import { z } from "zod";
import { HarnessError } from "../../errors/harness-error.ts";
import type { Logger } from "../../log/logger.ts";
import { appraise, type AppraisalOutcome } from "./appraisal.ts";
import { AuditLog } from "./audit-log.ts";
import { AR4SI, emptyVector, makeEar, statusOf, type EarStatus } from "./ear.ts";
import { earClaims, JWKS_PATH, publicJwks, signEarJwt, type Jwks } from "./ear-jwt.ts";
import { NonceStore } from "./nonce-store.ts";
import { defaultReferenceValues, parseReferenceValues, type ReferenceValues } from "./reference-values.ts";
import { createServerIdentity, type ServerIdentity } from "./server-certificate.ts";
import { generateVerifierKeys, loadOrCreateVerifierKeys, VerifierStateDir, type VerifierKeys } from "./verifier-state.ts";

export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface VerifierServiceOptions {
  /** Listen address of both servers (default 0.0.0.0). */
  listenHost?: string;
  /** HTTPS port (default 8443; 0 = any free port). */
  port?: number;
  /** Admin HTTP port (default 8081; 0 = any free port). */
  adminPort?: number;
  /** Names the server certificate is issued for (DNS or IP). */
  hostNames?: string[];
  /** Where to write the server certificate PEM for clients to pin. */
  certOut?: string;
  /** Audit log file (JSONL, hash-chained); default <stateDir>/audit.jsonl, in memory when neither is set. */
  auditPath?: string;
  /**
   * Folder whose contents survive a restart: keys.json, policy.json (the last policy set), used-nonces.json and
   * audit.jsonl (the chain continues). Unset: policy, used nonces and (without auditPath) the audit live in memory only.
   */
  stateDir?: string;
  /** Folder for keys.json alone (EAR signing key, nonce MAC key), made on first start; default stateDir. */
  keyDir?: string;
  /** Keys to use as given (tests); default from keyDir, else fresh per start. */
  keys?: VerifierKeys;
  /** Initial policy (default: every check on, nothing endorsed → nothing is affirmed); a policy saved in stateDir wins. */
  policy?: ReferenceValues;
  nonceTtlMs?: number;
  now?: () => number;
  logger?: Logger;
  /** Reuse an identity (tests); default: a fresh key and certificate. */
  identity?: ServerIdentity;
}

export interface AppraiseRequestBody {
  appId: string;
  executorId: string;
  host: string;
  /** base64 of binary_runtime_measurements */
  imaLog: string;
}

/** One line of the audit log (JSON), as the service writes it; `prev` is added by AuditLog. */
export interface AppraisalRecord {
  time: string;
  appraisalId: string;
  appId: string;
  executorId: string;
  host: string;
  peer: string | undefined;
  status: EarStatus;
  reasons: string[];
  skipped: string[];
  policyId: string;
  evidence: AppraisalOutcome["evidence"];
  /** The signed EAR (compact JWS) the attester received (absent in records from before signed EARs). */
  earJwt?: string;
}

const AppraiseBodySchema = z.strictObject({
  appId: z.string().min(1).max(256),
  executorId: z.string().min(1).max(256),
  host: z.string().min(1).max(256),
  imaLog: z.string().max(MAX_BODY_BYTES).regex(/^[A-Za-z0-9+/]*={0,2}$/, "base64"),
});

export class StartedVerifier implements AsyncDisposable {
  readonly nonces: NonceStore;
  readonly audit: AuditLog;
  readonly identity: ServerIdentity;
  readonly keys: VerifierKeys;
  readonly state: VerifierStateDir | undefined;
  #policy: ReferenceValues;
  readonly #servers: Server[];
  readonly #logger: Logger | undefined;

  constructor(parts: { nonces: NonceStore; audit: AuditLog; identity: ServerIdentity; keys: VerifierKeys; state?: VerifierStateDir; policy: ReferenceValues; servers: Server[]; logger?: Logger }) {
    this.nonces = parts.nonces;
    this.audit = parts.audit;
    this.identity = parts.identity;
    this.keys = parts.keys;
    this.state = parts.state;
    this.#policy = parts.policy;
    this.#servers = parts.servers;
    this.#logger = parts.logger;
  }

  /** The public EAR signing key as a JWKS (what GET /.well-known/jwks.json serves). */
  get jwks(): Jwks {
    return publicJwks(this.keys.signing);
  }

  get port(): number {
    return (this.#servers[0]!.address() as AddressInfo).port;
  }
  get adminPort(): number {
    return (this.#servers[1]!.address() as AddressInfo).port;
  }
  /** https://127.0.0.1:<port> */
  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }
  /** http://127.0.0.1:<adminPort> */
  get adminUrl(): string {
    return `http://127.0.0.1:${this.adminPort}`;
  }
  get policy(): ReferenceValues {
    return this.#policy;
  }
  /** Replaces the policy (what PUT /policy does); input is validated, and saved when there is a state folder. */
  setPolicy(input: unknown): ReferenceValues {
    const policy = parseReferenceValues(input);
    this.state?.savePolicy(policy);
    this.#policy = policy;
    this.#logger?.info({ policyId: this.#policy.policyId, checks: this.#policy.checks }, "policy replaced");
    return this.#policy;
  }

  async close(): Promise<void> {
    await Promise.all(
      this.#servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections?.();
          }),
      ),
    );
  }
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** Starts both servers and writes the certificate PEM to certOut; resolves once both listen. */
export async function startVerifier(o: VerifierServiceOptions = {}): Promise<StartedVerifier> {
  const identity = o.identity ?? (await createServerIdentity(o.hostNames ?? []));
  if (o.certOut) {
    mkdirSync(dirname(o.certOut), { recursive: true });
    writeFileSync(o.certOut, identity.certPem, { mode: 0o644 });
  }
  const now = o.now ?? Date.now;
  const state = o.stateDir ? new VerifierStateDir(o.stateDir) : undefined;
  const keyDir = o.keyDir ?? o.stateDir;
  const keys = o.keys ?? (keyDir ? loadOrCreateVerifierKeys(keyDir) : generateVerifierKeys());
  const nonces = new NonceStore({ ttlMs: o.nonceTtlMs, now, key: keys.nonceKey, used: state?.loadUsedNonces(), onUsed: state && ((used) => state.saveUsedNonces(used)) });
  const audit = new AuditLog(o.auditPath ?? state?.auditPath);
  const policy = state?.loadPolicy() ?? o.policy ?? defaultReferenceValues();
  const log = o.logger;
  const https = createHttpsServer({ key: identity.keyPem, cert: identity.certPem, requestCert: true, rejectUnauthorized: false, minVersion: "TLSv1.2" });
  const admin = createHttpServer();
  const verifier = new StartedVerifier({ nonces, audit, identity, keys, state, policy, servers: [https, admin], logger: log });

  https.on("request", (req, res) => {
    void handle(res, async () => {
      if (req.url === JWKS_PATH && req.method === "GET") return reply(res, 200, verifier.jwks);
      if (req.url === "/challenge") {
        if (req.method !== "GET") return reply(res, 405, { error: "GET only" });
        const issued = nonces.issue();
        return reply(res, 200, { nonce: Buffer.from(issued.nonce).toString("base64"), expiresAt: issued.expiresAt.toISOString() });
      }
      if (req.url === "/appraise") {
        if (req.method !== "POST") return reply(res, 405, { error: "POST only" });
        const parsed = AppraiseBodySchema.safeParse(await readJson(req));
        if (!parsed.success) return reply(res, 400, { error: `bad /appraise body: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` });
        const body = parsed.data;
        const peer = (req.socket as TLSSocket).getPeerCertificate?.(true);
        const certDer = peer && peer.raw ? new Uint8Array(peer.raw) : undefined;
        const appraisalId = `apr-${randomUUID()}`;
        let outcome: AppraisalOutcome;
        try {
          outcome = await appraise({ certDer, imaLog: Buffer.from(body.imaLog, "base64"), nonces, policy: verifier.policy, now: now() });
        } catch (e) {
          outcome = failClosed(e, verifier.policy.policyId, now());
        }
        const claims = earClaims(outcome.ear, outcome.evidence.nonce ? Buffer.from(outcome.evidence.nonce, "hex") : undefined);
        const earJwt = signEarJwt(claims, keys.signing);
        const record: AppraisalRecord = {
          time: new Date(now()).toISOString(),
          appraisalId,
          appId: body.appId,
          executorId: body.executorId,
          host: body.host,
          peer: req.socket.remoteAddress,
          status: outcome.status,
          reasons: outcome.ear.reasons,
          skipped: outcome.ear.skipped,
          policyId: verifier.policy.policyId,
          evidence: outcome.evidence,
          earJwt,
        };
        audit.append({ ...record });
        log?.info({ appraisalId, appId: body.appId, executorId: body.executorId, host: body.host, status: outcome.status, reasons: outcome.ear.reasons, skipped: outcome.ear.skipped }, "appraisal");
        return reply(res, 200, { status: outcome.status, appraisalId, ear: claims, earJwt, reasons: outcome.ear.reasons });
      }
      return reply(res, 404, { error: `no such endpoint ${req.method} ${req.url}; try GET /challenge, POST /appraise, GET ${JWKS_PATH}` });
    });
  });
  https.on("tlsClientError", (e) => log?.debug({ err: e.message }, "TLS handshake failed"));

  admin.on("request", (req, res) => {
    void handle(res, async () => {
      if (req.url === JWKS_PATH && req.method === "GET") return reply(res, 200, verifier.jwks);
      if (req.url === "/health" && req.method === "GET")
        return reply(res, 200, { ok: true, appraisals: audit.size, outstandingNonces: nonces.outstanding, usedNonces: nonces.usedEntries().length, policyId: verifier.policy.policyId, policyDigest: policyDigest(verifier.policy), checks: verifier.policy.checks });
      if (req.url === "/policy" && req.method === "PUT") {
        try {
          const p = verifier.setPolicy(await readJson(req));
          return reply(res, 200, { ok: true, policyId: p.policyId, checks: p.checks });
        } catch (e) {
          return reply(res, 400, { error: (e as Error).message });
        }
      }
      if (req.url === "/appraisals" && req.method === "GET") {
        res.writeHead(200, { "content-type": "application/x-ndjson" });
        res.end(audit.text());
        return;
      }
      return reply(res, 404, { error: `no such endpoint ${req.method} ${req.url}; try GET /health, PUT /policy, GET /appraisals, GET ${JWKS_PATH}` });
    });
  });

  const host = o.listenHost ?? "0.0.0.0";
  await listen(https, o.port ?? 8443, host);
  await listen(admin, o.adminPort ?? 8081, host);
  log?.info({ port: verifier.port, adminPort: verifier.adminPort, certOut: o.certOut, audit: audit.path, stateDir: o.stateDir, keyDir, earKid: keys.signing.publicJwk.kid, usedNonces: nonces.usedEntries().length }, "verifier listening");
  return verifier;
}

/** SHA-256 (hex, 16 digits) of the policy's JSON: tells two policies with the same policyId apart (e.g. across a restart). */
export function policyDigest(policy: ReferenceValues): string {
  return createHash("sha256").update(JSON.stringify(policy)).digest("hex").slice(0, 16);
}

/** An EAR for an appraisal that crashed: contraindicated, never affirming. */
function failClosed(e: unknown, policyId: string, now: number): AppraisalOutcome {
  const vector = emptyVector();
  vector["instance-identity"] = AR4SI.MALFUNCTION;
  const ear = makeEar({ vector, reasons: [`internal: ${(e as Error)?.message ?? String(e)}`], skipped: [], policyId, now });
  return { status: statusOf(ear), ear, evidence: {} };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => reject(new HarnessError("INVALID_INPUT", `verifier cannot listen on ${host}:${port}: ${e.message}`, { cause: e }));
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

async function handle(res: ServerResponse, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (!res.headersSent) reply(res, e instanceof BodyError ? 400 : 500, { error: (e as Error).message });
    else res.destroy();
  }
}

function reply(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

class BodyError extends Error {}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyError(`request body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(c as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (e) {
    throw new BodyError(`request body is not JSON: ${(e as Error).message}`);
  }
}
