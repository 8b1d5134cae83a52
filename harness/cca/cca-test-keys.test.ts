import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ccaFixturesDir, CCA_TEST_KEYS, loadCcaTestKey, writeCcaTestKeys } from "./cca-test-keys.ts";
import { keyCurve } from "./cose-sign1.ts";

describe("CCA test keys", () => {
  it("are committed under fixtures/cca, marked TEST ONLY in name and content, on the right curves", () => {
    for (const [name, { file, curve }] of Object.entries(CCA_TEST_KEYS)) {
      expect(file).toContain("test-only");
      expect(readFileSync(join(ccaFixturesDir, `${file}.pem`), "utf8")).toMatch(/^TEST ONLY/);
      const pair = loadCcaTestKey(name as keyof typeof CCA_TEST_KEYS);
      expect(keyCurve(pair.privateKey)).toBe(curve);
      expect(keyCurve(pair.publicKey)).toBe(curve);
    }
    expect(readFileSync(join(ccaFixturesDir, "README.md"), "utf8")).toContain("TEST ONLY");
  });

  it("can be regenerated into another folder, keeping existing files unless told to overwrite", () => {
    const dir = mkdtempSync(join(tmpdir(), "cca-keys-"));
    try {
      expect(writeCcaTestKeys(dir)).toHaveLength(6);
      expect(readdirSync(dir).sort()).toHaveLength(6);
      expect(writeCcaTestKeys(dir)).toHaveLength(0);
      expect(writeCcaTestKeys(dir, true)).toHaveLength(6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
