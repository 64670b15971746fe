import { show } from "../constructs/private/format";

/**
 * Errors in a config file. Every line has one shape, `file:line: path: message`, so an editor can
 * jump to it: the line is the YAML node's (left out when the config did not come from a file),
 * the path is the config path (`environments.cloud.vpcCidr`, `services[2].name`).
 */

/** One problem at a config path; `path` is "" for the whole document. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
  /**
   * Set when the issue is a security choice that the policy gate also guards: the app waives it
   * when the config suppresses that gate rule with a reason. The config layer names the concern,
   * never a rule ID.
   */
  readonly policy?: PolicyConcern;
  /** The line, when the path alone can't find it (a duplicate key's second occurrence). */
  readonly line?: number;
}

/** Security choices the config flags and a policy suppression may waive; gate rules name the ones they guard. */
export const POLICY_CONCERNS = ["eks-public-endpoint"] as const;
export type PolicyConcern = (typeof POLICY_CONCERNS)[number];

/** A bad config: one formatted line per problem. The synth prints them and writes nothing. */
export class ConfigError extends Error {
  /** Marks config errors across copies of this module (instanceof fails across two installs). */
  public readonly isConfigError = true;
  constructor(public readonly problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }

  public static isConfigError(e: unknown): e is ConfigError {
    return typeof e === "object" && e !== null && (e as { isConfigError?: unknown }).isConfigError === true;
  }
}

/** `path: message`, with "(root)" for the whole document. */
export function issueText(issue: ConfigIssue): string {
  return `${issue.path || "(root)"}: ${issue.message}`;
}

/** Up to `max` of `candidates` nearest to `word` (edit distance), for "did you mean" hints. */
export function nearest(word: string, candidates: readonly string[], max = 3): string[] {
  const scored = candidates.map((c) => ({ c, d: editDistance(word.toLowerCase(), c.toLowerCase()) }));
  return scored
    .sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : 1))
    .slice(0, max)
    .map((s) => s.c);
}

/** "did you mean a, b or c?" over the nearest candidates; the whole list when it is short. */
export function didYouMean(word: string, candidates: readonly string[], max = 3): string {
  const near = nearest(word, candidates, max).map(show);
  const list = near.length > 1 ? `${near.slice(0, -1).join(", ")} or ${near[near.length - 1]}` : (near[0] ?? "");
  return near.length ? `did you mean ${list}?` : "";
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
