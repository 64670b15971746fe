import { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";

export interface LogsKeyProps {
  /** Alias suffix: the alias is `alias/<name>-logs`. */
  readonly name: string;
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
}

/**
 * A KMS key for CloudWatch log groups of this account and region. CloudWatch Logs encrypts with
 * the key itself, so the key policy (not IAM) must let the regional logs service use it; the
 * encryption-context condition limits that to log groups of this account.
 */
export class LogsKey extends Construct {
  public readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: LogsKeyProps) {
    super(scope, id);
    const { region, accountId, partition } = props;
    const policy = new DataAwsIamPolicyDocument(this, "Policy", {
      statement: [
        {
          sid: "AccountAdministers",
          actions: ["kms:*"],
          resources: ["*"],
          principals: [{ type: "AWS", identifiers: [`arn:${partition}:iam::${accountId}:root`] }],
        },
        {
          sid: "CloudWatchLogsUse",
          actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          resources: ["*"],
          principals: [{ type: "Service", identifiers: [`logs.${region}.amazonaws.com`] }],
          condition: [
            {
              test: "ArnLike",
              variable: "kms:EncryptionContext:aws:logs:arn",
              values: [`arn:${partition}:logs:${region}:${accountId}:log-group:*`],
            },
          ],
        },
      ],
    });
    this.key = new KmsKey(this, "Resource", {
      description: `CloudWatch log groups of ${props.name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policy.json,
    });
    new KmsAlias(this, "Alias", { name: `alias/${props.name}-logs`, targetKeyId: this.key.keyId });
  }
}
