// The verifier's policy: endorsed keys, reference values, the Keylime runtime policy, and which checks are on (zod).
import { createPublicKey, type KeyObject } from "node:crypto";
import { z } from "zod";
import type { SwComponent } from "../../cca/platform-claims.ts";
import { RuntimePolicySchema } from "../../ima/keylime-runtime-policy.ts";
import { parseWithSchema } from "../../util/parse-with-schema.ts";

export const CHECK_NAMES = ["endorsement", "freshness", "rim", "platform", "imaReplay", "imaPolicy"] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

const hex = (sizes: readonly number[]) =>
  z
    .string()
    .transform((s) => s.toLowerCase())
    .refine((s) => /^[0-9a-f]*$/.test(s) && sizes.includes(s.length / 2), { message: `lower/upper-case hex of ${sizes.join(", ")} bytes` });

const pemKey = z.string().refine((s) => isPublicKeyPem(s), { message: "a PEM public key (SPKI)" });

const SwComponentSchema = z.strictObject({
  type: z.string().min(1).optional(),
  /** hex of the measurement value (platform claim 2399 key 2) */
  measurement: hex([32, 48, 64]),
  version: z.string().optional(),
  /** hex of the signer id (key 5); compared only when given */
  signerId: hex([32, 48, 64]).optional(),
});

const ChecksSchema = z.strictObject({
  endorsement: z.boolean().default(true),
  freshness: z.boolean().default(true),
  rim: z.boolean().default(true),
  platform: z.boolean().default(true),
  imaReplay: z.boolean().default(true),
  imaPolicy: z.boolean().default(true),
});

export const ReferenceValuesSchema = z.strictObject({
  /** Shown in the EAR as ear.appraisal-policy-id. */
  policyId: z.string().min(1).default("shieldlab/cca-realm-ima"),
  /** CPAK public keys (PEM) whose platform tokens are trusted. */
  endorsedPlatformKeys: z.array(pemKey).default([]),
  /** virtCCA (realm-only token): RAK public keys (PEM) endorsed out of band. */
  endorsedRealmKeys: z.array(pemKey).default([]),
  /** Accepted Realm Initial Measurements (hex). */
  rims: z.array(hex([32, 48, 64])).default([]),
  /** The platform sw components (claim 2399) expected, as a set: each token component must match one, and each one must be present (empty: the platform check fails). */
  platformSwComponents: z.array(SwComponentSchema).default([]),
  /** Keylime runtime policy v1 (allowlist); without it an imaPolicy check fails. */
  runtimePolicy: RuntimePolicySchema.optional(),
  /** Expected boot_aggregate digest (hex; on virtCCA the RIM) when the runtime policy has no boot_aggregate entry. */
  bootAggregateHex: hex([20, 32, 48, 64]).optional(),
  checks: ChecksSchema.default(ChecksSchema.parse({})),
});
export type ReferenceValues = z.infer<typeof ReferenceValuesSchema>;
export type ReferenceValuesInput = z.input<typeof ReferenceValuesSchema>;
export type ExpectedSwComponent = z.infer<typeof SwComponentSchema>;

/** Reference entries for a platform's sw components (e.g. from defaultPlatformClaims(cpak).swComponents). */
export function swComponentsReference(components: readonly SwComponent[]): ExpectedSwComponent[] {
  const hx = (b: Uint8Array): string => Buffer.from(b).toString("hex");
  return components.map((c) => ({ ...(c.type ? { type: c.type } : {}), measurement: hx(c.measurement), signerId: hx(c.signerId), ...(c.version ? { version: c.version } : {}) }));
}

/** Validates a policy (JSON text or value); INVALID_INPUT names each bad key, e.g. "policy.checks.rim: expected boolean". */
export function parseReferenceValues(input: unknown, where = "policy"): ReferenceValues {
  return parseWithSchema(ReferenceValuesSchema, input, where);
}

/** The policy a fresh verifier starts with: every check on, nothing endorsed, so nothing is affirmed (fail closed). */
export function defaultReferenceValues(): ReferenceValues {
  return parseReferenceValues({});
}

/** The endorsed keys as KeyObjects (the schema has already checked that they parse). */
export function endorsedKeys(pems: readonly string[]): KeyObject[] {
  return pems.map((p) => createPublicKey(p));
}

function isPublicKeyPem(s: string): boolean {
  if (!s.includes("-----BEGIN")) return false;
  try {
    createPublicKey(s);
    return true;
  } catch {
    return false;
  }
}
