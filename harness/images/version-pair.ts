// Version pairs as data: "3.5.x" means the newest 3.5 release in the manifest; an unlisted version names the listed ones;
// a pair whose Hadoop cannot run on its Spark's Java, or whose Spark cannot carry the attestation plugin, says why.
import { HarnessError } from "../errors/harness-error.ts";
import { manifestFor, releasesOf, type ManifestFile, type VersionPair } from "./manifest.ts";

export type Component = "spark" | "hadoop";
export const COMPONENTS: readonly Component[] = ["spark", "hadoop"];

/** Numeric compare of dotted versions ("3.10.0" > "3.9.9"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** "3.2.1, 3.2.2, 3.5.9 (or 3.2.x, 3.5.x)": what a request for `kind` may name. */
export function supportedVersions(file: ManifestFile, kind: Component): string {
  const versions = releasesOf(file, kind).map((r) => r.version).sort(compareVersions);
  const lines = [...new Set(versions.map((v) => `${v.split(".").slice(0, 2).join(".")}.x`))];
  return `${versions.join(", ")} (or ${lines.join(", ")})`;
}

/** The exact release a request names: "3.5.9" itself, "3.5.x" the newest 3.5; else INVALID_INPUT naming the supported ones. */
export function resolveVersion(file: ManifestFile, kind: Component, requested: string, where = `--${kind}`): string {
  const r = requested.trim();
  const versions = releasesOf(file, kind).map((x) => x.version);
  const line = /^(\d+\.\d+)\.x$/.exec(r);
  const hit = line ? versions.filter((v) => v.startsWith(`${line[1]}.`)).sort(compareVersions).at(-1) : versions.find((v) => v === r);
  if (hit) return hit;
  throw new HarnessError("INVALID_INPUT", `${where}: ${kind} ${JSON.stringify(requested)} is not supported; supported: ${supportedVersions(file, kind)}`, {
    hint: "the releases are listed in images/manifest.json",
  });
}

/** A full pair from a partial request; the missing side is the manifest's default. */
export function resolvePair(file: ManifestFile, req: Partial<Record<Component, string>>, where?: (k: Component) => string): VersionPair {
  return {
    spark: req.spark === undefined ? file.defaultPair.spark : resolveVersion(file, "spark", req.spark, where?.("spark")),
    hadoop: req.hadoop === undefined ? file.defaultPair.hadoop : resolveVersion(file, "hadoop", req.hadoop, where?.("hadoop")),
  };
}

export function isDefaultPair(file: ManifestFile, p: VersionPair): boolean {
  return p.spark === file.defaultPair.spark && p.hadoop === file.defaultPair.hadoop;
}

/** "spark=3.5.9,hadoop=3.4.3", the way results are keyed. */
export function pairLabel(p: VersionPair): string {
  return `spark=${p.spark},hadoop=${p.hadoop}`;
}

/** Why no image can run this pair (its Hadoop's classes need a newer Java than its Spark runs on); undefined when it can. */
export function pairProblem(file: ManifestFile, p: VersionPair): string | undefined {
  const m = manifestFor(file, p);
  if (m.pair.hadoop.javaMin > m.java.major)
    return `hadoop ${p.hadoop} needs Java ${m.pair.hadoop.javaMin}+, but spark ${p.spark} runs on Java ${m.java.major} in its image`;
  return undefined;
}

/** Why an attested scenario cannot run on this pair (its Spark cannot carry the attestation plugin); undefined when it can. */
export function attestPluginProblem(file: ManifestFile, p: VersionPair): string | undefined {
  const support = manifestFor(file, p).pair.spark.attestPlugin;
  return support === true ? undefined : `spark ${p.spark} cannot carry the attestation plugin: ${support.cannotCarry}`;
}

/** Why a YARN scenario cannot run on this pair (its Spark's image runs standalone clusters only); undefined when it can. */
export function standaloneOnlyProblem(file: ManifestFile, p: VersionPair): string | undefined {
  const why = manifestFor(file, p).pair.spark.standaloneOnly;
  return why ? `spark ${p.spark} on YARN: ${why}` : undefined;
}
