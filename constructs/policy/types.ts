import { IConstruct } from "constructs";
import { TerraformStack } from "cdktf";

/** A JSON object as Terraform JSON renders it (attribute names in snake_case). */
export type JsonObject = { readonly [key: string]: unknown };

/** Which Terraform block an element renders to. */
export type ElementKind = "resource" | "data" | "output";

/** One resource, data source or output of a stack, with its resolved Terraform JSON. */
export interface PolicyElement {
  readonly kind: ElementKind;
  /** Terraform type, e.g. `aws_security_group`; `""` for outputs. */
  readonly type: string;
  /** Terraform name (the element's friendly unique id). */
  readonly name: string;
  /** Terraform address: `aws_kms_key.k`, `data.aws_eks_cluster.c`, `output.o`. */
  readonly address: string;
  /** The construct to report on and to look suppressions up from. */
  readonly construct: IConstruct;
  /** The element's body with tokens resolved and cdktf's `//` metadata removed. */
  readonly config: JsonObject;
}

/** What a rule sees: one stack, indexed so a rule touches only the types it checks. */
export interface PolicyContext {
  readonly stack: TerraformStack;
  readonly options: ResolvedPolicyOptions;
  /** Every element of the stack, in construct-tree order. */
  readonly elements: readonly PolicyElement[];
  /** Resources of the given types. */
  resources(...types: string[]): readonly PolicyElement[];
  /** Data sources of the given types. */
  dataSources(...types: string[]): readonly PolicyElement[];
  /** All outputs. */
  outputs(): readonly PolicyElement[];
  /** The element a `${type.name.attr}` expression points at, if it lives in this stack. */
  referenced(expression: unknown): PolicyElement | undefined;
  /** Computes a value once per stack and key, so rules share parsed data (e.g. Helm values per release). */
  memo<T>(key: string, compute: () => T): T;
}

/** A problem a rule found. */
export interface Finding {
  /** Construct the problem is reported on (an element's construct, or the stack for "missing" checks). */
  readonly construct: IConstruct;
  /** What was found, naming the attribute and its value, e.g. `ingress[0] from 0.0.0.0/0 on tcp/22`. */
  readonly found: string;
  /** Overrides the rule's fix for this finding.
   * @default - the rule's `fix` */
  readonly fix?: string;
}

/** A policy rule. Rules are stateless; `check` runs once per stack. */
export interface PolicyRule {
  /** Stable ID, e.g. `HM-NET-001`. Suppressions name it; never reuse one. */
  readonly id: string;
  /** One line: why the rule exists. */
  readonly rationale: string;
  /** How to fix a violation. */
  readonly fix: string;
  /**
   * Tags a config check puts on the issues this rule also guards (e.g. `eks-public-endpoint`):
   * suppressing the rule waives those checks, so the rule ID lives only here. @default - none
   */
  readonly configConcerns?: readonly string[];
  /** Returns the findings in one stack. */
  check(ctx: PolicyContext): readonly Finding[];
}

/** A finding attributed to a rule. */
export interface Violation {
  readonly ruleId: string;
  /** Construct path, e.g. `cloud-infra/mesh-gateway-sg`. */
  readonly path: string;
  readonly found: string;
  readonly fix: string;
}

/** A violation that a suppression waived. */
export interface SuppressedViolation extends Violation {
  /** Path of the construct the suppression is attached to (the violation's path or an ancestor). */
  readonly suppressedAt: string;
  readonly reason: string;
}

/** Gate options as rules see them. */
export interface ResolvedPolicyOptions {
  readonly allowPublicMeshGatewayPorts: boolean;
  readonly meshGatewayPorts: readonly number[];
}
