// What a scenario says about attestation: the emulated realm on every NodeManager (cluster-wide) and the
// verifier's policy for this scenario (reference values trimmed or extended, checks switched off for controls).
import { z } from "zod";
import { REALM_TOKEN_FORMATS } from "../../cca/realm-token-format.ts";

/** The seed's rule: files owned by the attest user are measured when a process opens them for reading. */
export const SEED_IMA_POLICY = "measure func=FILE_CHECK mask=MAY_READ fowner=1001";

export const VERIFIER_CHECKS = ["endorsement", "freshness", "rim", "platform", "imaReplay", "imaPolicy"] as const;
export type VerifierCheck = (typeof VERIFIER_CHECKS)[number];

export const VerifierOverridesSchema = z.strictObject({
  /** Checks switched off (negative controls only: each one is a defence). */
  disable: z.array(z.enum(VERIFIER_CHECKS)).default([]),
  /** Also endorse the key a `foreignPlatformKey` fault signs with (control of att-foreign-platform). */
  endorseForeignPlatform: z.boolean().default(false),
  /** Leave the images' RIM out of the reference values (att-rim-mismatch without a device fault). */
  omitRim: z.boolean().default(false),
  /** Extra RIMs (hex) to accept, e.g. the one a `rimOverrideHex` fault reports (control of att-rim-mismatch). */
  extraRims: z.array(z.string().regex(/^([0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/, "hex of 32, 48 or 64 bytes")).default([]),
});
export type VerifierOverrides = z.output<typeof VerifierOverridesSchema>;
/** The image's own reference values, every check on. */
export const NO_VERIFIER_OVERRIDES: VerifierOverrides = VerifierOverridesSchema.parse({});

export const AttestationOptionsSchema = z.strictObject({
  /** "cca": platform + realm token; "virtcca": realm-only token (7 claims). */
  flavour: z.enum(["cca", "virtcca"]).default("cca"),
  /** Realm token shape of "cca" devices; absent: the device's default, realm-2.0 (TF-RMM main: tag 907, realm profile 2.0); tf-rmm-0.8: TF-RMM v0.8.0's. */
  tokenFormat: z.enum(REALM_TOKEN_FORMATS).optional(),
  /**
   * Where each NodeManager's emulated device (its keys, REMs, faults) runs: "sidecar" (default) in a container of its
   * own, sharing only the configfs-tsm, IMA-log and event-socket folders with the node, so nothing in a YARN container
   * can read its keys (as an RMM's keys never enter the realm); "in-node", the earlier layout, inside the NodeManager's
   * container, where any YARN container (root there) can read them: only for the key-theft control.
   */
  deviceLayout: z.enum(["sidecar", "in-node"]).default("sidecar"),
  /** IMA policy loaded into every NodeManager's emulated kernel (the real policy grammar). */
  imaPolicy: z.string().min(1).default(SEED_IMA_POLICY),
  /** This scenario's verifier policy changes. */
  verifier: VerifierOverridesSchema.default(NO_VERIFIER_OVERRIDES),
});
export type AttestationOptionsInput = z.input<typeof AttestationOptionsSchema>;
export type AttestationOptions = z.output<typeof AttestationOptionsSchema>;

/** The cluster-wide part (what decides whether two scenarios can share a cluster). */
export function clusterAttestation(
  o: AttestationOptions | undefined,
): { flavour: AttestationOptions["flavour"]; tokenFormat?: AttestationOptions["tokenFormat"]; imaPolicy: string; deviceLayout?: "in-node" } | undefined {
  // the default layout is left out, so a cluster key (and a kept cluster's description) reads as before
  return o ? { flavour: o.flavour, ...(o.tokenFormat ? { tokenFormat: o.tokenFormat } : {}), imaPolicy: o.imaPolicy, ...(o.deviceLayout === "in-node" ? { deviceLayout: "in-node" as const } : {}) } : undefined;
}
