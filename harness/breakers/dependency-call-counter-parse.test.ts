import { describe, expect, it } from "vitest";
import { requestsOnRoute } from "./dependency-call-counter.ts";

const text = `# HELP inference_http_requests_total HTTP requests
# TYPE inference_http_requests_total counter
inference_http_requests_total{route="/completion",method="POST",status="200"} 12
inference_http_requests_total{route="/completion",method="POST",status="503"} 3
inference_http_requests_total{route="/health",method="GET",status="200"} 40
inference_http_request_duration_seconds_count{route="/completion",status="200"} 12
`;

describe("requestsOnRoute", () => {
  it("sums the request counter over statuses for one route only", () => {
    expect(requestsOnRoute(text, "/completion")).toBe(15);
    expect(requestsOnRoute(text, "/health")).toBe(40);
  });

  it("matches a route label that names the path without its slash", () => {
    const named = 'inference_http_requests_total{route="completion",method="POST",status="200"} 7\ninference_http_requests_total{route="v1_completions",method="POST",status="200"} 2';
    expect(requestsOnRoute(named, "/completion")).toBe(7);
    expect(requestsOnRoute(named, "/v1/completions")).toBe(2);
  });

  it("is 0 for a route the counter has not seen yet, undefined without a request counter (a missing counter is not a zero)", () => {
    expect(requestsOnRoute(text, "/v1/completions")).toBe(0);
    expect(requestsOnRoute("", "/completion")).toBeUndefined();
    expect(requestsOnRoute('http_request_duration_seconds_count{route="/completion"} 4', "/completion")).toBeUndefined();
  });
});
