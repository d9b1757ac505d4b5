import { describe, expect, it } from "vitest";
import { overallHealth, type DependencyView } from "../src/health-status.ts";

const up: DependencyView = { status: "up", breaker: "closed" };

describe("overallHealth", () => {
  it("is healthy (200) when both dependencies are up with closed breakers", () => {
    expect(overallHealth(up, up)).toEqual({ status: "healthy", httpStatus: 200 });
  });

  it("is degraded (200) when Redis is down or its breaker is not closed", () => {
    expect(overallHealth({ status: "down", breaker: "closed" }, up)).toEqual({ status: "degraded", httpStatus: 200 });
    expect(overallHealth({ status: "up", breaker: "open" }, up).status).toBe("degraded");
    expect(overallHealth({ status: "up", breaker: "half-open" }, up).status).toBe("degraded");
  });

  it("is degraded while the inference breaker is half-open", () => {
    expect(overallHealth(up, { status: "up", breaker: "half-open" }).status).toBe("degraded");
  });

  it("is unavailable (503) when inference is down or its breaker is open, whatever Redis says", () => {
    expect(overallHealth(up, { status: "down", breaker: "closed" })).toEqual({ status: "unavailable", httpStatus: 503 });
    expect(overallHealth(up, { status: "up", breaker: "open" })).toEqual({ status: "unavailable", httpStatus: 503 });
    expect(overallHealth({ status: "down", breaker: "open" }, { status: "down", breaker: "open" }).status).toBe("unavailable");
  });

  it("does not count a disabled breaker (the negative control) as impaired", () => {
    expect(overallHealth({ status: "up", breaker: "disabled" }, { status: "up", breaker: "disabled" }).status).toBe("healthy");
  });
});
