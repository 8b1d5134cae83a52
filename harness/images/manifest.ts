// The pinned software manifest (images/manifest.json): Debian suite and packages, Hadoop, Spark, OS users.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { HarnessError } from "../errors/harness-error.ts";
import { formatZodError } from "../util/zod-format.ts";
import { imagesDir } from "../util/paths.ts";

const userName = z.string().regex(/^[a-z][a-z0-9_-]{0,30}$/, "a lower-case POSIX user name");

export const ManifestSchema = z.strictObject({
  $comment: z.string().optional(),
  debian: z.strictObject({
    suite: z.string().min(1),
    variant: z.enum(["minbase", "essential", "apt", "required", "important", "standard"]),
    packages: z.array(z.string().min(1)).min(1),
  }),
  hadoop: z.strictObject({ groupId: z.string(), version: z.string().regex(/^3\.4\.\d+$/, "a Hadoop 3.4.x version") }),
  spark: z.strictObject({
    source: z.literal("pypi-sdist"),
    package: z.literal("pyspark"),
    version: z.string().regex(/^4\.\d+\.\d+$/, "a Spark 4.x version"),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    scala: z.literal("2.13"),
  }),
  tenants: z.strictObject({ firstUid: z.number().int().min(1000), users: z.array(userName).min(1) }),
  attestUser: z.strictObject({ name: userName, uid: z.number().int().min(1000) }),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export const manifestPath = join(imagesDir, "manifest.json");

export function parseManifest(text: string, where = manifestPath): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new HarnessError("INVALID_INPUT", `${where} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  const parsed = ManifestSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new HarnessError("INVALID_INPUT", `${where}: ${formatZodError(parsed.error)}`);
  return parsed.data;
}

let cached: Manifest | undefined;
export function loadManifest(): Manifest {
  cached ??= parseManifest(readFileSync(manifestPath, "utf8"));
  return cached;
}

/** Every OS user baked into the images, with its uid (tenants first, then the attest user). */
export function osUsers(m: Manifest): { name: string; uid: number }[] {
  const users = m.tenants.users.map((name, i) => ({ name, uid: m.tenants.firstUid + i }));
  return [...users, { name: m.attestUser.name, uid: m.attestUser.uid }];
}
