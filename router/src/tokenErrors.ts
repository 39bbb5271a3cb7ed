// Why a presented access token was refused: the reason codes the subgraphs give too
// (service_runtime/token_errors.py).
export class AuthenticationError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
