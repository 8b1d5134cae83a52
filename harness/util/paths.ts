// Where things live in a checkout: the repository root and its well-known folders.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const imagesDir = join(repoRoot, "images");
export const fixturesDir = join(repoRoot, "fixtures");
export const scenariosDir = join(repoRoot, "scenarios");
/** Build caches and downloaded inputs; never committed. */
export const cacheDir = process.env.SHIELDLAB_CACHE_DIR ?? join(repoRoot, ".cache");
export const artifactsDir = process.env.SHIELDLAB_ARTIFACTS_DIR ?? join(repoRoot, "artifacts");
