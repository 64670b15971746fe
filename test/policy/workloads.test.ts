import { WORKLOAD_RULES } from "../../constructs/policy";
import { deployment, evaluate, messagesOf } from "./fixtures";

const rules = { rules: WORKLOAD_RULES };
const found = (gate: ReturnType<typeof evaluate>, id: string) =>
  messagesOf(gate, id).map((m) => m.split(" — fix: ")[0]);

describe("workload rules (restricted profile)", () => {
  it("a restricted Deployment passes every workload rule", () => {
    expect(evaluate((s) => void deployment(s), rules).violations).toEqual([]);
  });

  const cases: [string, object, object, string[]][] = [
    [
      "HM-WL-001",
      {},
      { securityContext: { seccompProfile: { type: "RuntimeDefault" } } },
      ['[HM-WL-001] s/web: container "app": run_as_non_root is absent'],
    ],
    [
      "HM-WL-002",
      { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } },
      {},
      ['[HM-WL-002] s/web: container "app": security_context.read_only_root_filesystem is absent'],
    ],
    [
      "HM-WL-003",
      {
        securityContext: {
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: true,
          capabilities: { drop: ["ALL"] },
        },
      },
      {},
      ['[HM-WL-003] s/web: container "app": security_context.allow_privilege_escalation is true'],
    ],
    [
      "HM-WL-004",
      {
        securityContext: {
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ["NET_RAW"] },
        },
      },
      {},
      ['[HM-WL-004] s/web: container "app": security_context.capabilities.drop is ["NET_RAW"]'],
    ],
    [
      "HM-WL-005",
      {},
      { securityContext: { runAsNonRoot: true } },
      ['[HM-WL-005] s/web: container "app": seccomp_profile.type is absent'],
    ],
    [
      "HM-WL-006",
      { resources: { limits: { cpu: "1" } } },
      {},
      ['[HM-WL-006] s/web: container "app": resources.limits lacks memory (limits {"cpu":"1"})'],
    ],
    [
      "HM-WL-007",
      {
        securityContext: {
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ["ALL"] },
          privileged: true,
        },
      },
      {},
      ['[HM-WL-007] s/web: container "app": security_context.privileged is true'],
    ],
    [
      "HM-WL-008",
      {},
      { hostNetwork: true, hostPid: true },
      ["[HM-WL-008] s/web: pod spec sets host_network = true, host_pid = true"],
    ],
  ];
  it.each(cases)("%s flags its failing spec", (id, container, pod, expected) => {
    const gate = evaluate((s) => void deployment(s, container, pod), rules);
    expect(found(gate, id)).toEqual(expected);
    expect(gate.violations.map((v) => v.ruleId)).toEqual(expected.map(() => id));
  });

  it("a container-level run_as_non_root false overrides the pod's true", () => {
    // given
    const container = {
      securityContext: {
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        runAsNonRoot: false,
      },
    };
    // when
    const gate = evaluate((s) => void deployment(s, container), rules);
    // then
    expect(found(gate, "HM-WL-001")).toEqual(['[HM-WL-001] s/web: container "app": run_as_non_root is false']);
  });
});
