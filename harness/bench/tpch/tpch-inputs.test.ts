import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dataKey, lockedSha, queryJarVersion, TPCH_LOCK, verifyPinned } from "./tpch-inputs.ts";

describe("TPC-H inputs", () => {
  it("every Spark line of the manifest maps to a pinned tests jar", () => {
    expect(queryJarVersion("4.0.5")).toBe("4.0.4");
    expect(queryJarVersion("4.1.4")).toBe("4.1.3");
    expect(queryJarVersion("3.2.1")).toBe("3.5.9");
    for (const v of ["3.5.9", "4.0.4", "4.1.3"]) expect(lockedSha(`maven/spark-sql_2.13-${v}-tests.jar`)).toMatch(/^[0-9a-f]{64}$/);
    expect(lockedSha("maven/tpch-1.2.jar")).toMatch(/^[0-9a-f]{64}$/);
    expect(() => queryJarVersion("2.4.8")).toThrow(/QUERY_JARS/);
  });

  it("the data key changes with the scale, the parts and the wheel, and nothing else", () => {
    const k = dataKey({ scale: 1 }, "a");
    expect(dataKey({ scale: 1, parts: 1 }, "a")).toBe(k);
    expect(dataKey({ scale: 1, threads: 8 }, "a")).toBe(k);
    expect(new Set([k, dataKey({ scale: 0.01 }, "a"), dataKey({ scale: 1, parts: 4 }, "a"), dataKey({ scale: 1 }, "b")]).size).toBe(4);
  });

  it("a file whose sha256 differs from its pin, or has none, is refused with the lock named", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tpch-lock-"));
    const file = join(dir, "x.jar");
    writeFileSync(file, "hello\n");
    const lock = join(dir, "l.lock");
    writeFileSync(lock, "# c\n5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  maven/x.jar\n" + "0".repeat(64) + "  maven/y.jar\n");
    await expect(verifyPinned(file, "maven/x.jar", lock)).resolves.toBeUndefined();
    await expect(verifyPinned(file, "maven/y.jar", lock)).rejects.toThrow(/pins 0{64} for maven\/y\.jar/);
    await expect(verifyPinned(file, "maven/z.jar", lock)).rejects.toThrow(/not pinned/);
    expect(TPCH_LOCK).toMatch(/images\/tpch-inputs\.lock$/);
  });
});
