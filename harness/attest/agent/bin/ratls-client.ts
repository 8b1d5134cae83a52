// ratls-client: attests this realm to the verifier over RA-TLS (the default Spark agent's worker). Bundled by esbuild
// for Node 18 (ratls-client.cjs): no Node-20-only APIs here or in what it imports.
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { parseArgs } from "node:util";
import pino from "pino";
import { REDACT_PATHS } from "../../../log/logger.ts";
import { readDeviceFaults } from "../../device/device-faults.ts";
import { attest, EXIT, type AttestOutput } from "../ratls-client.ts";
import { requestTsmReport } from "../tsm-report-client.ts";

const HELP = `ratls-client — attest this realm to the verifier over RA-TLS

Usage: node ratls-client.cjs attest --verifier URL --ca FILE --app-id ID --executor-id ID [options]

What it does
  1. GET <verifier>/challenge → a 32-byte nonce (TLS, the verifier's certificate pinned from --ca)
  2. a fresh P-256 key; the claims buffer {"pubkey-hash": [1, SHA-256(SPKI)], "nonce": nonce} (CBOR)
  3. challenge = SHA-256(claims buffer) ‖ 32 zero bytes, through configfs-tsm under --tsm-root: mkdir a report,
     read generation, write inblob, wait for generation to move, read outblob (the CCA token), rmdir
  4. reads the IMA log (--ima-log), makes a self-signed certificate with extension 2.23.133.5.4.9 =
     CBOR 399([token, claims buffer]), and POSTs /appraise with it as the TLS client certificate
  5. prints ONE JSON line on stdout: {"status","appraisalId","reasons","ear","earJwt"}; logs go to stderr
     (earJwt: the verifier's signed EAR, ES256; its key is at <verifier>/.well-known/jwks.json)
  Saves what it sent (certificate, key, IMA log) to <state-dir>/last-evidence.json. With {"replayEvidence": true}
  in --faults it re-sends that instead of fresh evidence (the stale-nonce attack).

Options
  --verifier URL        e.g. https://shieldlab-abc123-verifier:8443 (required)
  --ca FILE             the verifier's certificate PEM, pinned (default /shared/attest/verifier-cert.pem)
  --app-id ID           YARN application id (required)
  --executor-id ID      Spark executor id (required)
  --host NAME           reported host name (default: this host's name)
  --tsm-root DIR        configfs-tsm report root (default /run/shieldlab/tsm/report; a real realm:
                        /sys/kernel/config/tsm/report)
  --ima-log FILE        binary_runtime_measurements (default /run/shieldlab/ima/binary_runtime_measurements)
  --faults FILE         fault file (default /run/shieldlab/faults.json; absent = no faults)
  --state-dir DIR       where last-evidence.json is kept (default /var/lib/shieldlab/attest)
  --nonce B64           answer this challenge (base64; the Spark driver bound it to this executor) instead of
                        GET /challenge. With {"forgeEar": true} in --faults the client hands back a forged EAR
                        (affirming, signed by a fresh key under the verifier's kid): the att-forged-ear attack
  --timeout-ms N        per verifier request and for the token (default 30000)
  --log-level LEVEL     stderr log level (default info)
  -h, --help            this text

Exit status
  0 affirming   3 refused (any other EAR status)   4 verifier unreachable (refused connection, timeout, DNS)
  2 bad usage or internal error (also: the verifier's certificate is not the pinned one)
`;

const OPTIONS = {
  verifier: { type: "string" },
  ca: { type: "string", default: "/shared/attest/verifier-cert.pem" },
  "app-id": { type: "string" },
  "executor-id": { type: "string" },
  host: { type: "string" },
  "tsm-root": { type: "string", default: "/run/shieldlab/tsm/report" },
  "ima-log": { type: "string", default: "/run/shieldlab/ima/binary_runtime_measurements" },
  faults: { type: "string", default: "/run/shieldlab/faults.json" },
  "state-dir": { type: "string", default: "/var/lib/shieldlab/attest" },
  nonce: { type: "string" },
  "timeout-ms": { type: "string", default: "30000" },
  "log-level": { type: "string", default: "info" },
  help: { type: "boolean", short: "h" },
} as const;

function print(out: AttestOutput): void {
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function usage(message: string, showHelp = true): number {
  process.stderr.write(`ratls-client: ${message}\n${showHelp ? `\n${HELP}` : ""}`);
  print({ status: "error", appraisalId: null, reasons: [message], ear: null });
  return EXIT.usage;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (e) {
    return usage((e as Error).message);
  }
  const a = parsed.values;
  if (a.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (parsed.positionals.length !== 1 || parsed.positionals[0] !== "attest") return usage(`expected the command "attest", got ${JSON.stringify(parsed.positionals.join(" "))}`);
  for (const k of ["verifier", "app-id", "executor-id"] as const) if (!a[k]) return usage(`--${k} is required`);
  const nonce = a.nonce === undefined ? undefined : new Uint8Array(Buffer.from(a.nonce, "base64"));
  if (a.nonce !== undefined && (!/^[A-Za-z0-9+/]+={0,2}$/.test(a.nonce) || nonce!.length === 0)) return usage(`--nonce must be base64, got ${JSON.stringify(a.nonce)}`);
  const timeoutMs = Number(a["timeout-ms"]);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) return usage(`--timeout-ms must be a positive integer, got ${JSON.stringify(a["timeout-ms"])}`);
  const logger = pino({ level: a["log-level"], base: { component: "ratls-client" }, redact: { paths: REDACT_PATHS, censor: "[redacted]" } }, pino.destination({ dest: 2, sync: true }));
  let caPem: string;
  let faults;
  try {
    caPem = readFileSync(a.ca, "utf8");
    faults = readDeviceFaults(a.faults);
  } catch (e) {
    return usage((e as Error).message, false);
  }
  const result = await attest({
    verifierUrl: a.verifier!,
    verifierCertPem: caPem,
    appId: a["app-id"]!,
    executorId: a["executor-id"]!,
    host: a.host ?? hostname(),
    getToken: async (challenge) => (await requestTsmReport(challenge, { root: a["tsm-root"], timeoutMs })).outblob,
    readImaLog: async () => readFileSync(a["ima-log"]),
    stateDir: a["state-dir"],
    faults: { replayEvidence: faults.replayEvidence === true, forgeEar: faults.forgeEar === true },
    ...(nonce ? { nonce } : {}),
    timeoutMs,
    logger,
  });
  print(result.output);
  return result.exitCode;
}

void main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    print({ status: "error", appraisalId: null, reasons: [String((e as Error)?.message ?? e)], ear: null });
    process.exit(EXIT.usage);
  },
);
