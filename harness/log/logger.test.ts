import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { sparkDefaults } from "../cluster/cluster-config.ts";
import { resolveProfile } from "../cluster/security-profile.ts";
import { parseTopology } from "../cluster/topology.ts";
import { SecretRegistry } from "../util/generated-secrets.ts";
import { redactionMark } from "../util/secret-redactor.ts";
import { REDACT_PATHS, loggerOptions } from "./logger.ts";

/** A pino logger with the harness's options writing into an array of lines. */
function memoryLogger(): { log: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: pino(loggerOptions(), sink), lines };
}

describe("logger redaction", () => {
  it("scrubs every generated secret from messages, nested fields and errors, leaving its hash mark", () => {
    const reg = new SecretRegistry("logger-test");
    const pw = reg.generate("keystore-password");
    const { log, lines } = memoryLogger();
    log.info({ detail: { stdout: `password is ${pw}` }, tail: [pw] }, `submitting with ${pw}`);
    log.error({ err: new Error(`keytool failed for ${pw}`) }, "failed");
    const text = lines.join("");
    expect(text).not.toContain(pw);
    expect(text).toContain(redactionMark(reg.list()[0]!));
  });

  it("redacts by path too: a conf or env object carrying a secret never shows it", () => {
    const { log, lines } = memoryLogger();
    log.info({ conf: { "spark.ssl.rpc.keyStorePassword": "not-registered-value" }, env: { _SPARK_SSL_RPC_KEY_PASSWORD: "also-not-registered" } }, "conf");
    expect(lines.join("")).not.toMatch(/not-registered-value|also-not-registered/);
  });

  it("has a redact path for every key the cluster config renders the generated keystore password under", () => {
    const reg = new SecretRegistry("paths-test");
    const pw = reg.generate("keystore-password");
    const t = parseTopology({});
    const rendered = ["tls-rpc", "ui-tls"].flatMap((p) => sparkDefaults(t, resolveProfile(p), { keystorePassword: pw })).filter(([, v]) => v === pw);
    expect(rendered.length).toBeGreaterThan(0);
    for (const [k] of rendered) {
      expect(REDACT_PATHS).toContain(`conf["${k}"]`);
      const env = /^spark\.executorEnv\.(.+)$/.exec(k)?.[1];
      if (env) expect(REDACT_PATHS).toContain(`env["${env}"]`);
    }
  });
});
