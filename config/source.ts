import * as YAML from "yaml";
import { ConfigError, type ConfigIssue, issueText } from "./errors";

/**
 * Where a config came from, so that a problem at a config path can name its file and line. Built
 * from the parsed YAML document and its line counter; without them (a config given as an object)
 * lines are left out.
 */
export class ConfigSource {
  constructor(
    public readonly file: string,
    private readonly doc?: YAML.Document.Parsed,
    private readonly lines?: YAML.LineCounter,
  ) {}

  /** The 1-based line of the deepest node on `path` that exists in the file, if the config has a file. */
  public lineOf(path: string): number | undefined {
    if (!this.doc || !this.lines) return undefined;
    // Every node of a parsed document has a range; the contents are null only in an empty file.
    let node: YAML.ParsedNode | null = this.doc.contents;
    let offset = node?.range[0];
    for (const seg of pathSegments(path)) {
      // A name never equals a list index, nor an index a key's text, so a step of the other kind stops.
      if (YAML.isMap(node)) {
        const pair = node.items.find((p) => (YAML.isScalar(p.key) ? String(p.key.value) : p.key) === seg);
        if (!pair) break;
        offset = pair.key.range[0];
        node = pair.value;
      } else if (YAML.isSeq(node)) {
        const item = node.items.find((_, i) => i === seg);
        if (!item) break;
        offset = item.range[0];
        node = item;
      }
    }
    return offset === undefined ? 1 : this.lines.linePos(offset).line;
  }

  /** `file:line: path: message` (the line left out when unknown). */
  public format(issue: ConfigIssue): string {
    const line = issue.line ?? this.lineOf(issue.path);
    return `${this.file}${line === undefined ? "" : `:${line}`}: ${issueText(issue)}`;
  }

  /** A ConfigError with every issue located. */
  public error(issues: readonly ConfigIssue[]): ConfigError {
    return new ConfigError(issues.map((i) => this.format(i)));
  }
}

/** `environments.cloud.eks.publicAccessCidrs[0]` -> ["environments", "cloud", "eks", "publicAccessCidrs", 0]. */
export function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- an unmatched regex group reads undefined
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

/** Splits `path: message` (a line a library check produced) into an issue, if it starts with a config path. */
export function parseIssue(line: string): ConfigIssue | undefined {
  const m = /^((?:[A-Za-z][\w-]*|\[\d+\])(?:\.[\w-]+|\[\d+\])*): (.*)/s.exec(line);
  return m ? { path: m[1], message: m[2] } : undefined;
}
