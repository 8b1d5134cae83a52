// The verifier's state on disk (optional): its keys, policy, used nonces and audit chain in one folder, each file
// replaced atomically (write a temp file beside it, fsync, rename) so a restart finds either the old or the new copy.
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";
import { HarnessError } from "../../errors/harness-error.ts";
import { earSigningKey, generateEarSigningKey, type EarSigningKey } from "./ear-jwt.ts";
import { NONCE_BYTES, NONCE_KEY_BYTES } from "./nonce-store.ts";
import { parseReferenceValues, type ReferenceValues } from "./reference-values.ts";

export const KEYS_FILE = "keys.json";
export const POLICY_FILE = "policy.json";
export const USED_NONCES_FILE = "used-nonces.json";
export const AUDIT_FILE = "audit.jsonl";

/** The verifier's secrets: the EAR signing key and the key nonces are MACed with. */
export interface VerifierKeys {
  signing: EarSigningKey;
  nonceKey: Uint8Array;
}

const KeysFileSchema = z.strictObject({
  /** private P-256 JWK */
  earSigningKey: z.looseObject({ kty: z.literal("EC"), crv: z.literal("P-256"), d: z.string().min(1) }),
  /** base64url of NONCE_KEY_BYTES bytes */
  nonceKey: z.string().regex(/^[A-Za-z0-9_-]+$/),
});
const UsedNoncesSchema = z.strictObject({
  used: z.array(z.tuple([z.string().regex(new RegExp(`^[0-9a-f]{${NONCE_BYTES * 2}}$`)), z.number().int().nonnegative()])),
});

/** Replaces `path` atomically with `text` (mode applies to the new file). */
export function writeFileAtomic(path: string, text: string, mode = 0o600): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, "w", mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Fresh keys (memory only). */
export function generateVerifierKeys(): VerifierKeys {
  return { signing: generateEarSigningKey(), nonceKey: new Uint8Array(randomBytes(NONCE_KEY_BYTES)) };
}

/** The keys in `dir/keys.json`, made (mode 0600) on first use; the same keys on every later start. */
export function loadOrCreateVerifierKeys(dir: string): VerifierKeys {
  const file = join(dir, KEYS_FILE);
  if (existsSync(file)) {
    const parsed = KeysFileSchema.safeParse(readJson(file));
    if (!parsed.success) throw new HarnessError("INVALID_INPUT", `${file} is not a verifier keys file: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    const nonceKey = Buffer.from(parsed.data.nonceKey, "base64url");
    if (nonceKey.length !== NONCE_KEY_BYTES) throw new HarnessError("INVALID_INPUT", `${file}: nonceKey is ${nonceKey.length} bytes; expected ${NONCE_KEY_BYTES}`);
    return { signing: earSigningKey(parsed.data.earSigningKey), nonceKey: new Uint8Array(nonceKey) };
  }
  const keys = generateVerifierKeys();
  const earKey = keys.signing.privateKey.export({ format: "jwk" });
  writeFileAtomic(file, `${JSON.stringify({ earSigningKey: earKey, nonceKey: Buffer.from(keys.nonceKey).toString("base64url") })}\n`, 0o600);
  return keys;
}

/** Policy, used nonces and the audit log path in `dir` (created if missing). */
export class VerifierStateDir {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  get auditPath(): string {
    return join(this.dir, AUDIT_FILE);
  }

  /** The policy saved by the last setPolicy, if any (validated again). */
  loadPolicy(): ReferenceValues | undefined {
    const file = join(this.dir, POLICY_FILE);
    return existsSync(file) ? parseReferenceValues(readJson(file), file) : undefined;
  }

  savePolicy(policy: ReferenceValues): void {
    writeFileAtomic(join(this.dir, POLICY_FILE), `${JSON.stringify(policy)}\n`, 0o640);
  }

  /** The used-nonce record saved last ([] when none). */
  loadUsedNonces(): [string, number][] {
    const file = join(this.dir, USED_NONCES_FILE);
    if (!existsSync(file)) return [];
    const parsed = UsedNoncesSchema.safeParse(readJson(file));
    if (!parsed.success) throw new HarnessError("INVALID_INPUT", `${file} is not a used-nonce record: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    return parsed.data.used;
  }

  saveUsedNonces(used: ReadonlyMap<string, number>): void {
    writeFileAtomic(join(this.dir, USED_NONCES_FILE), `${JSON.stringify({ used: [...used] })}\n`, 0o640);
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new HarnessError("INVALID_INPUT", `${file} is not JSON: ${(e as Error).message}`, { cause: e });
  }
}
