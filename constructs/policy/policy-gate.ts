import { IConstruct } from "constructs";
import { Annotations, Aspects, IAspect, TerraformStack } from "cdktf";
import { buildContext } from "./context";
import { formatReport, formatViolation } from "./format";
import { isObject } from "./json";
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
 * Synth-time policy gate. Evaluates the rules once per TerraformStack, records violations and
 * suppressions, adds each violation as an error annotation, and fails synth on a violation.
 *
 * The rules read the stack's Terraform JSON as synth itself resolves it (the stack's
 * toTerraform(), which the gate observes), so nothing is resolved twice and the rules see exactly
 * what is written, stack-level overrides included. A violation then fails `app.synth()` (and
 * `Testing.fullSynth`) before that stack's file is written; `Testing.synth` records the
 * violations and annotations without throwing.
 *
 * cdktf 0.21 runs aspects per stack, starting at the stack: an aspect added only to the App is
 * never invoked. Use `applyTo(app)` (after the stacks exist). A gate added to a stack by hand as
 * an aspect still works, but resolves the stack once more when it visits it.
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
  /** Unsuppressed violations per evaluated stack. */
  private readonly evaluated = new WeakMap<TerraformStack, Violation[]>();
  /** Stacks whose synthesis the gate observes (see watch). */
  private readonly watched = new WeakSet<TerraformStack>();
  /** Stacks inside their synthesizer's synthesize(): a real synth, which a violation must fail. */
  private readonly synthesizing = new WeakSet<TerraformStack>();

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
      if (TerraformStack.isStack(c)) this.watch(c);
    }
    if (!scope.node.scope) {
      scope.node.addValidation({
        validate: () => {
          const before = this.violations.length;
          for (const s of scope.node.findAll())
            if (TerraformStack.isStack(s) && !this.evaluated.has(s)) this.evaluate(s, s.toTerraform(), false);
          return this.violations.slice(before).map(formatViolation);
        },
      });
    }
    return this;
  }

  /**
   * Implements IAspect. A stack from applyTo() is evaluated when synth resolves it; one the gate
   * meets only here (added by hand) is resolved and evaluated now, so its error annotations fail
   * synth as cdktf collects them.
   */
  public visit(node: IConstruct): void {
    if (TerraformStack.isStack(node) && !this.watched.has(node) && !this.evaluated.has(node)) {
      this.evaluate(node, node.toTerraform(), this.failOnViolation);
    }
  }

  /** Formats one violation: `[HM-NET-001] <path>: <found> — fix: <fix>`. */
  public format(v: Violation): string {
    return formatViolation(v);
  }

  /** A plain-text report of violations and applied suppressions. */
  public report(): string {
    return formatReport(this.violations, this.suppressed);
  }

  /**
   * Observes the stack's synthesis. cdktf's StackSynthesizer invokes aspects, runs validations,
   * collects annotations, and only then resolves the stack (toTerraform) and writes it
   * (cdktf/lib/synthesize/synthesizer.js). So the gate evaluates the resolved JSON as
   * toTerraform returns it, and within a real synth throws there, before the file is written,
   * since annotations added that late are no longer collected.
   */
  private watch(stack: TerraformStack): void {
    if (this.watched.has(stack)) return;
    this.watched.add(stack);
    const synthesizer = stack.synthesizer;
    stack.synthesizer = {
      synthesize: (session) => {
        this.synthesizing.add(stack);
        try {
          synthesizer.synthesize(session);
        } finally {
          this.synthesizing.delete(stack);
        }
      },
    };
    const toTerraform = stack.toTerraform.bind(stack);
    const toHclTerraform = stack.toHclTerraform.bind(stack);
    stack.toTerraform = () => {
      const resolved: unknown = toTerraform();
      this.check(stack, resolved);
      return resolved;
    };
    // HCL output (SYNTH_HCL_OUTPUT) renders without toTerraform: the one case that resolves twice.
    stack.toHclTerraform = () => {
      this.check(stack, this.evaluated.has(stack) ? undefined : toTerraform());
      return toHclTerraform();
    };
  }

  /** Evaluates a watched stack the first time synth resolves it; fails a real synth on a violation. */
  private check(stack: TerraformStack, resolved: unknown): void {
    if (!this.evaluated.has(stack)) this.evaluate(stack, resolved, this.failOnViolation);
    const found = this.evaluated.get(stack) ?? [];
    if (this.failOnViolation && found.length && this.synthesizing.has(stack)) {
      throw new Error(
        `PolicyGate: ${found.length} violation${found.length === 1 ? "" : "s"} in stack ${stack.node.path}:\n${found.map((v) => `  ${formatViolation(v)}`).join("\n")}`,
      );
    }
  }

  private evaluate(stack: TerraformStack, resolved: unknown, annotate: boolean): void {
    const found: Violation[] = [];
    this.evaluated.set(stack, found);
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

    const ctx = buildContext(stack, nodes, this.options, isObject(resolved) ? resolved : {});
    for (const rule of this.rules) {
      for (const f of rule.check(ctx)) {
        const v: Violation = { ruleId: rule.id, path: f.construct.node.path, found: f.found, fix: f.fix ?? rule.fix };
        const waiver = findSuppression(f.construct, rule.id, suppressions);
        if (waiver) {
          this.suppressed.push({ ...v, suppressedAt: waiver.at.node.path, reason: waiver.reason });
        } else {
          this.violations.push(v);
          found.push(v);
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
