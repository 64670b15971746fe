import { IConstruct } from "constructs";
import { Annotations, Aspects, IAspect, TerraformStack } from "cdktf";
import { buildContext } from "./context";
import { formatReport, formatViolation } from "./format";
import { DEFAULT_RULES } from "./rules";
import { addSuppression, assertKnownRules, Suppression, suppressionsOn } from "./suppressions";
import { PolicyRule, ResolvedPolicyOptions, SuppressedViolation, Violation } from "./types";

/** Options of a PolicyGate. */
export interface PolicyGateProps {
  /** Rules to enforce.
   * @default DEFAULT_RULES */
  readonly rules?: readonly PolicyRule[];
  /** Allow ingress from 0.0.0.0/0 or ::/0 on `meshGatewayPorts` (tcp) to security groups tagged
   * `MESH_GATEWAY_TAG` (a gateway reached from the internet, not over VPN).
   * @default false */
  readonly allowPublicMeshGatewayPorts?: boolean;
  /** Ports a public mesh gateway listens on.
   * @default [443, 8443] */
  readonly meshGatewayPorts?: readonly number[];
  /** Add each violation as an error annotation, which fails `cdktf synth`.
   * @default true */
  readonly failOnViolation?: boolean;
}

/**
 * Synth-time policy gate. Evaluates the rules once per TerraformStack it visits, records
 * violations and suppressions, and adds each violation as an error annotation so synth fails.
 *
 * cdktf 0.21 runs aspects per stack, starting at the stack: an aspect added only to the App is
 * never invoked. Use `applyTo(app)` (after the stacks exist), or add the gate to each stack.
 */
export class PolicyGate implements IAspect {
  /**
   * Waives `ruleId` for `scope` and its descendants. The reason is required and is listed in the
   * synth summary. Throws MeshValidationError for a blank reason or malformed ID; an ID the gate
   * doesn't know fails when the gate runs.
   */
  public static suppress(scope: IConstruct, ruleId: string, reason: string): void {
    addSuppression(scope, ruleId, reason);
  }

  /** Violations found so far, in stack and construct order. */
  public readonly violations: Violation[] = [];
  /** Findings waived by a suppression, with the suppression's reason. */
  public readonly suppressed: SuppressedViolation[] = [];
  /** The rules this gate enforces. */
  public readonly rules: readonly PolicyRule[];

  private readonly options: ResolvedPolicyOptions;
  private readonly failOnViolation: boolean;
  private readonly ruleIds: ReadonlySet<string>;
  private readonly evaluated = new WeakSet<TerraformStack>();

  constructor(props: PolicyGateProps = {}) {
    this.rules = props.rules ?? DEFAULT_RULES;
    this.ruleIds = new Set(this.rules.map((r) => r.id));
    this.failOnViolation = props.failOnViolation ?? true;
    this.options = {
      allowPublicMeshGatewayPorts: props.allowPublicMeshGatewayPorts ?? false,
      meshGatewayPorts: props.meshGatewayPorts ?? [443, 8443],
    };
  }

  /**
   * Adds this gate to `scope` and to every stack under it. Call it after the stacks are created;
   * on an App it also adds a validation that evaluates stacks created later, so none slips through.
   */
  public applyTo(scope: IConstruct): this {
    // findAll() includes `scope` itself; adding to it as well keeps working if cdktf ever invokes App aspects.
    for (const c of scope.node.findAll()) {
      if ((c === scope || TerraformStack.isStack(c)) && !Aspects.of(c).all.includes(this)) Aspects.of(c).add(this);
    }
    if (!scope.node.scope) {
      scope.node.addValidation({
        validate: () => {
          const before = this.violations.length;
          for (const s of scope.node.findAll()) if (TerraformStack.isStack(s)) this.evaluate(s, false);
          return this.violations.slice(before).map(formatViolation);
        },
      });
    }
    return this;
  }

  /** Implements IAspect: evaluates a stack the first time the gate visits it. */
  public visit(node: IConstruct): void {
    if (TerraformStack.isStack(node)) this.evaluate(node, this.failOnViolation);
  }

  /** Formats one violation: `[HM-NET-001] <path>: <found> — fix: <fix>`. */
  public format(v: Violation): string {
    return formatViolation(v);
  }

  /** A plain-text report of violations and applied suppressions. */
  public report(): string {
    return formatReport(this.violations, this.suppressed);
  }

  private evaluate(stack: TerraformStack, annotate: boolean): void {
    if (this.evaluated.has(stack)) return;
    this.evaluated.add(stack);
    // One walk of the tree: collect the nodes and the suppressions attached to them.
    const nodes = stack.node.findAll();
    const suppressions = new Map<IConstruct, Suppression[]>();
    for (const n of nodes) {
      const list = suppressionsOn(n);
      if (list.length) suppressions.set(n, list);
    }
    // Suppressions on the stack's ancestors (e.g. the App) apply too; findAll() covered the stack.
    for (const a of stack.node.scopes) {
      const list = a === stack ? [] : suppressionsOn(a);
      if (list.length) suppressions.set(a, list);
    }
    assertKnownRules(suppressions, this.ruleIds);

    const ctx = buildContext(stack, nodes, this.options);
    for (const rule of this.rules) {
      for (const f of rule.check(ctx)) {
        const v: Violation = { ruleId: rule.id, path: f.construct.node.path, found: f.found, fix: f.fix ?? rule.fix };
        const waiver = findSuppression(f.construct, rule.id, suppressions);
        if (waiver) {
          this.suppressed.push({ ...v, suppressedAt: waiver.at.node.path, reason: waiver.reason });
        } else {
          this.violations.push(v);
          if (annotate) Annotations.of(f.construct).addError(formatViolation(v));
        }
      }
    }
  }
}

/** The nearest suppression of `ruleId` on the construct or an ancestor. */
function findSuppression(
  construct: IConstruct,
  ruleId: string,
  suppressions: ReadonlyMap<IConstruct, readonly Suppression[]>,
): { at: IConstruct; reason: string } | undefined {
  if (!suppressions.size) return undefined;
  for (let c: IConstruct | undefined = construct; c; c = c.node.scope) {
    const hit = suppressions.get(c)?.find((s) => s.ruleId === ruleId);
    if (hit) return { at: c, reason: hit.reason };
  }
  return undefined;
}
