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
    return typeof e === "object" && e !== null && (e as { isMeshValidationError?: unknown }).isMeshValidationError === true;
  }
}

/** Formats a value for an error message: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
  return value === undefined ? "undefined" : JSON.stringify(value);
}

/**
 * Collects problems and throws them together, so one run reports every bad prop.
 * `where` prefixes each line, e.g. the construct path.
 */
export class Problems {
  private readonly lines: string[] = [];
  constructor(private readonly where: string) {}

  /** Records `<where>: <path>: <value> <reason>`. */
  public add(path: string, value: unknown, reason: string): void {
    this.lines.push(`${this.where}: ${path}: ${show(value)} ${reason}`);
  }

  public get count(): number {
    return this.lines.length;
  }

  /** Throws a MeshValidationError if anything was recorded. */
  public throwIfAny(): void {
    if (this.lines.length) throw new MeshValidationError(this.lines);
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 label: lower-case alphanumerics and '-', at most 63 characters. */
export function isDnsLabel(s: string): boolean {
  return s.length <= 63 && DNS_LABEL.test(s);
}
