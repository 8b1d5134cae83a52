// @peculiar/x509 set up for Node 18 and 20: the Reflect polyfill tsyringe needs, and node:crypto's webcrypto as provider.
import "reflect-metadata";
import { webcrypto } from "node:crypto";

export type CryptoKey = webcrypto.CryptoKey;
export type CryptoKeyPair = webcrypto.CryptoKeyPair;
import * as x509 from "@peculiar/x509";

// explicit: Node 18 has no global `crypto`, and the library would otherwise look for one
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509, webcrypto };

/** ECDSA P-256 with SHA-256: the algorithm of every certificate this module makes. */
export const P256 = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

/** A fresh, extractable P-256 key pair. */
export async function generateP256KeyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(P256, true, ["sign", "verify"])) as CryptoKeyPair;
}

/** PKCS#8 PEM of a private key (for node:tls). */
export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString("base64").replace(/.{1,64}/g, "$&\n")}-----END PRIVATE KEY-----\n`;
}

/** DER SubjectPublicKeyInfo of a public key. */
export async function spkiDer(key: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await webcrypto.subtle.exportKey("spki", key));
}
