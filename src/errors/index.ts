export { ERROR_SENTENCES, USAGE_CODES, type ErrorCode } from './codes.js';
export { VerifyError, asVerifyError, type ErrorDetail } from './verify-error.js';
