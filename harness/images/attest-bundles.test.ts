import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HarnessError } from "../errors/harness-error.ts";
import { attestEntries, bundleAttestTools, bundleDigests } from "./attest-bundles.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temp "repo root" with harness/attest/<runtime>/{bin/,lib} files; returns [root, attestDir]. */
function repo(files: Record<string, string>): [string, string] {
  const root = mkdtempSync(join(tmpdir(), "shieldlab-bundles-"));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return [root, join(root, "harness/attest")];
}

const good = {
  "harness/attest/agent/greeting.ts": "export const greet = (who: string): string => `hello ${who}`;\n",
  "harness/attest/agent/bin/hello.ts": 'import { greet } from "../greeting.ts";\nconsole.log(greet(process.argv[2] ?? "realm"));\n',
  "harness/attest/verifier/bin/verifier.ts": 'import { createHash } from "node:crypto";\nconsole.log(createHash("sha256").update("x").digest("hex").length);\n',
  "harness/attest/agent/bin/hello.test.ts": "throw new Error('tests are not entries');\n",
  "harness/attest/verifier/bin/types.d.ts": "export type T = 1;\n",
};

describe("attestEntries", () => {
  it("lists *.ts in byte order, without tests and declarations", () => {
    const [, bin] = repo(good);
    expect(attestEntries(bin).map((f) => f.slice(bin.length + 1))).toEqual(["agent/bin/hello.ts", "verifier/bin/verifier.ts"]);
  });

  it("refuses two runtimes' entries that bundle to the same name", () => {
    const [, bin] = repo({ ...good, "harness/attest/device/bin/verifier.ts": "console.log(1);\n" });
    expect(() => attestEntries(bin)).toThrow(/two attestation entries bundle to verifier\.cjs/);
  });

  it("is empty when the folder does not exist yet", () => {
    expect(attestEntries(join(tmpdir(), "shieldlab-no-such-dir"))).toEqual([]);
  });
});

describe("bundleAttestTools", () => {
  it("makes one self-contained CommonJS file per entry that node runs", () => {
    const [root, bin] = repo(good);
    const bundles = bundleAttestTools(bin, root);
    expect(bundles.map((b) => b.name)).toEqual(["hello", "verifier"]);
    const out = join(root, "out");
    mkdirSync(out);
    for (const b of bundles) writeFileSync(join(out, `${b.name}.cjs`), b.code);
    // moved away from its sources: nothing is imported at run time except node: built-ins
    expect(execFileSync("node", [join(out, "hello.cjs"), "alice"], { encoding: "utf8" }).trim()).toBe("hello alice");
    expect(execFileSync("node", [join(out, "verifier.cjs")], { encoding: "utf8" }).trim()).toBe("64");
  });

  it("gives the same bytes for the same sources in another checkout (paths are root-relative)", () => {
    const [rootA, binA] = repo(good);
    const [rootB, binB] = repo(good);
    expect(bundleDigests(bundleAttestTools(binA, rootA))).toEqual(bundleDigests(bundleAttestTools(binB, rootB)));
  });

  it("changes the digest when an imported module changes", () => {
    const [rootA, binA] = repo(good);
    const [rootB, binB] = repo({ ...good, "harness/attest/agent/greeting.ts": "export const greet = (w: string): string => `hi ${w}`;\n" });
    const a = Object.fromEntries(bundleDigests(bundleAttestTools(binA, rootA)));
    const b = Object.fromEntries(bundleDigests(bundleAttestTools(binB, rootB)));
    expect(a.hello).not.toBe(b.hello);
    expect(a.verifier).toBe(b.verifier);
  });

  it("fails with IMAGE_BUILD_FAILED naming the entry and the error location", () => {
    const [root, bin] = repo({ ...good, "harness/attest/device/bin/broken.ts": 'import { nope } from "../missing.ts";\nconsole.log(nope);\n' });
    let err: unknown;
    try {
      bundleAttestTools(bin, root);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HarnessError);
    const h = err as HarnessError;
    expect(h.code).toBe("IMAGE_BUILD_FAILED");
    expect(h.message).toContain("harness/attest/device/bin/broken.ts");
    expect(h.message).toContain("broken.cjs");
    expect(h.message).toMatch(/broken\.ts:1:\d+: .*missing\.ts/);
    expect(h.logTail).toContain("missing.ts");
  });
});
