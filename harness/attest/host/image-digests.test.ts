import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { imageDigests, imageDigestsFile } from "./image-digests.ts";

const A = "a".repeat(64);
const B = "b".repeat(64);
const LISTED = `${A}  /opt/spark/jars/spark-core.jar\n${B}  /opt/spark/cds/spark.jsa\n`;
const PARTIAL = `${B}  /opt/spark/cds/spark.jsa\n`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "shieldlab-digests-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("imageDigests", () => {
  it("lists an image once and answers from the cache for the same image id after that", async () => {
    let calls = 0;
    const list = async (): Promise<string> => {
      calls++;
      return LISTED;
    };
    const first = await imageDigests("1".repeat(64), list, dir);
    expect(first).toEqual({ digests: { "/opt/spark/jars/spark-core.jar": A, "/opt/spark/cds/spark.jsa": B }, cached: false });
    expect(readFileSync(imageDigestsFile("1".repeat(64), dir), "utf8")).toBe(LISTED);
    const again = await imageDigests("1".repeat(64), list, dir);
    expect(again).toEqual({ digests: first.digests, cached: true });
    expect(calls).toBe(1);
    // another image id is another image
    await imageDigests("2".repeat(64), list, dir);
    expect(calls).toBe(2);
  });

  it("lists again when the kept list does not parse or is empty, and fails loudly on a bad listing", async () => {
    const rim = "3".repeat(64);
    await imageDigests(rim, async () => LISTED, dir);
    writeFileSync(imageDigestsFile(rim, dir), "not a sha256sum line\n");
    expect((await imageDigests(rim, async () => LISTED, dir)).cached).toBe(false);
    writeFileSync(imageDigestsFile(rim, dir), "");
    expect((await imageDigests(rim, async () => LISTED, dir)).cached).toBe(false);
    await expect(imageDigests("4".repeat(64), async () => "garbage", dir)).rejects.toThrow(/sha256sum output line 1/);
  });

  it("uses a listing without Spark's jars once but does not keep it", async () => {
    const rim = "5".repeat(64);
    expect(await imageDigests(rim, async () => PARTIAL, dir)).toEqual({ digests: { "/opt/spark/cds/spark.jsa": B }, cached: false });
    expect((await imageDigests(rim, async () => LISTED, dir)).cached).toBe(false);
    expect((await imageDigests(rim, async () => LISTED, dir)).cached).toBe(true);
  });
});
