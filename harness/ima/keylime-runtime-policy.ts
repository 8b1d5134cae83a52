// Keylime runtime policy v1 (the allowlist): its exact JSON shape, a builder and a validating parser.
import { z } from "zod";
import { BOOT_AGGREGATE } from "./ima-template.ts";
import { parseWithSchema } from "../util/parse-with-schema.ts";

const hexDigest = z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})$/, "a lower-case hex SHA-1/256/384/512 digest");
const digestMap = z.record(z.string().min(1), z.array(hexDigest));
const regex = z.string().refine((s) => compiles(s), { message: "a regular expression that compiles" });

export const RuntimePolicySchema = z.strictObject({
  meta: z.looseObject({ version: z.literal(1) }),
  release: z.number().int().min(0),
  digests: digestMap,
  excludes: z.array(regex),
  keyrings: digestMap,
  ima: z.strictObject({
    ignored_keyrings: z.array(z.string()),
    log_hash_alg: z.enum(["sha1", "sha256", "sha384", "sha512"]),
    dm_policy: z.union([z.null(), z.looseObject({})]),
  }),
  "ima-buf": digestMap,
  "verification-keys": z.string(),
});
export type RuntimePolicy = z.infer<typeof RuntimePolicySchema>;

export interface AllowedFile {
  path: string;
  /** Lower-case hex SHA-256 of the content. */
  sha256: string;
}

/** A v1 runtime policy allowing these files (several digests per path are kept), plus exclude regexes. */
export function buildRuntimePolicy(files: readonly AllowedFile[], options: { excludes?: readonly string[]; bootAggregate?: string } = {}): RuntimePolicy {
  const digests: Record<string, string[]> = {};
  const add = (path: string, hex: string): void => {
    const list = (digests[path] ??= []);
    if (!list.includes(hex)) list.push(hex);
  };
  if (options.bootAggregate !== undefined) add(BOOT_AGGREGATE, options.bootAggregate.toLowerCase());
  for (const f of files) add(f.path, f.sha256.toLowerCase());
  return parseRuntimePolicy({
    meta: { version: 1 },
    release: 0,
    digests,
    excludes: [...(options.excludes ?? [])],
    keyrings: {},
    ima: { ignored_keyrings: [], log_hash_alg: "sha256", dm_policy: null },
    "ima-buf": {},
    "verification-keys": "",
  });
}

/** Validates a runtime policy (JSON text or a parsed value); INVALID_INPUT names each bad key. */
export function parseRuntimePolicy(input: unknown, where = "runtime policy"): RuntimePolicy {
  return parseWithSchema(RuntimePolicySchema, input, where);
}

/** One regex from the excludes, anchored at the start like Python's re.match (Keylime joins them with "|"). */
export function excludeMatcher(excludes: readonly string[]): (path: string) => boolean {
  if (excludes.length === 0) return () => false;
  const re = new RegExp(`^(?:${excludes.map((e) => `(?:${e})`).join("|")})`);
  return (path) => re.test(path);
}

function compiles(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
