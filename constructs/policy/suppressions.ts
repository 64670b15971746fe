import { IConstruct } from "constructs";
import { MeshValidationError, Problems, show } from "../errors";

/** Node metadata type under which suppressions are stored; metadata survives copies of this package. */
export const SUPPRESSION_METADATA = "hybrid-mesh/policy-suppression";

const RULE_ID = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;

/** A suppression as stored on a construct. */
export interface Suppression {
  readonly ruleId: string;
  readonly reason: string;
}

/**
 * Records that `ruleId` does not apply to `scope` and its descendants, for a written reason.
 * Throws a MeshValidationError if the reason is blank or the ID is malformed.
 */
export function addSuppression(scope: IConstruct, ruleId: string, reason: string): void {
  const problems = new Problems(scope.node.path || "<app>");
  if (typeof ruleId !== "string" || !RULE_ID.test(ruleId)) {
    problems.add("PolicyGate.suppress.ruleId", ruleId, 'is not a rule ID (e.g. "HM-NET-001")');
  }
  if (typeof reason !== "string" || reason.trim() === "") {
    problems.add(
      `PolicyGate.suppress(${show(ruleId)}).reason`,
      reason,
      "is blank; write why the rule does not apply here",
    );
  }
  problems.throwIfAny();
  scope.node.addMetadata(SUPPRESSION_METADATA, { ruleId, reason: reason.trim() } satisfies Suppression);
}

/** The suppressions attached directly to one construct. */
export function suppressionsOn(scope: IConstruct): Suppression[] {
  const out: Suppression[] = [];
  for (const m of scope.node.metadata) if (m.type === SUPPRESSION_METADATA) out.push(m.data as Suppression);
  return out;
}

/** Throws one MeshValidationError listing every suppression whose rule the gate doesn't know. */
export function assertKnownRules(
  found: ReadonlyMap<IConstruct, readonly Suppression[]>,
  known: ReadonlySet<string>,
): void {
  const lines: string[] = [];
  for (const [scope, list] of found) {
    for (const s of list) {
      if (!known.has(s.ruleId)) {
        lines.push(
          `${scope.node.path}: PolicyGate.suppress.ruleId: ${show(s.ruleId)} is not a rule of this PolicyGate (known: ${[...known].sort().join(", ")})`,
        );
      }
    }
  }
  if (lines.length) throw new MeshValidationError(lines);
}
