// JSON for reports and evidence that never throws: BigInt as decimal strings, cycles cut.
export function toJson(v: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(
    v,
    (_k, x: unknown) => {
      if (typeof x === "bigint") return x.toString();
      if (x && typeof x === "object") {
        if (seen.has(x)) return "[cycle]";
        seen.add(x);
      }
      return x;
    },
    2,
  );
}
