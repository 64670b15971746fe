import { ConfigError } from "../../config/errors";
import { MeshValidationError } from "../../constructs/errors";

/** An error that carries one message line per problem. */
type ProblemError = { readonly problems: readonly string[] };

function thrownProblems(fn: () => unknown, is: (e: unknown) => e is ProblemError, what: string): string[] {
  try {
    fn();
  } catch (e) {
    if (is(e)) return [...e.problems];
    throw e;
  }
  throw new Error(`expected a ${what}, but nothing was thrown`);
}

/** The problem lines of the MeshValidationError `fn` throws; fails when it throws nothing or something else. */
export const problemsOf = (fn: () => unknown): string[] =>
  thrownProblems(fn, (e) => MeshValidationError.isMeshValidationError(e), "MeshValidationError");

/** The lines of the ConfigError `fn` throws; fails when it throws nothing or something else. */
export const configProblemsOf = (fn: () => unknown): string[] =>
  thrownProblems(fn, (e) => ConfigError.isConfigError(e), "ConfigError");
