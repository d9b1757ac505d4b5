import { describe, expect, it } from "vitest";
import { stripAnalytics } from "./strip-analytics.ts";

const sample = `<head><script src="app.js"></script>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-X"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('config', 'G-X', {"report": "awesome"});
</script>
<script async>window.allureReportData = {};</script></head>`;

describe("stripAnalytics", () => {
  it("removes the tag manager loader and its inline setup, keeping the report's own scripts", () => {
    const r = stripAnalytics(sample);
    expect(r.removed).toBe(2);
    expect(r.html).not.toMatch(/googletagmanager|gtag/);
    expect(r.html).toContain('<script src="app.js"></script>');
    expect(r.html).toContain("window.allureReportData = {};");
  });

  it("leaves a report without analytics unchanged", () => {
    const clean = `<script>var a = 1;</script>`;
    expect(stripAnalytics(clean)).toEqual({ html: clean, removed: 0 });
  });
});
