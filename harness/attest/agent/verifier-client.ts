// HTTPS calls to the verifier with its certificate pinned; connection failures become VERIFIER_UNREACHABLE.
import { X509Certificate, timingSafeEqual } from "node:crypto";
import { request } from "node:https";
import type { PeerCertificate } from "node:tls";
import { HarnessError } from "../../errors/harness-error.ts";

/** errno codes that mean "no verifier answered" (exit 4), as opposed to a bad answer. */
export const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "EPIPE"]);

export interface VerifierCallOptions {
  /** The verifier's certificate PEM: the only trust anchor, and pinned byte for byte. */
  verifierCertPem: string;
  method: "GET" | "POST";
  body?: unknown;
  /** Client certificate and key (PEM) for the TLS handshake. */
  clientCertPem?: string;
  clientKeyPem?: string;
  timeoutMs: number;
}

/** One JSON request; resolves with the status and parsed body. */
export function callVerifier(url: string, o: VerifierCallOptions): Promise<{ status: number; body: unknown }> {
  let pinned: Buffer;
  try {
    pinned = new X509Certificate(o.verifierCertPem).raw;
  } catch (e) {
    return Promise.reject(new HarnessError("INVALID_INPUT", `verifier certificate is not a PEM X.509 certificate: ${(e as Error).message}`, { cause: e }));
  }
  const payload = o.body === undefined ? undefined : Buffer.from(JSON.stringify(o.body));
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request(
      {
        protocol: u.protocol,
        hostname: u.hostname,
        port: u.port || 443,
        path: u.pathname + u.search,
        method: o.method,
        agent: false,
        ca: o.verifierCertPem,
        cert: o.clientCertPem,
        key: o.clientKeyPem,
        // pin: the exact certificate the verifier wrote, whatever name we reached it by
        checkServerIdentity: (_host: string, cert: PeerCertificate) =>
          cert.raw && cert.raw.length === pinned.length && timingSafeEqual(cert.raw, pinned) ? undefined : new Error("the verifier's certificate is not the pinned one"),
        headers: { "content-type": "application/json", ...(payload ? { "content-length": payload.length } : {}) },
        timeout: o.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", (e) => reject(classify(e, url)));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
          } catch {
            reject(new HarnessError("INVALID_INPUT", `${o.method} ${url}: HTTP ${res.statusCode} with a non-JSON body: ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error(`no answer within ${o.timeoutMs} ms`), { code: "ETIMEDOUT" })));
    req.on("error", (e) => reject(classify(e, url)));
    req.end(payload);
  });
}

function classify(e: Error, url: string): HarnessError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code && UNREACHABLE_CODES.has(code)) return new HarnessError("VERIFIER_UNREACHABLE", `verifier ${url} unreachable: ${code} ${e.message}`, { cause: e });
  return new HarnessError("RATLS_INVALID", `TLS/HTTP exchange with ${url} failed: ${e.message}`, { cause: e });
}
