// How a client tells, from one answer of the api, what its breaker did with the call.
import type { BreakerCall } from "../checkers/breaker-timeline.ts";

export interface QueryAnswer {
  status: number;
  /** The JSON body's error_code, when there is one. */
  errorCode?: string;
  /** The body's `breaker` field: which breaker rejected the call. */
  breaker?: string;
}

/** success: 2xx; rejected: the open (or busy half-open) breaker answered without calling; failure: anything else. */
export function callOutcome(answer: QueryAnswer): BreakerCall["outcome"] {
  if (answer.status >= 200 && answer.status < 300) return "success";
  if (answer.status === 503 && (answer.errorCode === "circuit_open" || answer.breaker !== undefined)) return "rejected";
  return "failure";
}
