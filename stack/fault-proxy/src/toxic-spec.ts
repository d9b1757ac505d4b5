import { ApiError, errBadRequestBody, errInvalidStream, errInvalidToxicType } from "./api-error.js";

/** Attribute names per toxic type, in Toxiproxy's JSON order; every attribute defaults to 0. */
const attributeNames = {
  latency: ["latency", "jitter"],
  bandwidth: ["rate"],
  slow_close: ["delay"],
  timeout: ["timeout"],
  slicer: ["average_size", "size_variation", "delay"],
  limit_data: ["bytes"],
  reset_peer: ["timeout"],
} as const;

export type ToxicType = keyof typeof attributeNames;
export type Stream = "upstream" | "downstream";
export type Attributes = Record<string, number>;

export interface ToxicSpec {
  name: string;
  type: ToxicType;
  stream: Stream;
  toxicity: number;
  attributes: Attributes;
}

export const toxicTypes = Object.keys(attributeNames) as ToxicType[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function bad(detail: string): ApiError {
  return ApiError.joined(errBadRequestBody, detail);
}

function parseToxicity(raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback;
  // Toxiproxy accepts any float; a value outside 0..1 here is almost always a percent typo.
  if (typeof raw !== "number" || !Number.isFinite(raw) || raw < 0 || raw > 1) {
    throw bad("toxicity must be a number between 0 and 1");
  }
  return raw;
}

function mergeAttributes(type: ToxicType, base: Attributes, raw: unknown): Attributes {
  if (raw === undefined || raw === null) return { ...base };
  if (!isRecord(raw)) throw bad("attributes must be an object");
  const merged: Attributes = {};
  for (const key of attributeNames[type]) {
    const value = raw[key] ?? base[key] ?? 0;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw bad(`attribute ${key} must be a non-negative number`);
    }
    merged[key] = value;
  }
  return merged;
}

function defaultAttributes(type: ToxicType): Attributes {
  return Object.fromEntries(attributeNames[type].map((key) => [key, 0]));
}

/** Validates a create-toxic body with Toxiproxy's defaults (downstream, toxicity 1, name `<type>_<stream>`). */
export function parseNewToxic(body: unknown): ToxicSpec {
  if (!isRecord(body)) throw bad("expected a JSON object");
  const rawStream = body.stream ?? "downstream";
  const stream = typeof rawStream === "string" ? rawStream.toLowerCase() : "";
  if (stream !== "upstream" && stream !== "downstream") throw errInvalidStream;
  const type = body.type;
  if (typeof type !== "string" || !(toxicTypes as string[]).includes(type)) throw errInvalidToxicType;
  const toxicType = type as ToxicType;
  const rawName = body.name;
  if (rawName !== undefined && typeof rawName !== "string") throw bad("name must be a string");
  return {
    name: rawName ? rawName : `${toxicType}_${stream}`,
    type: toxicType,
    stream,
    toxicity: parseToxicity(body.toxicity, 1),
    attributes: mergeAttributes(toxicType, defaultAttributes(toxicType), body.attributes),
  };
}

/** An update merges attributes and toxicity into the existing toxic; name, type and stream stay. */
export function parseToxicUpdate(current: ToxicSpec, body: unknown): ToxicSpec {
  if (!isRecord(body)) throw bad("expected a JSON object");
  return {
    ...current,
    toxicity: parseToxicity(body.toxicity, current.toxicity),
    attributes: mergeAttributes(current.type, current.attributes, body.attributes),
  };
}
