// Whether to colour output: only on a terminal, never with NO_COLOR (https://no-color.org), always with FORCE_COLOR.
import pc from "picocolors";

type Colors = ReturnType<typeof pc.createColors>;

/** True when `stream` is a terminal and the environment does not forbid colour. */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** picocolors functions that colour only when `enabled`. */
export function colors(enabled: boolean): Colors {
  return pc.createColors(enabled);
}
