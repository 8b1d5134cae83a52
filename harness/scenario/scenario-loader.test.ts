import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isHarnessError } from "../errors/harness-error.ts";
import { loadAllScenarios, loadScenarioFile, loadScenarios, scenarioFiles, selectLoaded, selectScenarios } from "./scenario-loader.ts";
import { fixturesDir } from "../util/paths.ts";
import { validateScenario, type Scenario } from "./scenario-schema.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "shieldlab-scenarios-"));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes <dir>/<path> as a scenario module with a plain default export. */
function writeScenario(path: string, name: string, extra = ""): string {
  const file = join(dir, path);
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(
    file,
    `export default {
  name: ${JSON.stringify(name)},
  description: "a test scenario",${extra}
  workload: [{ kind: "spark-submit", id: "pi-client", tenant: "alice", job: "pi" }],
  checkers: { app: { kind: "app-state", state: "FINISHED", finalStatus: "SUCCEEDED" } },
};
`,
  );
  return file;
}

async function loadError(file: string): Promise<Error> {
  try {
    await loadScenarioFile(file, dir);
  } catch (e) {
    expect(isHarnessError(e, "SCENARIO_LOAD_FAILED")).toBe(true);
    return e as Error;
  }
  throw new Error(`expected ${file} to fail to load`);
}

describe("loadScenarioFile", () => {
  it("loads a scenario whose name matches its path", async () => {
    const s = await loadScenarioFile(writeScenario("area/good.ts", "area/good", `\n  suites: ["smoke"],`), dir);
    expect(s.name).toBe("area/good");
    expect(s.suites).toEqual(["smoke"]);
    expect((s.workload[0] as { deployMode?: string } | undefined)?.deployMode).toBe("client");
    expect(s.profile.name).toBe("plain");
  });

  it("rejects a scenario whose name does not match its path, saying both", async () => {
    const e = await loadError(writeScenario("area/name.ts", "area/other-name"));
    expect(e.message).toContain('name is "area/other-name" but its path says "area/name"');
  });

  it("rejects a file without a default export", async () => {
    const file = join(dir, "area/nodefault.ts");
    writeFileSync(file, "export const scenario = {};\n");
    expect((await loadError(file)).message).toContain("has no default export");
  });

  it("rejects a file that cannot be imported", async () => {
    const file = join(dir, "area/broken.ts");
    writeFileSync(file, 'throw new Error("scenario module exploded");\nexport default {};\n');
    const e = await loadError(file);
    expect(e.message).toContain("cannot be imported");
    expect(e.message).toContain("scenario module exploded");
  });

  it("passes validation errors through, naming the file", async () => {
    const e = await loadError(writeScenario("area/bad-tenant.ts", "area/bad-tenant", `\n  topology: { tenants: ["bob"] },`));
    expect(e.message).toContain("bad-tenant.ts: workload.0.tenant");
  });
});

describe("scenarioFiles", () => {
  it("lists .ts files in area folders, but not tests, declarations or top-level helpers", () => {
    const d = mkdtempSync(join(tmpdir(), "shieldlab-scenario-files-"));
    try {
      mkdirSync(join(d, "a", "deeper"), { recursive: true });
      const files = ["a/one.ts", "a/one.test.ts", "a/types.d.ts", "a/notes.md", "a/two.ts", "a/deeper/three.ts", "global-setup.ts", "leftovers.ts", "x.integration.test.ts"];
      for (const f of files) writeFileSync(join(d, f), "");
      // a too-deep file is still listed, so that loading it fails loudly on its name instead of being skipped
      expect(scenarioFiles(d).map((f) => f.slice(d.length + 1))).toEqual(["a/deeper/three.ts", "a/one.ts", "a/two.ts"]);
      expect(scenarioFiles(join(d, "missing"))).toEqual([]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe("the repository's scenarios", () => {
  it("all load, each with a name matching its path (helpers beside them are not taken for scenarios)", async () => {
    const all = await loadAllScenarios();
    expect(all.map((s) => s.name)).toContain("cluster/pi-deploy-modes");
    expect(selectScenarios(all, []).length).toBeGreaterThan(0);
  });

  it("the fixture scenarios load from their own folder", async () => {
    const all = await loadAllScenarios(join(fixturesDir, "scenarios"));
    expect(all.map((s) => s.name)).toContain("negative/pi-wrong-expectations");
  });
});

describe("selectScenarios", () => {
  const mk = (name: string, suites: string[]): Scenario =>
    validateScenario(
      {
        name,
        description: name,
        suites,
        workload: [{ kind: "spark-submit", id: "pi-client", tenant: "alice", job: "pi" }],
        checkers: { app: { kind: "app-state", state: "FINISHED" } },
      },
      name,
    );
  const all = [
    mk("cluster/pi-deploy-modes", ["default", "smoke"]),
    mk("cluster/shuffle-canary", ["default"]),
    mk("cluster-extra/thing", ["nightly"]),
    mk("attestation/quote", ["nightly"]),
  ];
  const names = (ss: Scenario[]): string[] => ss.map((s) => s.name);

  it("picks the default suite without selectors", () => {
    expect(names(selectScenarios(all, []))).toEqual(["cluster/pi-deploy-modes", "cluster/shuffle-canary"]);
  });

  it("picks by exact name, also written as a path", () => {
    expect(names(selectScenarios(all, ["attestation/quote"]))).toEqual(["attestation/quote"]);
    expect(names(selectScenarios(all, ["scenarios/attestation/quote.ts"]))).toEqual(["attestation/quote"]);
  });

  it("picks by area prefix, with or without the slash, without matching a longer area", () => {
    expect(names(selectScenarios(all, ["cluster/"]))).toEqual(["cluster/pi-deploy-modes", "cluster/shuffle-canary"]);
    expect(names(selectScenarios(all, ["cluster"]))).toEqual(["cluster/pi-deploy-modes", "cluster/shuffle-canary"]);
  });

  it("picks by suite", () => {
    expect(names(selectScenarios(all, ["@smoke"]))).toEqual(["cluster/pi-deploy-modes"]);
    expect(names(selectScenarios(all, ["@nightly"]))).toEqual(["cluster-extra/thing", "attestation/quote"]);
  });

  it("picks each scenario once across overlapping selectors", () => {
    expect(names(selectScenarios(all, ["@smoke", "cluster/", "cluster/pi-deploy-modes"]))).toEqual(["cluster/pi-deploy-modes", "cluster/shuffle-canary"]);
  });

  it("rejects an unknown selector, listing the scenarios and suites", () => {
    let err: unknown;
    try {
      selectScenarios(all, ["cluster/pi-deploy-modes", "clus/ter"]);
    } catch (e) {
      err = e;
    }
    expect(isHarnessError(err, "INVALID_INPUT")).toBe(true);
    const msg = (err as Error).message;
    expect(msg).toBe('no scenario matches "clus/ter"; areas: cluster/, cluster-extra/, attestation/; suites: @default, @smoke, @nightly');
  });

  it("lists the scenarios of the area when the area exists", () => {
    expect(() => selectScenarios(all, ["cluster/pi"])).toThrow('no scenario matches "cluster/pi"; in cluster/: cluster/pi-deploy-modes, cluster/shuffle-canary; suites:');
  });

  it("rejects an unknown suite", () => {
    expect(() => selectScenarios(all, ["@weekly"])).toThrow(/no scenario matches "@weekly"/);
  });
});

describe("loadScenarios: a bad file beside good ones", () => {
  let d: string;
  beforeAll(() => {
    d = mkdtempSync(join(tmpdir(), "shieldlab-mixed-"));
    const write = (path: string, body: string): void => {
      mkdirSync(join(d, path, ".."), { recursive: true });
      writeFileSync(join(d, path), body);
    };
    const good = (name: string, suites: string[]): string => `export default {
  name: ${JSON.stringify(name)}, description: "ok", suites: ${JSON.stringify(suites)},
  workload: [{ kind: "spark-submit", id: "pi-client", tenant: "alice", job: "pi" }],
  checkers: { app: { kind: "app-state", state: "FINISHED" } },
};
`;
    write("tenancy/good.ts", good("tenancy/good", ["default"]));
    write("wire/other.ts", good("wire/other", ["nightly"]));
    // two problems in one file: an unknown job and a checker naming a missing step
    write(
      "tenancy/bad.ts",
      `export default {
  name: "tenancy/bad", description: "broken", timeout: 3,
  workload: [{ kind: "spark-submit", id: "pi-client", tenant: "alice", job: "wordcount" }],
  checkers: { app: { kind: "app-state", state: "FINISHED" } },
};
`,
    );
  });
  afterAll(() => rmSync(d, { recursive: true, force: true }));

  it("loads the good files and lists the bad one with every problem, instead of stopping", async () => {
    const loaded = await loadScenarios(d);
    expect(loaded.scenarios.map((s) => s.name).sort()).toEqual(["tenancy/good", "wire/other"]);
    expect(loaded.failures.map((f) => f.name)).toEqual(["tenancy/bad"]);
    const msg = loaded.failures[0]!.error.message;
    expect(isHarnessError(loaded.failures[0]!.error, "SCENARIO_LOAD_FAILED")).toBe(true);
    expect(msg).toContain("2 problems:");
    expect(msg).toContain('unknown key(s) "timeout"');
    expect(msg).toContain('workload.0.job: must be one of "pi", "shuffle", "sealed", got "wordcount"');
  });

  it("loadAllScenarios still refuses, naming the bad file", async () => {
    await expect(loadAllScenarios(d)).rejects.toThrow(/tenancy\/bad\.ts: 2 problems/);
  });

  it("selects the bad file by name or area beside the good ones, and by any suite", async () => {
    const loaded = await loadScenarios(d);
    const pick = (sel: string[]): string[][] => {
      const r = selectLoaded(loaded, sel);
      return [r.scenarios.map((s) => s.name), r.failures.map((f) => f.name)];
    };
    expect(pick(["tenancy/"])).toEqual([["tenancy/good"], ["tenancy/bad"]]);
    expect(pick(["tenancy/bad", "wire/other"])).toEqual([["wire/other"], ["tenancy/bad"]]);
    expect(pick(["wire/"])).toEqual([["wire/other"], []]);
    expect(pick([])).toEqual([["tenancy/good"], ["tenancy/bad"]]);
  });

  it("still rejects a selector that matches neither a good nor a bad file", async () => {
    const loaded = await loadScenarios(d);
    expect(() => selectLoaded(loaded, ["nonexistent/x"])).toThrow(/no scenario matches "nonexistent\/x"; areas: tenancy\/, wire\/;/);
  });
});
