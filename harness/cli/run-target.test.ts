import { describe, expect, it } from "vitest";
import { runTargetFlagProblem, runTargetOptions } from "./run-target.ts";

describe("run --target flags", () => {
  it("refuse what does not go with a target, and --allow-destructive alone", () => {
    expect(runTargetFlagProblem({})).toBeUndefined();
    expect(runTargetFlagProblem({ allowDestructive: true })).toMatch(/--allow-destructive goes with --target/);
    expect(runTargetFlagProblem({ target: "t.yaml", spark: "3.5.x", keep: true })).toMatch(/^--spark, --keep do not go with --target/);
    expect(runTargetFlagProblem({ target: "t.yaml", allowDestructive: true })).toBeUndefined();
  });

  it("read the target file before anything is contacted, and want the gateway image", () => {
    expect(() => runTargetOptions({ target: "fixtures/target/good-simple.yaml" })).toThrow(/needs spark\.gatewayImage/);
    expect(() => runTargetOptions({ target: "fixtures/target/bad-shape.yaml" })).toThrow(/invalid target file/);
    const o = runTargetOptions({ target: "fixtures/target/good-kerberos.yaml", allowDestructive: true })!;
    expect(o).toMatchObject({ targetName: "staging-krb", allowDestructive: true });
    expect(o.gatewayVersions?.gatewaySpark).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
