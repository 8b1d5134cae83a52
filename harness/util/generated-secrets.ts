// The secrets the harness generates (keystore passwords, keytabs, auth secrets), registered where they are made,
// so every artifact writer can redact them without a hand-kept list. One registry per cluster.
import { createHash, randomBytes } from "node:crypto";
import { HarnessError } from "../errors/harness-error.ts";

/** One generated secret: what it is (e.g. "keystore-password"), its value, and the sha256 reports may show. */
export interface GeneratedSecret {
  kind: string;
  value: string;
  sha256: string;
  /** Who made it (a cluster's session id). */
  owner: string;
}

/** Shorter values would redact ordinary words; generated secrets are never this short. */
export const MIN_SECRET_LENGTH = 8;

const KIND = /^[a-z][a-z0-9-]*$/;
const everyRegistry = new Set<SecretRegistry>();

/** The secrets one cluster generated; filled by the code that creates each secret. */
export class SecretRegistry {
  readonly #secrets: GeneratedSecret[] = [];

  constructor(readonly owner: string) {
    everyRegistry.add(this);
  }

  /** A fresh random secret of `bytes` bytes (base64url: safe in conf files, env and shell), registered as `kind`. */
  generate(kind: string, bytes = 18): string {
    return this.add(kind, randomBytes(bytes).toString("base64url"));
  }

  /** Registers a secret made elsewhere (a keytab's base64, a token); matched byte for byte (one char = one byte). */
  add(kind: string, value: string): string {
    if (!KIND.test(kind)) throw new HarnessError("INVALID_INPUT", `secret kind must be kebab-case, got ${JSON.stringify(kind)}`);
    if (value.length < MIN_SECRET_LENGTH)
      throw new HarnessError("INVALID_INPUT", `a ${kind} must be at least ${MIN_SECRET_LENGTH} characters to be redacted safely, got ${value.length}`);
    if (!this.#secrets.some((s) => s.value === value)) this.#secrets.push({ kind, value, sha256: sha256Hex(value), owner: this.owner });
    return value;
  }

  list(): readonly GeneratedSecret[] {
    return this.#secrets;
  }
}

/** Every secret generated in this process, across all clusters (the run's log and reports span clusters). */
export function generatedSecrets(): GeneratedSecret[] {
  return [...everyRegistry].flatMap((r) => r.list());
}

export function sha256Hex(value: string | Uint8Array): string {
  return createHash("sha256").update(value).digest("hex");
}
