// pino logger: JSON lines to a file when one is given, pretty to the console; secrets redacted twice: by path
// (pino redact) and by value (every secret the harness generated, scrubbed from each line before it is written).
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import pino, { type Logger } from "pino";
import { generatedSecrets } from "../util/generated-secrets.ts";
import { redactText } from "../util/secret-redactor.ts";

export type { Logger } from "pino";

/** Paths pino redacts anywhere they appear in a log object. */
export const REDACT_PATHS = [
  "secret",
  "*.secret",
  "password",
  "*.password",
  "token",
  "*.token",
  "key",
  "*.key",
  'env["_SPARK_AUTH_SECRET"]',
  'conf["spark.authenticate.secret"]',
  // every key the cluster config renders the generated keystore password under (logger.test.ts derives them)
  ...["spark.ssl", "spark.ssl.rpc", "spark.ssl.ui"].flatMap((ns) => ["keyStorePassword", "keyPassword", "trustStorePassword"].map((k) => `conf["${ns}.${k}"]`)),
  ...["KEY", "KEY_STORE", "TRUST_STORE"].flatMap((k) => [`env["_SPARK_SSL_RPC_${k}_PASSWORD"]`, `conf["spark.executorEnv._SPARK_SSL_RPC_${k}_PASSWORD"]`]),
];

/** pino's options: path redaction, and every generated secret scrubbed from each line before any transport sees it. */
export function loggerOptions(level: pino.LevelWithSilent = "debug"): pino.LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    hooks: { streamWrite: (line) => redactText(line, generatedSecrets()) },
  };
}

export interface LoggerOptions {
  /** JSON log file (created with its folder). */
  file?: string;
  /** Console level; "silent" keeps the console quiet. */
  consoleLevel?: pino.LevelWithSilent;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const consoleLevel = options.consoleLevel ?? (process.env.SHIELDLAB_LOG_LEVEL as pino.LevelWithSilent | undefined) ?? "info";
  const targets: pino.TransportTargetOptions[] = [];
  if (consoleLevel !== "silent") {
    targets.push({
      target: "pino-pretty",
      level: consoleLevel,
      options: { destination: 2, colorize: process.stderr.isTTY, ignore: "pid,hostname", translateTime: "HH:MM:ss" },
    });
  }
  if (options.file) {
    mkdirSync(dirname(options.file), { recursive: true });
    targets.push({ target: "pino/file", level: "debug", options: { destination: options.file, mkdir: true } });
  }
  if (targets.length === 0) return pino({ level: "silent" });
  return pino(loggerOptions(), pino.transport({ targets }));
}

/** A logger that writes nothing (unit tests, library use without a run). */
export const silentLogger: Logger = pino({ level: "silent" });
