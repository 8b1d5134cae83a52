// `run --target FILE [--allow-destructive]`: the flags checked and the target file read before anything is contacted;
// the attach (image of the file's pair, gateway on the target's network) happens when the suite starts.
import type { Logger } from "../log/logger.ts";
import { HarnessError } from "../errors/harness-error.ts";
import { ensureImages } from "../images/image-set.ts";
import { loadManifest } from "../images/manifest.ts";
import { pairLabel, pairProblem, resolveVersion } from "../images/version-pair.ts";
import type { SuiteOptions } from "../scenario/suite-runner.ts";
import { attachTarget } from "../target/target-cluster.ts";
import { loadTargetFile, type Target } from "../target/target-file.ts";

export interface RunTargetFlags {
  target?: string;
  allowDestructive?: boolean;
  spark?: string;
  hadoop?: string;
  matrix?: string[];
  keep?: boolean;
}

/** Flags that do not go with --target (a target's releases and lifetime are its own), or --allow-destructive alone. */
export function runTargetFlagProblem(f: RunTargetFlags): string | undefined {
  if (f.target === undefined) return f.allowDestructive ? "--allow-destructive goes with --target FILE (a cluster the harness builds is its own to change)" : undefined;
  const bad = [f.spark !== undefined && "--spark", f.hadoop !== undefined && "--hadoop", (f.matrix?.length ?? 0) > 0 && "--matrix", f.keep && "--keep"].filter(Boolean);
  if (bad.length > 0) return `${bad.join(", ")} ${bad.length > 1 ? "do" : "does"} not go with --target: the target runs what it runs (the gateway's Spark is spark.gatewayImage.spark in the target file)`;
  return undefined;
}

/** The gateway image's version pair: the target file's, else the manifest's default. */
export function gatewayPair(t: Target): { spark: string; hadoop: string } {
  const m = loadManifest();
  const g = t.spark.gatewayImage;
  const pair = {
    spark: g?.spark ? resolveVersion(m, "spark", g.spark, `${t.file}: spark.gatewayImage.spark`) : m.defaultPair.spark,
    hadoop: g?.hadoop ? resolveVersion(m, "hadoop", g.hadoop, `${t.file}: spark.gatewayImage.hadoop`) : m.defaultPair.hadoop,
  };
  const why = pairProblem(m, pair);
  if (why) throw new HarnessError("INVALID_INPUT", `${t.file}: spark.gatewayImage ${pairLabel(pair)}: ${why}`);
  return pair;
}

/** The suite's target options for `run --target`, or undefined without it; bad input throws INVALID_INPUT now. */
export function runTargetOptions(f: RunTargetFlags): SuiteOptions["target"] {
  const problem = runTargetFlagProblem(f);
  if (problem) throw new HarnessError("INVALID_INPUT", problem, { hint: "docs/targets.md: shieldlab run --target FILE [--allow-destructive] [scenarios…]" });
  if (f.target === undefined) return undefined;
  const t = loadTargetFile(f.target);
  if (!t.spark.gatewayImage)
    throw new HarnessError("INVALID_INPUT", `${f.target}: run --target needs spark.gatewayImage: { network } (the harness's gateway on the cluster's Docker network); spark.sparkHome is read by audit only`, { hint: "docs/targets.md" });
  const pair = gatewayPair(t);
  return {
    targetName: t.name,
    allowDestructive: f.allowDestructive === true,
    gatewayVersions: { gatewaySpark: pair.spark, gatewayHadoop: pair.hadoop },
    attach: async (log: Logger) => {
      const images = await ensureImages({ pairs: [pair] });
      return attachTarget(t, { image: images.byPair.get(pairLabel(pair)) ?? images.hadoopSpark, pair, log });
    },
  };
}
