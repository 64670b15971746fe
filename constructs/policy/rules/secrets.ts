import { isObject, isTrue, objects } from "../json";
import { Finding, PolicyContext, PolicyElement, PolicyRule } from "../types";
import { consulReleases, releaseValues } from "./consul-values";

const AWS_ACCESS_KEY = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;
const PEM_PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
/** A Consul gossip key: 32 random bytes, base64 (44 characters ending in "="). */
const GOSSIP_KEY = /^[A-Za-z0-9+/]{43}=$/;
/** `"encrypt": "<key>"` in embedded agent config (JSON, HCL or YAML text). */
const ENCRYPT_IN_TEXT = /\bencrypt["']?\s*[:=]\s*["']?([A-Za-z0-9+/]{43}=)/;
const SECRET_DATA_ATTRS = ["data", "binary_data", "string_data", "data_wo", "binary_data_wo"];
const SENSITIVE_WORDS = new Set([
  "token",
  "tokens",
  "secret",
  "secrets",
  "password",
  "passwd",
  "key",
  "keys",
  "apikey",
  "privatekey",
  "credential",
  "credentials",
]);

/** Shows enough of a secret to find it, never the secret itself (annotations land in cdktf.out). */
function redact(s: string): string {
  return `"${s.slice(0, 4)}…" (${s.length} chars, redacted)`;
}

type Category = "aws" | "pem" | "gossip";
interface Hit {
  readonly el: PolicyElement;
  readonly where: string;
  readonly category: Category;
  readonly value: string;
}

/** One walk over every string of every element (and consul values), shared by HM-SEC-001..003. */
function scan(ctx: PolicyContext): readonly Hit[] {
  return ctx.memo("secrets.scan", () => {
    const hits: Hit[] = [];
    const walk = (el: PolicyElement, value: unknown, path: string[], prefix = "") => {
      if (typeof value === "string") {
        const where = () => prefix + path.join(".");
        const aws = AWS_ACCESS_KEY.exec(value);
        if (aws) hits.push({ el, where: where(), category: "aws", value: aws[0] });
        if (PEM_PRIVATE_KEY.test(value)) hits.push({ el, where: where(), category: "pem", value });
        const gossipPath = path.some((p) => /gossip/i.test(p)) || path[path.length - 1] === "encrypt";
        const m = (gossipPath && GOSSIP_KEY.test(value) && value) || ENCRYPT_IN_TEXT.exec(value)?.[1];
        if (m) hits.push({ el, where: where(), category: "gossip", value: m });
      } else if (Array.isArray(value)) {
        value.forEach((v, i) => {
          walk(el, v, [...path.slice(0, -1), `${path[path.length - 1] ?? ""}[${i}]`], prefix);
        });
      } else if (isObject(value)) {
        for (const [k, v] of Object.entries(value)) walk(el, v, [...path, k], prefix);
      }
    };
    // Readable consul values are walked parsed instead of as raw YAML: a literal key under
    // global.gossipEncryption is only visible structurally, and each hit is reported once.
    const parsed = new Set(consulReleases(ctx).filter((r) => !releaseValues(ctx, r).unreadable.length));
    for (const el of ctx.elements) {
      if (!parsed.has(el)) {
        walk(el, el.config, []);
        continue;
      }
      const { values: _raw, ...rest } = el.config;
      walk(el, rest, []);
      walk(el, releaseValues(ctx, el).values, [], "values: ");
    }
    return hits;
  });
}

function scanRule(id: string, category: Category, rationale: string, fix: string, what: string): PolicyRule {
  return {
    id,
    rationale,
    fix,
    check(ctx) {
      return scan(ctx)
        .filter((h) => h.category === category)
        .map((h) => ({ construct: h.el.construct, found: `${h.where} holds ${what} ${redact(h.value)}` }));
    },
  };
}

/** HM-SEC-001 */
export const noAwsAccessKeys = scanRule(
  "HM-SEC-001",
  "aws",
  "An AWS access key in synthesized JSON ends up in git, CI logs and Terraform state.",
  "use IAM roles (IRSA, instance profiles) or a sensitive TerraformVariable; rotate the leaked key",
  "an AWS access key id",
);

/** HM-SEC-002 */
export const noPemPrivateKeys = scanRule(
  "HM-SEC-002",
  "pem",
  "A private key in synthesized JSON ends up in git, CI logs and Terraform state.",
  "let the chart or cert-manager generate keys, or read them from a sensitive TerraformVariable",
  "a PEM private key",
);

/** HM-SEC-003 */
export const noLiteralGossipKey = scanRule(
  "HM-SEC-003",
  "gossip",
  "A literal gossip key in config lets anyone with the repo join and read the gossip pool.",
  "use global.gossipEncryption.autoGenerate: true, or secretName/secretKey of a Secret created outside the config",
  "a literal gossip key",
);

/** HM-SEC-004: Kubernetes secrets carry no literal values. */
export const noLiteralKubernetesSecrets: PolicyRule = {
  id: "HM-SEC-004",
  rationale: "Literal Secret data is written to cdktf.out and Terraform state in plain text.",
  fix: "fill Secret data from a sensitive TerraformVariable, a data source or another resource's attribute",
  check(ctx) {
    const findings: Finding[] = [];
    for (const s of ctx.resources("kubernetes_secret_v1", "kubernetes_secret", "kubernetes_secret_v1_data")) {
      for (const attr of SECRET_DATA_ATTRS) {
        for (const m of objects(s.config[attr])) {
          for (const [k, v] of Object.entries(m)) {
            if (typeof v === "string" && v !== "" && !v.includes("${")) {
              findings.push({ construct: s.construct, found: `${attr}.${k} is a literal ${redact(v)}` });
            }
          }
        }
      }
    }
    return findings;
  },
};

/** Words of an identifier or expression: split on non-alphanumerics and camelCase. */
function words(s: string): string[] {
  return s
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The sensitive word `s` mentions, if any; `kms key` names a key's id/ARN, not key material. */
function sensitiveWord(s: string): string | undefined {
  const w = words(s);
  return w.find((x, i) => SENSITIVE_WORDS.has(x) && !(x.startsWith("key") && w[i - 1] === "kms"));
}

/** HM-SEC-005: outputs that carry credentials are sensitive. */
export const sensitiveOutputs: PolicyRule = {
  id: "HM-SEC-005",
  rationale: "A non-sensitive output is printed by `cdktf deploy` and `terraform output`, e.g. into CI logs.",
  fix: "set sensitive: true on the TerraformOutput (and never output the peering token at all)",
  check(ctx) {
    const findings: Finding[] = [];
    for (const o of ctx.outputs()) {
      if (isTrue(o.config.sensitive)) continue;
      const value = JSON.stringify(o.config.value ?? "");
      const word = sensitiveWord(o.name) ?? sensitiveWord(value);
      if (word)
        findings.push({
          construct: o.construct,
          found: `output ${JSON.stringify(o.name)} mentions "${word}" but sensitive is ${JSON.stringify(o.config.sensitive ?? false)}`,
        });
    }
    return findings;
  },
};

/** Secrets rules: literal credentials anywhere in the synthesized output. */
export const SECRETS_RULES: readonly PolicyRule[] = [
  noAwsAccessKeys,
  noPemPrivateKeys,
  noLiteralGossipKey,
  noLiteralKubernetesSecrets,
  sensitiveOutputs,
];
