export const comparators = ["<=", "<", ">=", ">", "=="] as const;
export type Comparator = (typeof comparators)[number];
export type Verdict = "pass" | "fail" | "not-run";

/** A null threshold means the metric is reported only: it cannot fail. */
export function judge(value: number, threshold: number | null, comparator: Comparator): "pass" | "fail" {
  if (Number.isNaN(value)) return "fail";
  if (threshold === null) return "pass";
  switch (comparator) {
    case "<=":
      return value <= threshold ? "pass" : "fail";
    case "<":
      return value < threshold ? "pass" : "fail";
    case ">=":
      return value >= threshold ? "pass" : "fail";
    case ">":
      return value > threshold ? "pass" : "fail";
    case "==":
      return value === threshold ? "pass" : "fail";
  }
}
