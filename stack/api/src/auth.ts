import { createHash, timingSafeEqual } from "node:crypto";

export type Presented = { kind: "missing" } | { kind: "present"; key: string };

/** `x-api-key` wins over `Authorization: Bearer`; an Authorization of another scheme counts as missing. */
export function presentedKey(headers: Readonly<Record<string, string | string[] | undefined>>): Presented {
  const header = first(headers["x-api-key"])?.trim();
  if (header) return { kind: "present", key: header };
  const authorization = first(headers.authorization)?.trim();
  const bearer = authorization === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  return bearer ? { kind: "present", key: bearer } : { kind: "missing" };
}

/** Compares digests so neither the length nor a prefix of the key leaks through timing. */
export function keyMatches(presented: string, expected: string): boolean {
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
