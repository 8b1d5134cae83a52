// TEST ONLY key pairs for the emulated platform (CPAK) and realm (RAK), kept as PEM files under fixtures/cca/.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fixturesDir } from "../util/paths.ts";

export const ccaFixturesDir = join(fixturesDir, "cca");
const BANNER = "TEST ONLY - shieldlab emulated Arm CCA key. Public in the repository; never trust it outside tests.\n";

/** Base file names; each has `<name>.pem` (private, PKCS#8) and `<name>.pub.pem` (SPKI). */
export const CCA_TEST_KEYS = {
  cpak: { file: "cpak-test-only", curve: "secp384r1" },
  cpakEs256: { file: "cpak-es256-test-only", curve: "prime256v1" },
  rak: { file: "rak-test-only", curve: "secp384r1" },
} as const;
export type CcaTestKeyName = keyof typeof CCA_TEST_KEYS;

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** Writes fresh TEST ONLY key pairs; existing files are kept unless `overwrite`. Returns the paths written. */
export function writeCcaTestKeys(dir = ccaFixturesDir, overwrite = false): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const { file, curve } of Object.values(CCA_TEST_KEYS)) {
    const priv = join(dir, `${file}.pem`);
    if (existsSync(priv) && !overwrite) continue;
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: curve });
    writeFileSync(priv, BANNER + privateKey.export({ type: "pkcs8", format: "pem" }).toString(), { mode: 0o644 });
    writeFileSync(join(dir, `${file}.pub.pem`), BANNER + publicKey.export({ type: "spki", format: "pem" }).toString());
    written.push(priv, join(dir, `${file}.pub.pem`));
  }
  return written;
}

/** Loads one TEST ONLY key pair from the fixtures. */
export function loadCcaTestKey(name: CcaTestKeyName, dir = ccaFixturesDir): KeyPair {
  const base = join(dir, CCA_TEST_KEYS[name].file);
  return {
    privateKey: createPrivateKey(readFileSync(`${base}.pem`, "utf8")),
    publicKey: createPublicKey(readFileSync(`${base}.pub.pem`, "utf8")),
  };
}
