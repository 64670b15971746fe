import { get, isFalse, isTrue, many, objects, one } from "../json";
import { showOrAbsent } from "../../private/format";
import { Finding, JsonObject, PolicyContext, PolicyElement, PolicyRule } from "../types";

/** Workload types whose pod template sits at spec.template.spec. */
const TEMPLATED = [
  "kubernetes_deployment_v1",
  "kubernetes_deployment",
  "kubernetes_stateful_set_v1",
  "kubernetes_stateful_set",
  "kubernetes_daemon_set_v1",
  "kubernetes_daemonset",
];
/** Workload types whose pod spec is spec itself. */
const PODS = ["kubernetes_pod_v1", "kubernetes_pod"];
const SECCOMP_OK = new Set(["RuntimeDefault", "Localhost"]);

/** A container with the pod it runs in. */
interface Container {
  readonly el: PolicyElement;
  /** `container "app"` or `init_container "setup"`. */
  readonly label: string;
  readonly c: JsonObject;
  readonly pod: JsonObject;
}

function podSpecs(ctx: PolicyContext): readonly { el: PolicyElement; pod: JsonObject }[] {
  return ctx.memo("workloads.pods", () => [
    ...ctx.resources(...TEMPLATED).map((el) => ({ el, pod: one(get(el.config, "spec.template.spec")) ?? {} })),
    ...ctx.resources(...PODS).map((el) => ({ el, pod: one(el.config.spec) ?? {} })),
  ]);
}

function containers(ctx: PolicyContext): readonly Container[] {
  return ctx.memo("workloads.containers", () =>
    podSpecs(ctx).flatMap(({ el, pod }) =>
      (["container", "init_container"] as const).flatMap((kind) =>
        objects(pod[kind]).map((c) => ({ el, pod, c, label: `${kind} ${showOrAbsent(c.name)}` })),
      ),
    ),
  );
}

/** Container setting, else pod setting (Kubernetes' precedence for the fields both levels have). */
function effective(x: Container, key: string): unknown {
  return get(x.c, `security_context.${key}`) ?? get(x.pod, `security_context.${key}`);
}

/** A rule that checks each container; `problem` returns the found text or undefined. */
function containerRule(
  id: string,
  rationale: string,
  fix: string,
  problem: (x: Container) => string | undefined,
): PolicyRule {
  return {
    id,
    rationale,
    fix,
    check(ctx) {
      const findings: Finding[] = [];
      for (const x of containers(ctx)) {
        const p = problem(x);
        if (p) findings.push({ construct: x.el.construct, found: `${x.label}: ${p}` });
      }
      return findings;
    },
  };
}

/** HM-WL-001 */
export const runAsNonRoot = containerRule(
  "HM-WL-001",
  "Containers running as root turn any container escape into root on the node.",
  "set security_context.run_as_non_root = true on the pod (or every container)",
  (x) =>
    isTrue(effective(x, "run_as_non_root"))
      ? undefined
      : `run_as_non_root is ${showOrAbsent(effective(x, "run_as_non_root"))}`,
);

/** HM-WL-002 */
export const readOnlyRootFilesystem = containerRule(
  "HM-WL-002",
  "A writable root filesystem lets an attacker drop tools and persist in the container.",
  "set security_context.read_only_root_filesystem = true on each container; mount an emptyDir where it must write",
  (x) => {
    const v = get(x.c, "security_context.read_only_root_filesystem");
    return isTrue(v) ? undefined : `security_context.read_only_root_filesystem is ${showOrAbsent(v)}`;
  },
);

/** HM-WL-003 */
export const noPrivilegeEscalation = containerRule(
  "HM-WL-003",
  "allow_privilege_escalation lets setuid binaries gain more privileges than the container started with.",
  "set security_context.allow_privilege_escalation = false on each container",
  (x) => {
    const v = get(x.c, "security_context.allow_privilege_escalation");
    return isFalse(v) ? undefined : `security_context.allow_privilege_escalation is ${showOrAbsent(v)}`;
  },
);

/** HM-WL-004 */
export const dropAllCapabilities = containerRule(
  "HM-WL-004",
  "Default Linux capabilities (NET_RAW, ...) are not needed by the services and widen a breakout.",
  'set security_context.capabilities.drop = ["ALL"] on each container',
  (x) => {
    const drop = get(x.c, "security_context.capabilities.drop");
    return many(drop).includes("ALL") ? undefined : `security_context.capabilities.drop is ${showOrAbsent(drop)}`;
  },
);

/** HM-WL-005 */
export const seccompRuntimeDefault = containerRule(
  "HM-WL-005",
  "Without a seccomp profile every syscall is open to the container.",
  'set security_context.seccomp_profile.type = "RuntimeDefault" on the pod (or each container)',
  (x) => {
    const t = effective(x, "seccomp_profile.type");
    return SECCOMP_OK.has(String(t)) ? undefined : `seccomp_profile.type is ${showOrAbsent(t)}`;
  },
);

/** HM-WL-006 */
export const resourceLimits = containerRule(
  "HM-WL-006",
  "A container without CPU and memory limits can starve its node, gateways and sidecars included.",
  "set resources.limits.cpu and resources.limits.memory on each container",
  (x) => {
    const limits = one(get(x.c, "resources.limits"));
    const missing = ["cpu", "memory"].filter((k) => limits?.[k] === undefined || limits[k] === "");
    return missing.length
      ? `resources.limits lacks ${missing.join(" and ")} (limits ${showOrAbsent(limits)})`
      : undefined;
  },
);

/** HM-WL-007 */
export const notPrivileged = containerRule(
  "HM-WL-007",
  "A privileged container is root on the node.",
  "remove security_context.privileged (or set it false)",
  (x) => (isTrue(get(x.c, "security_context.privileged")) ? "security_context.privileged is true" : undefined),
);

/** HM-WL-008: no host namespaces. */
export const noHostNamespaces: PolicyRule = {
  id: "HM-WL-008",
  rationale: "Host network, PID or IPC namespaces let a pod see and reach everything on its node.",
  fix: "remove host_network, host_pid and host_ipc from the pod spec",
  check(ctx) {
    const findings: Finding[] = [];
    for (const { el, pod } of podSpecs(ctx)) {
      const on = ["host_network", "host_pid", "host_ipc"].filter((k) => isTrue(pod[k]));
      if (on.length)
        findings.push({ construct: el.construct, found: `pod spec sets ${on.map((k) => `${k} = true`).join(", ")}` });
    }
    return findings;
  },
};

/** Workload rules: the Kubernetes restricted pod security profile plus resource limits. */
export const WORKLOAD_RULES: readonly PolicyRule[] = [
  runAsNonRoot,
  readOnlyRootFilesystem,
  noPrivilegeEscalation,
  dropAllCapabilities,
  seccompRuntimeDefault,
  resourceLimits,
  notPrivileged,
  noHostNamespaces,
];
