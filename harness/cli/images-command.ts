// `shieldlab images`: build the images a selection needs, or save/load them to/from a folder that a CI cache carries.
import { join, resolve } from "node:path";
import { rmSync } from "node:fs";
import { defineCommand } from "citty";
import { HarnessError } from "../errors/harness-error.ts";
import { assertEngine } from "../engine/docker-engine.ts";
import { ensureImages, neededImageTags } from "../images/image-set.ts";
import { loadImages, saveImages } from "../images/image-archive.ts";
import { loadManifest, manifestFor } from "../images/manifest.ts";
import { pairLabel, pairProblem } from "../images/version-pair.ts";
import { prepareHadoopSparkContext } from "../images/hadoop-spark-image.ts";
import { selectedPairs } from "../scenario/version-runs.ts";
import { artifactsDir } from "../util/paths.ts";
import { flagValues, parseVersionFlags } from "./cli-options.ts";

export const images = defineCommand({
  meta: {
    name: "images",
    description:
      "Build the images (base, one hadoop-spark per version pair) if their content hash is new; print the tags. " +
      "With save DIR / load DIR: carry them in a folder (a CI cache)",
  },
  args: {
    action: { type: "positional", required: false, valueHint: "save|load", description: "save or load the images to/from a folder (a CI cache); none: build" },
    dir: { type: "positional", required: false, valueHint: "DIR", description: "the folder for save/load" },
    spark: { type: "string", valueHint: "version", description: "Spark release of the pair (default: the manifest's)" },
    hadoop: { type: "string", valueHint: "version", description: "Hadoop release of the pair (default: the manifest's)" },
    matrix: { type: "string", valueHint: "spark=a,b,…", description: "one image per listed release (repeat for hadoop=…)" },
    "prepare-only": { type: "boolean", description: "no Docker: download, check and compile each pair's inputs, print the time each took", default: false },
  },
  async run({ args, rawArgs }) {
    const action = args.action as string | undefined;
    if (action !== undefined && action !== "save" && action !== "load")
      throw new HarnessError("INVALID_INPUT", `unknown images action ${JSON.stringify(action)}; expected save or load`, { hint: "shieldlab images save DIR | shieldlab images load DIR | shieldlab images" });
    if (action && !args.dir) throw new HarnessError("INVALID_INPUT", `shieldlab images ${action} needs a folder`, { hint: `shieldlab images ${action} .cache/images (the folder your CI cache keeps)` });
    const m = loadManifest();
    const pairs = selectedPairs(m, parseVersionFlags({ spark: args.spark, hadoop: args.hadoop, matrix: flagValues(rawArgs, "--matrix") }, m));
    const runnable = pairs.filter((p) => {
      const why = pairProblem(m, p);
      if (why) process.stderr.write(`[images] ${pairLabel(p)} skipped: ${why}\n`);
      return !why;
    });
    if (args["prepare-only"]) {
      for (const p of runnable) {
        const started = Date.now();
        const context = await prepareHadoopSparkContext(manifestFor(m, p), join(artifactsDir, "image-builds", `prepare-${pairLabel(p).replace(/[=,]/g, "-")}.log`));
        rmSync(context, { recursive: true, force: true });
        console.log(`${pairLabel(p)}  inputs ready in ${((Date.now() - started) / 1000).toFixed(1)} s (no docker build)`);
      }
      return;
    }
    const archiveLog = join(artifactsDir, "image-builds", `images-${action ?? "build"}.log`);
    if (action === "load") {
      await assertEngine();
      const r = await loadImages(resolve(args.dir!), neededImageTags(m, runnable), archiveLog);
      for (const t of r.present) console.log(`${t}  already present`);
      for (const l of r.loaded) console.log(`${l.tag}  loaded in ${l.seconds.toFixed(1)} s`);
      for (const u of r.unusable) console.log(`${u.tag}  not loaded: ${u.why}; building it`);
      if (r.stale.length) console.log(`not used (older recipes): ${r.stale.join(", ")}`);
    }
    const r = await ensureImages({ pairs: runnable });
    if (action !== "save") {
      for (const b of r.built) if (b.built || action !== "load") console.log(`${b.tag}  ${b.built ? `built in ${b.seconds.toFixed(1)} s` : "up to date"}`);
      return;
    }
    const s = await saveImages(resolve(args.dir!), [r.base, ...r.byPair.values()], archiveLog);
    for (const x of s.saved) console.log(`${x.tag}  saved to ${x.file} (${x.mb.toFixed(0)} MB, ${x.seconds.toFixed(1)} s)`);
    for (const t of s.kept) console.log(`${t}  already in ${args.dir}`);
    if (s.removed.length) console.log(`removed (older recipes): ${s.removed.join(", ")}`);
  },
});
