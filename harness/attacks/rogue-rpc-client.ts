// A rogue client with no secret: it opens Spark RPC to a driver and sends one request to a made-up endpoint.
// If the driver dispatches it (answer: "Cannot find endpoint"), unauthenticated RPC reached the driver.
import { Socket } from "node:net";
import { decodeFrames, requestMessage, rpcRequestFrame, type DecodedFrame } from "./spark-rpc-frames.ts";

export const ROGUE_ENDPOINT = "shieldlab-rogue";

/** The fixed driver port of rogue-rpc targets (spark.driver.port). */
export const ROGUE_TARGET_DRIVER_PORT = 40100;

export interface RogueOutcome {
  target: string;
  connected: boolean;
  frames: DecodedFrame[];
  closedByPeer: boolean;
  error?: string;
  /** The driver dispatched the message to its RPC endpoints: no authentication stood in the way. */
  dispatched: boolean;
}

export async function rogueRpc(host: string, port: number, timeoutMs = 10_000): Promise<RogueOutcome> {
  const out: RogueOutcome = { target: `${host}:${port}`, connected: false, frames: [], closedByPeer: false, dispatched: false };
  const sock = new Socket();
  let buf = Buffer.alloc(0);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      sock.destroy();
      resolve();
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve();
    };
    sock.on("connect", () => {
      out.connected = true;
      sock.write(rpcRequestFrame(4242n, requestMessage(host, port, ROGUE_ENDPOINT, "hello from a client without the secret")));
    });
    sock.on("data", (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      try {
        const { frames, used } = decodeFrames(buf);
        out.frames.push(...frames);
        buf = buf.subarray(used);
        if (out.frames.length > 0) finish();
      } catch (e) {
        out.error = (e as Error).message;
        finish();
      }
    });
    sock.on("end", () => {
      out.closedByPeer = true;
      finish();
    });
    sock.on("error", (e) => {
      out.error = e.message;
      finish();
    });
    sock.connect(port, host);
  });
  // Spark 3 answers "Cannot find endpoint: …", Spark 4 "Could not find shieldlab-rogue.": either way the
  // request was deserialised and looked up among the driver's endpoints
  out.dispatched = out.frames.some((f) => f.text.includes(ROGUE_ENDPOINT) || /RpcEndpointNotFoundException|Cannot find endpoint/.test(f.text));
  return out;
}
