/**
 * A user error: bad config or construct props. It carries one line per problem, each naming
 * where (construct path or config path), the prop path and the bad value. The synth entry point
 * prints these lines without a stack trace and writes nothing.
 */
export class MeshValidationError extends Error {
  /** Marks user errors across copies of this package (instanceof fails across two installs). */
  public readonly isMeshValidationError = true;
  constructor(public readonly problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "MeshValidationError";
  }

  /** True for a MeshValidationError from any copy of this package. */
  public static isMeshValidationError(e: unknown): e is MeshValidationError {
    return (
      typeof e === "object" && e !== null && (e as { isMeshValidationError?: unknown }).isMeshValidationError === true
    );
  }
}

// In-repo modules outside the library (stacks, topology, policy) import these from here.
// Not part of the package API: constructs/index.ts exports only MeshValidationError.
export { Problems, isDnsLabel } from "./private/problems";
export { show } from "./private/format";
