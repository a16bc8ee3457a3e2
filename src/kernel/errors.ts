/**
 * Typed errors every layer understands. The HTTP layer maps them to status codes,
 * the CLI to exit codes; a command throws them before anything is written.
 */
export type FieldIssue = { field: string; message: string };

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
}

/** Bad input: names each field and why (HTTP 400). */
export class ValidationError extends AppError {
  readonly status = 400;
  readonly code = 'validation';
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('; '));
  }
  static field(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

/** Not signed in (HTTP 401; the web layer redirects to the login page). */
export class UnauthenticatedError extends AppError {
  readonly status = 401;
  readonly code = 'unauthenticated';
  constructor(message = '请先登录') {
    super(message);
  }
}

/** Signed in but not allowed (HTTP 403). */
export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = 'forbidden';
  constructor(message = '无权执行此操作') {
    super(message);
  }
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = 'not_found';
  constructor(message = '未找到') {
    super(message);
  }
}

/** A state transition not allowed from the current state, or a uniqueness clash (HTTP 409). */
export class ConflictError extends AppError {
  readonly status = 409;
  readonly code = 'conflict';
  constructor(message: string) {
    super(message);
  }
}

export class RateLimitedError extends AppError {
  readonly status = 429;
  readonly code = 'rate_limited';
  constructor(
    readonly retryAfterSeconds: number,
    message = '请求过于频繁，请稍后再试',
  ) {
    super(message);
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/**
 * The database cannot take the write (read-only, disk full, shut down, unreachable): a condition
 * of the server, not of the request, so HTTP 503 with Retry-After. `cause` names it for the
 * operator (logs, /healthz); visitors see only the message.
 */
export class StorageUnavailableError extends AppError {
  readonly status = 503;
  readonly code = 'storage_unavailable';
  constructor(
    readonly reason: string,
    readonly detail: string,
    readonly retryAfterSeconds = 30,
    message = '系统暂时无法保存，请稍后再试。',
  ) {
    super(message);
  }
}
