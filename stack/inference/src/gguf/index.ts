export { generateModel, sha256File, type GeneratedModel } from "./generate.ts";
export {
  DEFAULT_MODEL_SIZE_MB,
  MAX_SIZE_MB,
  MIN_SIZE_MB,
  MODEL_MODES,
  ModelParamsError,
  minimumSizeMb,
  planModel,
  type ModelMode,
  type ModelParams,
  type ModelPlan,
} from "./plan.ts";
export { expectedCompletion, successorToken, tokenizePrompt, type ExpectedCompletion } from "./predictable.ts";
export { BOS_ID, EOS_ID, FIRST_BYTE_ID, FIRST_WORD_ID, SPACE_ID, generateWords } from "./vocab.ts";
