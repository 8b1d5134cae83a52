// The reference values of an image: the SHA-256 of every file the IMA rule can measure (owned by the attest user), as
// the clean image has them. They depend on the image's content and on how they are listed, so they are listed once
// per (image id, listing command) — the image id is the SHA-256 of the content — and kept in .cache/ for the next
// cluster.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDir } from "../../util/paths.ts";
import { parseDigestList } from "./verifier-policy.ts";

/** The shell that lists them, run in a container of the clean image: `<sha256>  <path>` per file. */
export const LIST_ATTEST_OWNED_FILES = "find / -xdev -type f -user 1001 -not -path '/proc/*' -not -path '/home/*' -print0 | xargs -0 -r sha256sum";

/** Where the list of image `rimHex` is kept (a listing command of its own gets a file of its own). */
export function imageDigestsFile(rimHex: string, dir = cacheDir): string {
  const how = createHash("sha256").update(LIST_ATTEST_OWNED_FILES).digest("hex").slice(0, 12);
  return join(dir, "attest-reference", `${rimHex}-${how}.sha256`);
}

/** Whether a listing looks whole enough to keep: Spark's jars are what the executors' IMA logs are mostly made of. */
export function wholeListing(digests: Record<string, string>): boolean {
  return Object.keys(digests).some((p) => p.startsWith("/opt/spark/jars/"));
}

/**
 * path → sha256 of the image's attest-owned files: from the cache when this image id was listed before, else from
 * `list()` (sha256sum's output), which is kept when it looks whole (a find that failed part-way is used once, not
 * kept). A cache entry that does not parse is listed again.
 */
export async function imageDigests(rimHex: string, list: () => Promise<string>, dir = cacheDir, keep = wholeListing): Promise<{ digests: Record<string, string>; cached: boolean }> {
  const file = imageDigestsFile(rimHex, dir);
  try {
    const digests = parseDigestList(readFileSync(file, "utf8"));
    if (keep(digests)) return { digests, cached: true };
  } catch {
    // not listed yet (or unreadable): list it
  }
  const text = await list();
  const digests = parseDigestList(text);
  if (!keep(digests)) return { digests, cached: false };
  mkdirSync(join(dir, "attest-reference"), { recursive: true });
  // two clusters of one image may list it at once: each writes its own file, the rename is atomic
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
  return { digests, cached: false };
}
