// Re-creates a stack handle from its serialized info (e.g. in a vitest worker).
import type { EngineSession } from "../../engine/engine-session.ts";
import { dockerodeFor } from "../../engine/engine-client.ts";
import type { StackProfile } from "../profile.ts";
import { StartedStack, type StackInfo } from "./started-stack.ts";

export function attachStack(info: StackInfo, session: EngineSession, profile: StackProfile | undefined): StartedStack {
  return new StartedStack(info, profile, dockerodeFor(session.target));
}
