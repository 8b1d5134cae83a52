// JSON for reports and evidence that never throws: BigInt as decimal strings, cycles cut (only a real cycle — an
// object that contains itself — not an object that two places share, such as one version pair on many results).
export function toJson(v: unknown): string {
  const ancestors: object[] = [];
  return JSON.stringify(
    v,
    function (this: unknown, _k, x: unknown) {
      if (typeof x === "bigint") return x.toString();
      if (!x || typeof x !== "object") return x;
      // `this` holds x: everything above it on the stack is a finished sibling branch
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(x)) return "[cycle]";
      ancestors.push(x);
      return x;
    },
    2,
  );
}
