/**
 * A small well-formedness check for generated SVG (balanced tags, quoted attributes, escaped text),
 * so plot tests need no XML parser dependency.
 */
export function svgProblems(svg: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let cursor = 0;
  for (const match of svg.matchAll(tag)) {
    const text = svg.slice(cursor, match.index);
    if (/[<>]/.test(text)) problems.push(`unparsed markup near: ${text.slice(0, 60)}`);
    if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(text)) problems.push(`unescaped & in text: ${text.slice(0, 60)}`);
    cursor = (match.index ?? 0) + match[0].length;
    const [, closing, name = "", , selfClosing] = match;
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? "nothing"}>`);
    } else if (!selfClosing) stack.push(name);
  }
  const rest = svg.slice(cursor);
  if (/[<>]/.test(rest)) problems.push(`unparsed markup near: ${rest.slice(0, 60)}`);
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(", ")}`);
  if (!svg.startsWith("<svg ")) problems.push("does not start with <svg");
  return problems;
}
