// The attestation evidence checkers read: one line of the verifier's audit log (attestation/audit.jsonl). The one
// place a checker meets the attestation layer's record type.
export type { AppraisalRecord } from "../attest/verifier-service.ts";
