// How the verifier container runs: its state mode ("durable": --state-dir, policy + used nonces + audit chain survive a
// restart; "memory": --key-dir only, it keeps its keys but forgets policy and used nonces) is read from a file at each
// start, so a restart of the same container can switch it for real.
import { ATTEST_DIR, VERIFIER_ADMIN_PORT, VERIFIER_CERT, VERIFIER_PORT } from "./attestation-paths.ts";
import { shellQuote } from "./node-commands.ts";

export const VERIFIER_HOME = "/var/lib/shieldlab/verifier";
export const VERIFIER_STATE_DIR = `${VERIFIER_HOME}/state`;
export const VERIFIER_AUDIT = `${VERIFIER_HOME}/audit.jsonl`;
/** The file the container's command reads its state arguments from at each start. */
export const VERIFIER_MODE_FILE = `${VERIFIER_HOME}/state-args`;
/**
 * Nonce lifetime: long enough that a nonce from a job before a restart is still unexpired when it is replayed after it
 * (so only the used-nonce record can refuse it); single use is the replay defence, and the relying party bounds the
 * EAR's own age (iat) separately.
 */
export const VERIFIER_NONCE_TTL_MS = 600_000;

export type VerifierStateMode = "durable" | "memory";

/** The verifier's state arguments for a mode (keys live in the same folder either way, so they survive both). */
export function verifierStateArgs(mode: VerifierStateMode): string[] {
  return mode === "durable" ? ["--state-dir", VERIFIER_STATE_DIR] : ["--key-dir", VERIFIER_STATE_DIR];
}

/** The container's command: node verifier.cjs with the fixed options and the state arguments of VERIFIER_MODE_FILE (default durable). */
export function verifierContainerCommand(hostName: string): string[] {
  const fixed = [
    "node", `${ATTEST_DIR}/verifier.cjs`,
    "--port", String(VERIFIER_PORT), "--admin-port", String(VERIFIER_ADMIN_PORT),
    "--cert-out", VERIFIER_CERT, "--host-name", hostName,
    "--audit", VERIFIER_AUDIT, "--nonce-ttl-ms", String(VERIFIER_NONCE_TTL_MS),
  ].map(shellQuote).join(" ");
  const dflt = verifierStateArgs("durable").join(" ");
  return ["bash", "-c", `mkdir -p ${VERIFIER_HOME} && ARGS=$(cat ${VERIFIER_MODE_FILE} 2>/dev/null || echo ${dflt}) && exec ${fixed} $ARGS`];
}
