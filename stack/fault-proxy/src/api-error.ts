/** An error the HTTP API reports as `{"error": message, "status": code}`, as Toxiproxy does. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }

  toJSON(): { error: string; status: number } {
    return { error: this.message, status: this.status };
  }

  static joined(base: ApiError, detail: string): ApiError {
    return new ApiError(`${base.message}: ${detail}`, base.status);
  }
}

export const errBadRequestBody = new ApiError("bad request body", 400);
export const errMissingField = new ApiError("missing required field", 400);
export const errProxyNotFound = new ApiError("proxy not found", 404);
export const errProxyAlreadyExists = new ApiError("proxy already exists", 409);
export const errInvalidStream = new ApiError("stream was invalid, can be either upstream or downstream", 400);
export const errInvalidToxicType = new ApiError("invalid toxic type", 400);
export const errToxicAlreadyExists = new ApiError("toxic already exists", 409);
export const errToxicNotFound = new ApiError("toxic not found", 404);
