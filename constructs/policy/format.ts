import { SuppressedViolation, Violation } from "./types";

/** `[HM-NET-001] cloud-infra/mesh-gateway-sg: ingress[0] from 0.0.0.0/0 on tcp/22 — fix: ...` */
export function formatViolation(v: Violation): string {
  return `[${v.ruleId}] ${v.path}: ${v.found} — fix: ${v.fix}`;
}

/** `[HM-EKS-001] cloud-infra/eks suppressed at cloud-infra: lab cluster, torn down nightly` */
export function formatSuppression(s: SuppressedViolation): string {
  return `[${s.ruleId}] ${s.path} suppressed at ${s.suppressedAt || "<app>"}: ${s.reason} (found: ${s.found})`;
}

/** A plain-text report: violations first, then the suppressions that waived findings. */
export function formatReport(violations: readonly Violation[], suppressed: readonly SuppressedViolation[]): string {
  const lines = [`Policy gate: ${violations.length} violation(s), ${suppressed.length} suppressed`];
  for (const v of violations) lines.push(`  ${formatViolation(v)}`);
  if (suppressed.length) lines.push("Suppressed:");
  for (const s of suppressed) lines.push(`  ${formatSuppression(s)}`);
  return lines.join("\n");
}
