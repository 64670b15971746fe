import type { SuppressionConfig } from "../config/types";
import { MeshValidationError, show } from "../constructs/errors";
import { PolicyGate } from "../constructs/policy";
import type { MeshApp } from "./app";

/**
 * Turns the config's deliberate exceptions into policy-gate suppressions on the named constructs
 * (and so on everything below them). A path that names no construct is an error, so a renamed
 * construct cannot leave a stale exception behind silently.
 */
export function applySuppressions(mesh: MeshApp, suppressions: readonly SuppressionConfig[]): void {
  if (!suppressions.length) return;
  const byPath = new Map(mesh.app.node.findAll().map((c) => [c.node.path, c]));
  const problems: string[] = [];
  suppressions.forEach((s, i) => {
    const target = byPath.get(s.path);
    if (!target) {
      const stacks = mesh.stacks.map((st) => st.id).join(", ");
      problems.push(`suppressions[${i}].path: ${show(s.path)} names no construct (paths start with a stack: ${stacks})`);
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
