// The attestation evidence checkers read: one line of the verifier's audit log (attestation/audit.jsonl) and the names of the
// verifier's checks it records; the one place a checker meets the attestation layer's types.
export type { AppraisalRecord } from "../attest/verifier/verifier-service.ts";
export type { VerifierCheck } from "../attest/host/attestation-options.ts";
