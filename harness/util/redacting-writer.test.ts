import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SecretRegistry } from "./generated-secrets.ts";
import { RedactingWriter } from "./redacting-writer.ts";
import { redactionMark } from "./secret-redactor.ts";

const dir = mkdtempSync(join(tmpdir(), "redacting-writer-"));

describe("RedactingWriter", () => {
  it("never writes a secret, also when it is split across chunks, and keeps every other byte", () => {
    const reg = new SecretRegistry("test");
    const secret = reg.generate("keystore-password");
    const file = join(dir, "split.log");
    const w = new RedactingWriter(file, () => reg.list());
    const text = `--conf spark.ssl.rpc.keyStorePassword=${secret} and again ${secret}\nend`;
    // one byte per chunk: the worst split
    for (const ch of text) {
      w.write(ch);
      expect(readFileSync(file, "latin1")).not.toContain(secret.slice(0, 4) + secret.slice(4));
    }
    w.end();
    expect(readFileSync(file, "utf8")).toBe(text.split(secret).join(redactionMark(reg.list()[0]!)));
  });

  it("redacts a secret registered after the stream began, from then on", () => {
    const reg = new SecretRegistry("test");
    const file = join(dir, "late.log");
    const w = new RedactingWriter(file, () => reg.list());
    w.write("before\n");
    const secret = reg.generate("keytab-0");
    w.write(`after ${secret}\n`);
    w.end();
    expect(readFileSync(file, "utf8")).toBe(`before\nafter ${redactionMark(reg.list()[0]!)}\n`);
  });

  it("a process killed mid-stream leaves no secret on disk (what was written was redacted before it was written)", async () => {
    const secret = "Zk3-secret-value-x9Q";
    const file = join(dir, "killed.log");
    const script = join(dir, "child.ts");
    writeFileSync(
      script,
      `import { SecretRegistry } from ${JSON.stringify(join(import.meta.dirname, "generated-secrets.ts"))};
       import { RedactingWriter } from ${JSON.stringify(join(import.meta.dirname, "redacting-writer.ts"))};
       const reg = new SecretRegistry("child"); reg.add("keystore-password", ${JSON.stringify(secret)});
       const w = new RedactingWriter(${JSON.stringify(file)}, () => reg.list());
       w.write("spark-submit --conf spark.ssl.rpc.keyStorePassword=${secret.slice(0, 7)}");
       w.write("${secret.slice(7)} --class Pi\\n");
       process.stdout.write("written\\n");
       setInterval(() => w.write("progress ${secret}\\n"), 5);`,
    );
    // one process (node with tsx's loader), so SIGKILL hits the writer itself
    const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"], cwd: join(import.meta.dirname, "..", "..") });
    await new Promise<void>((resolve) => child.stdout.on("data", (d: Buffer) => d.toString().includes("written") && resolve()));
    await new Promise((r) => setTimeout(r, 100));
    child.kill("SIGKILL");
    await new Promise((r) => child.on("exit", r));
    const bytes = readFileSync(file, "latin1");
    expect(bytes).toContain("spark-submit --conf spark.ssl.rpc.keyStorePassword=[redacted:keystore-password");
    expect(bytes).toContain("progress [redacted:keystore-password");
    expect(bytes).not.toContain(secret);
  }, 30_000);
});
