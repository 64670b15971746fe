import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import {
  DataAwsIamPolicyDocument,
  DataAwsIamPolicyDocumentStatement,
} from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";

export interface ServiceRoleProps {
  /** Role name. */
  readonly name: string;
  /** Who may assume the role: the trust policy's statements. */
  readonly trust: DataAwsIamPolicyDocumentStatement[];
  /** AWS partition, for managed policy ARNs (e.g. the aws_partition data source). */
  readonly partition: string;
  /** AWS managed policies to attach, by path under `policy/`, e.g. "AmazonEKSClusterPolicy".
   * @default - none */
  readonly managedPolicies?: string[];
  /** Statements of an inline policy.
   * @default - no inline policy */
  readonly inline?: DataAwsIamPolicyDocumentStatement[];
}

/** An IAM role with its trust policy, managed policy attachments and optional inline policy. */
export class ServiceRole extends Construct {
  public readonly role: IamRole;
  /** Everything that grants the role its permissions; depend on these, not only on the role. */
  public readonly grants: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, "Trust", { statement: props.trust });
    this.role = new IamRole(this, "Resource", { name: props.name, assumeRolePolicy: trust.json });
    for (const policy of props.managedPolicies ?? []) {
      this.grants.push(
        new IamRolePolicyAttachment(this, policy.split("/").pop() ?? policy, {
          role: this.role.name,
          policyArn: `arn:${props.partition}:iam::aws:policy/${policy}`,
        }),
      );
    }
    if (props.inline?.length) {
      const doc = new DataAwsIamPolicyDocument(this, "InlineDocument", { statement: props.inline });
      this.grants.push(new IamRolePolicy(this, "Inline", { role: this.role.id, name: props.name, policy: doc.json }));
    }
  }
}

/**
 * A trust statement letting an AWS service assume the role. `sourceAccount` adds the
 * confused-deputy guard for services that document it (e.g. VPC flow logs).
 */
export function serviceTrust(
  service: string,
  opts: { readonly actions?: string[]; readonly sourceAccount?: string } = {},
): DataAwsIamPolicyDocumentStatement {
  return {
    effect: "Allow",
    actions: opts.actions ?? ["sts:AssumeRole"],
    principals: [{ type: "Service", identifiers: [service] }],
    condition: opts.sourceAccount
      ? [{ test: "StringEquals", variable: "aws:SourceAccount", values: [opts.sourceAccount] }]
      : undefined,
  };
}
