// Documents are written by the crawler as a hash (title, text) but a plain string `doc:<id>` is
// accepted too (JSON object or raw text), so hand-seeded data works.

export interface Doc {
  id: string;
  title: string;
  text: string;
}

const TEXT_FIELDS = ["text", "content", "body"] as const;

export function docFromHash(id: string, hash: Readonly<Record<string, string>>): Doc | null {
  const text = TEXT_FIELDS.map((f) => hash[f]).find((v) => typeof v === "string" && v !== "");
  if (text === undefined) return null;
  return { id, title: hash.title ?? "", text };
}

export function docFromString(id: string, value: string | null): Doc | null {
  if (value === null || value === "") return null;
  if (value.trimStart().startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
        const fields = Object.fromEntries(
          Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string"),
        );
        return docFromHash(id, fields);
      }
    } catch {
      // Not JSON after all: fall through and use it as text.
    }
  }
  return { id, title: "", text: value };
}
