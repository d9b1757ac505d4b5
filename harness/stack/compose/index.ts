export { ComposeError, type ComposeErrorCode } from "./compose-error.ts";
export { interpolate, parseEnvFile, type Interpolated, type InterpolationIssue, type VariableMap } from "./interpolate.ts";
export { loadCompose, parseCompose, type LoadOptions } from "./load.ts";
export * from "./model.ts";
export { findCycle, startOrder } from "./start-order.ts";
export { parseBytes, parseDurationMs, parseMode, parseRedisBytes, shellSplit } from "./units.ts";
