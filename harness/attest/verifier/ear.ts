// EAR-shaped appraisal results (Veraison "EAT Attestation Results") with an AR4SI trustworthiness vector.

export const EAR_PROFILE = "tag:github.com,2023:veraison/ear";
export const EAR_SUBMOD = "cca-realm";
export type EarStatus = "affirming" | "warning" | "contraindicated" | "none";

export const TRUST_CLAIMS = [
  "instance-identity",
  "configuration",
  "executables",
  "file-system",
  "hardware",
  "runtime-opaque",
  "storage-opaque",
  "sourced-data",
] as const;
export type TrustClaim = (typeof TRUST_CLAIMS)[number];
export type TrustVector = Record<TrustClaim, number>;

/** AR4SI values this verifier uses (draft-ietf-rats-ar4si §2.3). */
export const AR4SI = {
  /** no claim made (check skipped or not applicable) */
  NONE: 0,
  /** verifier malfunction */
  MALFUNCTION: 1,
  /** affirming: trustworthy instance / approved config / genuine hardware / encrypted memory / approved files */
  AFFIRMING: 2,
  /** executables: only approved executables, scripts and files loaded (Trustee's CCA policy: RIM matched) */
  APPROVED_EXECUTABLES: 3,
  /** warning tier: unsafe configuration / unrecognized (but genuine) run-time */
  UNSAFE: 32,
  /** executables: unrecognized run-time (Trustee's CCA policy when the RIM does not match) */
  UNRECOGNIZED_RUNTIME: 33,
  /** contraindicated tier: contraindicated instance / config / files */
  CONTRAINDICATED: 96,
  /** contraindicated: unrecognized instance or hardware (not endorsed) */
  UNRECOGNIZED: 97,
  /** cryptographic validation failed */
  CRYPTO_FAILED: 99,
} as const;

export interface EarSubmod {
  "ear.status": EarStatus;
  "ear.trustworthiness-vector": TrustVector;
  "ear.appraisal-policy-id": string;
}

export interface Ear {
  eat_profile: typeof EAR_PROFILE;
  /** Seconds since the epoch. */
  iat: number;
  "ear.verifier-id": { developer: string; build: string };
  submods: { [EAR_SUBMOD]: EarSubmod };
  /** Why the status is not affirming: one line per failed check, "<check>: <what>". */
  reasons: string[];
  /** Checks switched off in the policy: never counted, pass or fail (the audit record says what each would have said). */
  skipped: string[];
}

export const VERIFIER_ID = { developer: "shieldlab", build: "shieldlab-attest-verifier 0.1.0" } as const;

/** A vector with every claim at 0 ("no claim"). */
export function emptyVector(): TrustVector {
  return Object.fromEntries(TRUST_CLAIMS.map((c) => [c, AR4SI.NONE])) as TrustVector;
}

/** AR4SI tier of one value: 0 none, 2–31 affirming, 32–95 warning, 96–127 contraindicated (1 = malfunction counts as contraindicated). */
export function tierOf(value: number): EarStatus {
  if (value === 0) return "none";
  if (value >= 2 && value <= 31) return "affirming";
  if (value >= 32 && value <= 95) return "warning";
  return "contraindicated";
}

/**
 * Our status rule (fail closed): any failed check → contraindicated, whatever the tier of the value it set
 * (so an unrecognized RIM, AR4SI 33, is refused, not merely warned about); otherwise the worst tier in the
 * vector; a vector with no claim at all → none. Only "affirming" lets an executor start.
 */
export function earStatus(vector: TrustVector, reasons: readonly string[]): EarStatus {
  if (reasons.length > 0) return "contraindicated";
  const tiers = TRUST_CLAIMS.map((c) => tierOf(vector[c]));
  if (tiers.includes("contraindicated")) return "contraindicated";
  if (tiers.includes("warning")) return "warning";
  return tiers.includes("affirming") ? "affirming" : "none";
}

/** Assembles the EAR. */
export function makeEar(o: { vector: TrustVector; reasons: string[]; skipped: string[]; policyId: string; now?: number }): Ear {
  return {
    eat_profile: EAR_PROFILE,
    iat: Math.floor((o.now ?? Date.now()) / 1000),
    "ear.verifier-id": { ...VERIFIER_ID },
    submods: {
      [EAR_SUBMOD]: {
        "ear.status": earStatus(o.vector, o.reasons),
        "ear.trustworthiness-vector": o.vector,
        "ear.appraisal-policy-id": o.policyId,
      },
    },
    reasons: o.reasons,
    skipped: o.skipped,
  };
}

/** The status of the one submod. */
export function statusOf(ear: Ear): EarStatus {
  return ear.submods[EAR_SUBMOD]["ear.status"];
}
