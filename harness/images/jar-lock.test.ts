import { describe, expect, it } from "vitest";
import { isHarnessError } from "../errors/harness-error.ts";
import { diffJarLock, parseJarLock } from "./jar-lock.ts";

const sumA = "a".repeat(64);
const sumB = "0123456789abcdef".repeat(4);
const sumC = "c".repeat(64);

describe("parseJarLock", () => {
  it("reads sha256/path lines and skips comments and blank lines", () => {
    const text = [
      "# sha256 of every jar in the hadoop-spark image",
      "",
      `${sumA}  hadoop/hadoop-common-3.4.3.jar`,
      "   ",
      `  ${sumB}\tspark/spark-core_2.13-4.0.5.jar  `,
      "  # an indented comment",
      `${sumC}  spark/spark-yarn_2.13-4.0.5.jar`,
      "",
    ].join("\n");
    const m = parseJarLock(text, "jars.lock");
    expect([...m]).toEqual([
      ["hadoop/hadoop-common-3.4.3.jar", sumA],
      ["spark/spark-core_2.13-4.0.5.jar", sumB],
      ["spark/spark-yarn_2.13-4.0.5.jar", sumC],
    ]);
  });

  it("accepts Windows line endings", () => {
    expect(parseJarLock(`${sumA}  hadoop/a.jar\r\n${sumB}  spark/b.jar\r\n`, "jars.lock").get("spark/b.jar")).toBe(sumB);
  });

  it("returns an empty map for a lock with only comments", () => {
    expect(parseJarLock("# nothing yet\n\n", "jars.lock").size).toBe(0);
  });

  it("rejects a malformed line naming the file, its line number and the line", () => {
    const text = `# header\n${sumA}  hadoop/a.jar\n\nnot-a-checksum  spark/b.jar\n${sumC}  spark/c.jar\n`;
    let err: unknown;
    try {
      parseJarLock(text, "images/jars.lock");
    } catch (e) {
      err = e;
    }
    expect(isHarnessError(err, "INVALID_INPUT")).toBe(true);
    expect((err as Error).message).toContain("images/jars.lock:4:");
    expect((err as Error).message).toContain('"not-a-checksum  spark/b.jar"');
  });

  it("rejects a short checksum, upper-case hex and a missing path", () => {
    expect(() => parseJarLock(`${"a".repeat(63)}  x.jar`, "L")).toThrow(/^L:1:/);
    expect(() => parseJarLock(`# c\n${"A".repeat(64)}  x.jar`, "L")).toThrow(/^L:2:/);
    expect(() => parseJarLock(`${sumA}`, "L")).toThrow(/^L:1:/);
    expect(() => parseJarLock(`${sumA}  a.jar extra`, "L")).toThrow(/^L:1:/);
  });
});

describe("diffJarLock", () => {
  const lock = new Map([
    ["hadoop/a.jar", sumA],
    ["spark/b.jar", sumB],
    ["spark/c.jar", sumC],
  ]);

  it("finds nothing when the jars match the lock", () => {
    expect(diffJarLock(lock, new Map(lock))).toEqual([]);
  });

  it("reports changed, missing and extra jars", () => {
    const actual = new Map([
      ["hadoop/a.jar", sumA],
      ["spark/b.jar", sumC], // changed
      ["spark/d.jar", sumB], // extra
      // spark/c.jar missing
    ]);
    const problems = diffJarLock(lock, actual);
    expect(problems).toHaveLength(3);
    expect(problems).toContain(`spark/b.jar has sha256 ${sumC}, lock says ${sumB}`);
    expect(problems).toContain("spark/d.jar is not in the lock");
    expect(problems).toContain("spark/c.jar is in the lock but was not resolved");
  });

  it("reports every jar as missing against an empty resolution", () => {
    expect(diffJarLock(lock, new Map())).toHaveLength(3);
  });
});
