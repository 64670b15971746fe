import type { ConfigIssue } from "../config/errors";
import { didYouMean } from "../config/errors";
import type { MeshConfig, SuppressionConfig } from "../config/types";
import { MeshValidationError, show } from "../constructs/errors";
import { PolicyGate, rulesGuarding } from "../constructs/policy";
import type { MeshApp } from "./app";

/**
 * True if the config suppresses, with a reason, a gate rule that guards a config issue's concern
 * (see ConfigIssue.policy): the gate's rules say which concerns they cover.
 */
export function waivedBySuppression(issue: ConfigIssue, config: MeshConfig): boolean {
  const rules = issue.policy ? rulesGuarding(issue.policy) : [];
  return config.suppressions.some((s) => rules.includes(s.rule) && s.reason.trim() !== "");
}

/**
 * Turns the config's deliberate exceptions into policy-gate suppressions on the named constructs
 * (and so on everything below them). A rule the gate doesn't have, or a path that names no
 * construct, is an error at `suppressions[N]`, so a renamed construct cannot leave a stale
 * exception behind silently.
 */
export function applySuppressions(mesh: MeshApp, suppressions: readonly SuppressionConfig[], gate?: PolicyGate): void {
  if (!suppressions.length) return;
  const byPath = new Map(mesh.app.node.findAll().map((c) => [c.node.path, c]));
  const known = gate?.rules.map((r) => r.id);
  const problems: string[] = [];
  suppressions.forEach((s, i) => {
    if (known && !known.includes(s.rule)) {
      problems.push(
        `suppressions[${i}].rule: ${show(s.rule)} is not a rule of the policy gate; ${didYouMean(s.rule, known)}`,
      );
      return;
    }
    const target = byPath.get(s.path);
    if (!target) {
      const paths = [...byPath.keys()].filter(Boolean);
      problems.push(`suppressions[${i}].path: ${show(s.path)} names no construct; ${didYouMean(s.path, paths)}`);
      return;
    }
    try {
      PolicyGate.suppress(target, s.rule, s.reason);
    } catch (e) {
      if (!MeshValidationError.isMeshValidationError(e)) throw e;
      problems.push(...e.problems.map((p) => `suppressions[${i}]: ${p}`));
    }
  });
  if (problems.length) throw new MeshValidationError(problems);
}
