// Images that travel between machines: `docker save` of each content-hashed image the manifest needs into a folder (one
// file each, named after the tag, so a file is never stale under its own name), and `docker load` of what a folder has.
// A CI cache carries the folder; what it lacks or cannot load is built as usual.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { imageExists } from "../engine/docker-engine.ts";
import { startStep } from "../util/progress.ts";
import { runLogged } from "../util/run-logged.ts";

const ARCHIVE = /^shieldlab_([a-z0-9-]+)_([0-9a-f]{12})\.tar$/;

/** shieldlab/hadoop-spark:ee9bcab7dab3 → shieldlab_hadoop-spark_ee9bcab7dab3.tar */
export function archiveName(tag: string): string {
  const m = /^shieldlab\/([a-z0-9-]+):([0-9a-f]{12})$/.exec(tag);
  if (!m) throw new Error(`not a content-hashed shieldlab image tag: ${tag}`);
  return `shieldlab_${m[1]}_${m[2]}.tar`;
}

export function tagOfArchive(file: string): string | undefined {
  const m = ARCHIVE.exec(file);
  return m ? `shieldlab/${m[1]}:${m[2]}` : undefined;
}

export type LoadAction = { tag: string; action: "present" } | { tag: string; action: "load"; file: string } | { tag: string; action: "missing" };

export interface LoadPlan {
  actions: LoadAction[];
  /** Archives in the folder that no needed image has (an older recipe): not loaded. */
  stale: string[];
}

/** What `images load` does for each needed tag, given the tags the engine has and the files in the folder. */
export function planLoad(needed: readonly string[], present: ReadonlySet<string>, files: readonly string[]): LoadPlan {
  const inDir = new Set(files.filter((f) => ARCHIVE.test(f)));
  const actions = needed.map((tag): LoadAction => {
    if (present.has(tag)) return { tag, action: "present" };
    const file = archiveName(tag);
    return inDir.has(file) ? { tag, action: "load", file } : { tag, action: "missing" };
  });
  const wanted = new Set(needed.map(archiveName));
  return { actions, stale: [...inDir].filter((f) => !wanted.has(f)).sort() };
}

export interface SaveReport {
  saved: { tag: string; file: string; mb: number; seconds: number }[];
  kept: string[];
  removed: string[];
}

/** Saves each tag (which must exist) to `dir` unless its file is there; removes archives of tags no longer needed. */
export async function saveImages(dir: string, tags: readonly string[], logFile: string): Promise<SaveReport> {
  mkdirSync(dir, { recursive: true });
  const report: SaveReport = { saved: [], kept: [], removed: [] };
  const wanted = new Set(tags.map(archiveName));
  for (const f of readdirSync(dir)) {
    if (ARCHIVE.test(f) && !wanted.has(f)) {
      rmSync(join(dir, f), { force: true });
      report.removed.push(f);
    }
    // a save that was interrupted leaves its partial file under a temporary name
    if (f.endsWith(".tar.partial")) rmSync(join(dir, f), { force: true });
  }
  for (const tag of tags) {
    const file = join(dir, archiveName(tag));
    if (existsSync(file)) {
      report.kept.push(tag);
      continue;
    }
    const started = Date.now();
    const step = startStep("images", `save ${tag} → ${file}`);
    try {
      await runLogged("docker", ["save", "-o", `${file}.partial`, tag], { logFile, step, what: `docker save of ${tag}`, errorCode: "IMAGE_ARCHIVE_FAILED" });
      renameSync(`${file}.partial`, file);
    } catch (e) {
      rmSync(`${file}.partial`, { force: true });
      step.fail((e as Error).message.split("\n")[0] ?? "");
      throw e;
    }
    const mb = statSync(file).size / 1e6;
    step.done(`${mb.toFixed(0)} MB`);
    report.saved.push({ tag, file, mb, seconds: (Date.now() - started) / 1000 });
  }
  return report;
}

export interface LoadReport {
  loaded: { tag: string; seconds: number }[];
  present: string[];
  /** Needed tags the folder could not give (absent, or its file would not load), with the reason. */
  unusable: { tag: string; why: string }[];
  stale: string[];
}

/** Loads every needed tag the engine lacks from `dir`; never throws for a bad archive (it is reported and built later). */
export async function loadImages(dir: string, tags: readonly string[], logFile: string): Promise<LoadReport> {
  const files = existsSync(dir) ? readdirSync(dir) : [];
  const present = new Set<string>();
  for (const t of tags) if (await imageExists(t)) present.add(t);
  const plan = planLoad(tags, present, files);
  const report: LoadReport = { loaded: [], present: [], unusable: [], stale: plan.stale };
  for (const a of plan.actions) {
    if (a.action === "present") report.present.push(a.tag);
    else if (a.action === "missing") report.unusable.push({ tag: a.tag, why: `no ${archiveName(a.tag)} in ${dir}` });
    else {
      const started = Date.now();
      const step = startStep("images", `load ${a.tag} ← ${join(dir, a.file)}`);
      try {
        await runLogged("docker", ["load", "-q", "-i", join(dir, a.file)], { logFile, step, what: `docker load of ${a.file}`, errorCode: "IMAGE_ARCHIVE_FAILED" });
        if (!(await imageExists(a.tag))) throw new Error(`${a.file} loaded, but it does not hold ${a.tag}`);
        step.done();
        report.loaded.push({ tag: a.tag, seconds: (Date.now() - started) / 1000 });
      } catch (e) {
        const why = (e as Error).message.split("\n")[0] ?? String(e);
        step.fail(why);
        report.unusable.push({ tag: a.tag, why });
      }
    }
  }
  return report;
}
