import type { ConfigIssue, PolicyConcern } from "../config/errors";
import { didYouMean, quote } from "../config/errors";
import type { MeshConfig, SuppressionConfig } from "../config/types";
import { MeshValidationError } from "../constructs/errors";
import { PolicyGate } from "../constructs/policy";
import { eksEndpointRestricted } from "../constructs/policy/rules/eks";
import type { MeshApp } from "./app";

/** The gate rule that guards each security choice the config flags; suppressing it waives the config check. */
const RULE_OF: Readonly<Record<PolicyConcern, string>> = { "eks-public-endpoint": eksEndpointRestricted.id };

/** True if the config suppresses, with a reason, the gate rule behind a config issue (see ConfigIssue.policy). */
export function waivedBySuppression(issue: ConfigIssue, config: MeshConfig): boolean {
  const rule = issue.policy && RULE_OF[issue.policy];
  return !!rule && config.suppressions.some((s) => s.rule === rule && s.reason.trim() !== "");
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
      problems.push(`suppressions[${i}].rule: ${quote(s.rule)} is not a rule of the policy gate; ${didYouMean(s.rule, known)}`);
      return;
    }
    const target = byPath.get(s.path);
    if (!target) {
      const paths = [...byPath.keys()].filter(Boolean);
      problems.push(`suppressions[${i}].path: ${quote(s.path)} names no construct; ${didYouMean(s.path, paths)}`);
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
