// verifier: the attestation verifier service (its own container). Bundled by esbuild for Node 18 (verifier.cjs):
// no Node-20-only APIs here or in what it imports.
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { parseArgs } from "node:util";
import pino from "pino";
import { REDACT_PATHS } from "../../../log/logger.ts";
import { parseReferenceValues } from "../reference-values.ts";
import { startVerifier } from "../verifier-service.ts";

const HELP = `verifier — appraises RA-TLS evidence (Arm CCA token + IMA log) and answers with EAR results

Usage: node verifier.cjs [options]

Endpoints
  https://<host>:<port>  (TLS with its own self-signed certificate; client certificates requested, not chain-checked:
                          RA-TLS certificates are self-signed, the handler checks the evidence in them)
    GET  /challenge   → {"nonce": base64(32 bytes), "expiresAt": ISO time}   single use, --nonce-ttl-ms
    POST /appraise    body {"appId","executorId","host","imaLog": base64(binary_runtime_measurements)}, sent with
                      the RA-TLS client certificate → {"status","appraisalId","ear","earJwt","reasons"}
                      earJwt: the EAR signed as a JWT (compact JWS, ES256, header kid), eat_nonce = the nonce
    GET  /.well-known/jwks.json  → the public EAR signing key as a JWKS (also on the admin port)
  http://<host>:<admin-port>  (harness only)
    GET  /health      → {"ok":true,"appraisals":n,"outstandingNonces":n,"usedNonces":n,"policyId","policyDigest","checks"}
    PUT  /policy      reference values + which checks are on (JSON; see harness/attest/README.md); 400 names a bad key
    GET  /appraisals  the audit log, JSON lines, each with "prev" = SHA-256 of the line before and the signed "earJwt"

Options
  --port N            HTTPS port (default 8443; 0 = any free port)
  --admin-port N      admin HTTP port (default 8081)
  --listen ADDR       listen address of both (default 0.0.0.0)
  --host-name NAME    a name or IP the server certificate is issued for (repeatable; default: this host's name)
  --cert-out FILE     where the server certificate PEM is written for clients to pin
                      (default /shared/attest/verifier-cert.pem)
  --audit FILE        hash-chained audit log, appended (default <state-dir>/audit.jsonl, else
                      /var/lib/shieldlab/verifier/audit.jsonl)
  --state-dir DIR     keep keys, the last policy, the used-nonce record and the audit chain in DIR so that a restarted
                      verifier goes on where it stopped (a nonce used before the restart is still refused); without it
                      policy and used nonces live in memory only
  --key-dir DIR       keep only keys.json (EAR signing key, nonce MAC key; mode 0600) in DIR (default: --state-dir;
                      neither: fresh keys per start). Never served nor logged; the JWKS carries the public half only
  --policy FILE       initial policy JSON (default: every check on, nothing endorsed, so nothing is affirmed)
  --nonce-ttl-ms N    nonce lifetime (default 60000)
  --log-level LEVEL   pino level for the JSON log on stderr (default info); one line per appraisal
  -h, --help          this text

Fails closed: an appraisal that throws is "contraindicated" with the reason; nothing is affirming by default.
Example:
  node verifier.cjs --host-name shieldlab-abc123-verifier --cert-out /shared/attest/verifier-cert.pem
  curl -X PUT --data @policy.json http://localhost:8081/policy
`;

const OPTIONS = {
  port: { type: "string", default: "8443" },
  "admin-port": { type: "string", default: "8081" },
  listen: { type: "string", default: "0.0.0.0" },
  "host-name": { type: "string", multiple: true },
  "cert-out": { type: "string", default: "/shared/attest/verifier-cert.pem" },
  audit: { type: "string" },
  "state-dir": { type: "string" },
  "key-dir": { type: "string" },
  policy: { type: "string" },
  "nonce-ttl-ms": { type: "string", default: "60000" },
  "log-level": { type: "string", default: "info" },
  help: { type: "boolean", short: "h" },
} as const;

function int(name: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer ${min}–${max}, got ${JSON.stringify(v)}`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    process.stderr.write(`verifier: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (a.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const logger = pino({ level: a["log-level"], base: { component: "verifier" }, redact: { paths: REDACT_PATHS, censor: "[redacted]" } }, pino.destination({ dest: 2, sync: true }));
  try {
    const policy = a.policy ? parseReferenceValues(readFileSync(a.policy, "utf8"), `policy ${a.policy}`) : undefined;
    const verifier = await startVerifier({
      port: int("port", a.port, 0, 65535),
      adminPort: int("admin-port", a["admin-port"], 0, 65535),
      listenHost: a.listen,
      hostNames: a["host-name"] ?? [hostname()],
      certOut: a["cert-out"],
      auditPath: a.audit ?? (a["state-dir"] ? undefined : "/var/lib/shieldlab/verifier/audit.jsonl"),
      stateDir: a["state-dir"],
      keyDir: a["key-dir"],
      policy,
      nonceTtlMs: int("nonce-ttl-ms", a["nonce-ttl-ms"], 1, 86_400_000),
      logger,
    });
    const stop = (signal: string): void => {
      logger.info({ signal }, "stopping");
      void verifier.close().then(() => process.exit(0));
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
    return -1; // keep running
  } catch (e) {
    logger.fatal({ err: (e as Error).message }, "verifier failed to start");
    process.stderr.write(`verifier: ${(e as Error).message}\n`);
    return 2;
  }
}

void main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exit(code);
});
