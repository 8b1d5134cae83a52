// pino logger: JSON lines to a file when one is given, pretty to the console; secrets redacted.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import pino, { type Logger } from "pino";

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
  'conf["spark.ssl.keyStorePassword"]',
  'conf["spark.ssl.keyPassword"]',
  'conf["spark.ssl.trustStorePassword"]',
];

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
  return pino({ level: "debug", redact: { paths: REDACT_PATHS, censor: "[redacted]" } }, pino.transport({ targets }));
}

/** A logger that writes nothing (unit tests, library use without a run). */
export const silentLogger: Logger = pino({ level: "silent" });
