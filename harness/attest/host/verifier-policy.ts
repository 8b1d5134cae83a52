// The verifier's policy for a scenario, built from the image itself: its RIM (the image id), the digests of every
// file the IMA rule can measure (a Keylime runtime policy), the endorsed CPAK, and the scenario's overrides.
import { createPublicKey } from "node:crypto";
import { defaultPlatformClaims } from "../../cca/index.ts";
import { HarnessError } from "../../errors/harness-error.ts";
import { swComponentsReference } from "../verifier/reference-values.ts";
import { VERIFIER_CHECKS, type VerifierOverrides } from "./attestation-options.ts";

export interface ImageReference {
  /** SHA-256 of the image content (docker image id), the realm's initial measurement. */
  rimHex: string;
  /** path → sha256 hex of each attest-owned file in the clean image. */
  digests: Record<string, string>;
}

/** `sha256sum` output → { path: hex }; a line that is not `<64 hex>  <path>` is an error naming it. */
export function parseDigestList(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [i, line] of text.split("\n").entries()) {
    if (!line.trim()) continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) throw new HarnessError("INVALID_INPUT", `sha256sum output line ${i + 1} is not "<digest>  <path>": ${JSON.stringify(line.slice(0, 120))}`);
    out[m[2]!] = m[1]!;
  }
  return out;
}

/** The JSON the verifier's PUT /policy takes (harness/attest/reference-values.ts validates it there). */
export function buildVerifierPolicy(ref: ImageReference, o: VerifierOverrides, cpakPublicPem: string, foreignPlatformPems: string[]): Record<string, unknown> {
  const checks = Object.fromEntries(VERIFIER_CHECKS.map((c) => [c, !o.disable.includes(c)]));
  // the emulated platform's firmware components (harness/cca defaults) are the reference for the platform check
  const swComponents = swComponentsReference(defaultPlatformClaims(createPublicKey(cpakPublicPem)).swComponents);
  return {
    policyId: "shieldlab/cca-realm-ima",
    platformSwComponents: swComponents,
    endorsedPlatformKeys: [cpakPublicPem, ...(o.endorseForeignPlatform ? foreignPlatformPems : [])],
    endorsedRealmKeys: [],
    rims: [...(o.omitRim ? [] : [ref.rimHex]), ...o.extraRims],
    runtimePolicy: {
      meta: { version: 1, generator: "shieldlab" },
      release: 0,
      digests: Object.fromEntries(Object.entries(ref.digests).map(([p, d]) => [p, [d]])),
      excludes: [],
      keyrings: {},
      ima: { ignored_keyrings: [], log_hash_alg: "sha256", dm_policy: null },
      "ima-buf": {},
      "verification-keys": "",
    },
    bootAggregateHex: ref.rimHex,
    checks,
  };
}
