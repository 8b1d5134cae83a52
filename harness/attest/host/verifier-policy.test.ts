import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixturesDir } from "../../util/paths.ts";
import { parseReferenceValues } from "../verifier/reference-values.ts";
import { VerifierOverridesSchema } from "./attestation-options.ts";
import { buildVerifierPolicy, parseDigestList } from "./verifier-policy.ts";

const D = "a".repeat(64);
const CPAK = readFileSync(join(fixturesDir, "cca", "cpak-test-only.pub.pem"), "utf8");
describe("verifier policy from the image", () => {
  it("parses sha256sum output and names a bad line", () => {
    expect(parseDigestList(`${D}  /opt/spark/jars/a b.jar\n${"b".repeat(64)} */x\n`)).toEqual({ "/opt/spark/jars/a b.jar": D, "/x": "b".repeat(64) });
    expect(() => parseDigestList(`${D}  /ok\nnot a digest line\n`)).toThrow(/line 2/);
  });

  it("turns the scenario's overrides into reference values and switched-off checks", () => {
    const ref = { rimHex: "c".repeat(64), digests: { "/opt/spark/jars/x.jar": D } };
    const p = buildVerifierPolicy(ref, VerifierOverridesSchema.parse({ disable: ["freshness"], omitRim: true, extraRims: ["e".repeat(64)] }), CPAK, ["FOREIGN"]);
    expect(p.checks).toEqual({ endorsement: true, freshness: false, rim: true, platform: true, imaReplay: true, imaPolicy: true });
    expect(p.rims).toEqual(["e".repeat(64)]);
    expect(p.endorsedPlatformKeys).toEqual([CPAK]);
    expect((p.runtimePolicy as { digests: object }).digests).toEqual({ "/opt/spark/jars/x.jar": [D] });
    expect(buildVerifierPolicy(ref, VerifierOverridesSchema.parse({ endorseForeignPlatform: true }), CPAK, ["FOREIGN"]).endorsedPlatformKeys).toEqual([CPAK, "FOREIGN"]);
    expect(() => VerifierOverridesSchema.parse({ disable: ["everything"] })).toThrow();
    // what the verifier's PUT /policy validates
    expect(() => parseReferenceValues(JSON.parse(JSON.stringify(p)))).not.toThrow();
    expect((p.platformSwComponents as unknown[]).length).toBeGreaterThan(0);
  });
});
