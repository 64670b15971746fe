import { MeshValidationError } from "../errors";
import { show } from "./format";

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
