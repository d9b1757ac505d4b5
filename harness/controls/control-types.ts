// A negative control: a deliberately broken variant of the target and the check expected to catch it.
import type { ComposeOverride } from "../stack/compose/override.ts";
import type { StartedStack } from "../stack/launcher/started-stack.ts";
import type { StackProfile } from "../stack/profile.ts";
import type { Slo } from "../slo/slo.ts";

export interface VariantSpec {
  override?: ComposeOverride;
  variables?: Record<string, string>;
}

export interface Detection {
  /** True when the check flags the stack it was given. */
  flagged: boolean;
  detail: string;
  /** The check itself failed to run: neither a catch nor a clean pass. */
  errored?: boolean;
}

export interface DetectContext {
  profile: StackProfile;
  slo: Slo;
  /** The compose file of the stack under check (a variant file for broken variants). */
  composeFile: string;
  /** Set for runtime checks: a running stack of the variant (or of the healthy target). */
  stack?: StartedStack;
  log: (line: string) => void;
}

export interface NegativeControl {
  id: string;
  description: string;
  /** The check expected to catch the broken variant. */
  catcher: string;
  kind: "static" | "runtime";
  broken: VariantSpec;
  /** The healthy configuration the same check must NOT flag (defaults to the unmodified target). */
  healthy?: VariantSpec;
  detect: (ctx: DetectContext) => Promise<Detection>;
}
