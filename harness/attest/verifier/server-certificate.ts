// The verifier's own TLS identity: a self-signed P-256 certificate (CA:true, so clients can pin it as their only trust anchor).
import { isIP } from "node:net";
import { randomBytes } from "node:crypto";
import { generateP256KeyPair, P256, privateKeyPem, x509 } from "../ratls/x509-provider.ts";

export interface ServerIdentity {
  certPem: string;
  keyPem: string;
  certDer: Uint8Array;
}

/** A fresh key and self-signed certificate for `hostNames` (DNS names or IP addresses; localhost and 127.0.0.1 always added). */
export async function createServerIdentity(hostNames: readonly string[] = [], days = 30): Promise<ServerIdentity> {
  const keys = await generateP256KeyPair();
  const names = [...new Set([...hostNames, "localhost", "127.0.0.1"])];
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: `01${randomBytes(15).toString("hex")}`,
    name: `CN=${hostNames[0] ?? "shieldlab-verifier"}`,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + days * 86_400_000),
    signingAlgorithm: P256,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names.map((n) => ({ type: isIP(n) ? "ip" : "dns", value: n }) as x509.JsonGeneralName)),
    ],
  });
  return { certPem: cert.toString("pem"), keyPem: await privateKeyPem(keys.privateKey), certDer: new Uint8Array(cert.rawData) };
}
