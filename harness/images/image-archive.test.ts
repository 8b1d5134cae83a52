import { describe, expect, it } from "vitest";
import { archiveName, planLoad, tagOfArchive } from "./image-archive.ts";

const BASE = "shieldlab/base:c95367c5281b";
const PAIR = "shieldlab/hadoop-spark:ee9bcab7dab3";

describe("image archives", () => {
  it("names a file after its tag and reads the tag back", () => {
    expect(archiveName(PAIR)).toBe("shieldlab_hadoop-spark_ee9bcab7dab3.tar");
    expect(tagOfArchive(archiveName(BASE))).toBe(BASE);
    expect(tagOfArchive("notes.txt")).toBeUndefined();
    expect(() => archiveName("debian:12")).toThrow(/not a content-hashed shieldlab image tag/);
  });

  it("loads what the engine lacks and the folder has, names what is missing, and leaves older recipes alone", () => {
    const plan = planLoad([BASE, PAIR], new Set([BASE]), ["shieldlab_hadoop-spark_ee9bcab7dab3.tar", "shieldlab_hadoop-spark_000000000000.tar", "README"]);
    expect(plan.actions).toEqual([
      { tag: BASE, action: "present" },
      { tag: PAIR, action: "load", file: "shieldlab_hadoop-spark_ee9bcab7dab3.tar" },
    ]);
    expect(plan.stale).toEqual(["shieldlab_hadoop-spark_000000000000.tar"]);
  });

  it("an empty or partial folder: every image it lacks is missing (built later)", () => {
    expect(planLoad([BASE, PAIR], new Set(), ["shieldlab_base_c95367c5281b.tar", "shieldlab_hadoop-spark_ee9bcab7dab3.tar.partial"]).actions).toEqual([
      { tag: BASE, action: "load", file: "shieldlab_base_c95367c5281b.tar" },
      { tag: PAIR, action: "missing" },
    ]);
  });
});
