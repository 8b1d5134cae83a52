import { createHash } from "node:crypto";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isHarnessError } from "../../errors/harness-error.ts";
import { parseJarLock } from "../../images/jar-lock.ts";
import { EAR_VERIFIER_JAR_LOCK, parseCoordinate, renderLockPom, resolveEarVerifierJars } from "./ear-verifier-jars.ts";

const sum = (c: string): string => c.repeat(64);
const tmp = (): string => mkdtempSync(join(tmpdir(), "shieldlab-earjars-"));

/** A stand-in for mvn: runs `body` (sh) with $OUT set to the -DoutputDirectory it was given. */
function fakeMvn(dir: string, body: string): string {
  const f = join(dir, "mvn");
  writeFileSync(f, `#!/bin/sh\nfor a in "$@"; do case "$a" in -DoutputDirectory=*) OUT="\${a#-DoutputDirectory=}";; esac; done\n${body}\n`);
  chmodSync(f, 0o755);
  return f;
}

async function refusal(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a refusal");
}

describe("the EAR verifier's test jars", () => {
  it("are pinned in images/attest-plugin/test-jars.lock as sha256 + Maven coordinates, no transitive extras", () => {
    const lock = parseJarLock(readFileSync(EAR_VERIFIER_JAR_LOCK, "utf8"), EAR_VERIFIER_JAR_LOCK);
    expect([...lock.keys()].map((k) => parseCoordinate(k, "lock").artifactId).sort()).toEqual(["jackson-annotations", "jackson-core", "jackson-databind"]);
    const pom = renderLockPom([...lock.keys()].map((k) => parseCoordinate(k, "lock")));
    expect(pom).toContain("<artifactId>jackson-databind</artifactId><version>2.18.6</version>");
    expect(() => parseCoordinate("jackson-core-2.18.6.jar", "x.lock")).toThrow(/x.lock: "jackson-core-2.18.6.jar" is not groupId:artifactId:version/);
  });

  it("a Maven failure is a HarnessError naming the jars, the log and what to check (never a skip)", async () => {
    const d = tmp();
    const lockFile = join(d, "test.lock");
    writeFileSync(lockFile, `${sum("a")}  g.x:a:1\n`);
    const e = await refusal(resolveEarVerifierJars({ lockFile, cacheRoot: join(d, "cache"), mvn: fakeMvn(d, "echo 'Could not resolve dependencies' >&2; exit 1") }));
    expect(isHarnessError(e), String(e)).toBe(true);
    expect(e.message).toMatch(/Maven resolution of the EAR verifier's test jars \(g\.x:a:1\) failed .*exited 1.*maven\.log.*Maven Central/);
    expect(readdirSync(join(d, "cache"))).toEqual(["maven.log"]); // no half-resolved folder left behind
  });

  it("a jar whose bytes differ from the lock, or a missing one, is CHECKSUM_MISMATCH and nothing is cached", async () => {
    const d = tmp();
    const lockFile = join(d, "test.lock");
    writeFileSync(lockFile, `${sum("a")}  g.x:a:1\n${sum("b")}  g.x:b:2\n`);
    const e = await refusal(resolveEarVerifierJars({ lockFile, cacheRoot: join(d, "cache"), mvn: fakeMvn(d, 'mkdir -p "$OUT" && echo x > "$OUT/a-1.jar"') }));
    expect(isHarnessError(e, "CHECKSUM_MISMATCH"), String(e)).toBe(true);
    expect(e.message).toContain("g.x:a:1 has sha256 ");
    expect(e.message).toContain("g.x:b:2 is in the lock but was not resolved");
    expect(readdirSync(join(d, "cache"))).toEqual(["maven.log"]);
  });

  it("jars that match are cached under a folder keyed by the lock's content and reused without Maven", async () => {
    const d = tmp();
    const lockFile = join(d, "test.lock");
    writeFileSync(lockFile, `${createHash("sha256").update("x\n").digest("hex")}  g.x:a:1\n`); // the stand-in's jar is "x\n"
    const cacheRoot = join(d, "cache");
    const jars = await resolveEarVerifierJars({ lockFile, cacheRoot, mvn: fakeMvn(d, 'mkdir -p "$OUT" && echo x > "$OUT/a-1.jar"') });
    expect(readdirSync(jars)).toEqual(["a-1.jar"]);
    expect(jars).toMatch(/cache\/[0-9a-f]{16}\/jars$/);
    // a second call does not run Maven (this stand-in would fail)
    expect(await resolveEarVerifierJars({ lockFile, cacheRoot, mvn: fakeMvn(d, "exit 9") })).toBe(jars);
  });
});
