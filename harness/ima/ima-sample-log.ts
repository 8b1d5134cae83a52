// Measurement logs to test and benchmark with: a small hand-made one and a synthetic one of any length.
import { createHash } from "node:crypto";
import { BOOT_AGGREGATE, imaNgEntry, violationEntry, type ImaLogEntry } from "./ima-template.ts";

const sha256 = (s: string): Buffer => createHash("sha256").update(s).digest();

/** boot_aggregate, three files (one with spaces in its path, one on PCR 11) and a violation. */
export function sampleLog(): ImaLogEntry[] {
  return [
    imaNgEntry(BOOT_AGGREGATE, Buffer.alloc(32)),
    imaNgEntry("/usr/bin/java", sha256("java")),
    imaNgEntry("/home/attest/app.jar", sha256("jar")),
    violationEntry("/tmp/written-while-open"),
    imaNgEntry("/etc/path with spaces.conf", sha256("conf"), { pcr: 11 }),
  ];
}

/** boot_aggregate then `files` measured files with realistic paths; deterministic. */
export function syntheticLog(files: number): ImaLogEntry[] {
  const out = [imaNgEntry(BOOT_AGGREGATE, Buffer.alloc(32))];
  for (let i = 0; i < files; i++) out.push(imaNgEntry(`/opt/spark/jars/lib-${i % 97}/module-${i}.jar`, sha256(`content ${i}`)));
  return out;
}
