import type { TerraformStack } from "cdktf";
import { PodV1 } from "@cdktf/provider-kubernetes/lib/pod-v1";
import { StatefulSetV1 } from "@cdktf/provider-kubernetes/lib/stateful-set-v1";
import { WORKLOAD_RULES } from "../../constructs/policy";
import { deployment, evaluate, GOOD_CONTAINER, messagesOf } from "./fixtures";
import { must } from "../support";

// The workload rules at each boundary: pod vs container settings, the accepted values, every workload kind.
const found = (id: string, build: (s: TerraformStack) => void) =>
  messagesOf(evaluate(build, { rules: WORKLOAD_RULES.filter((r) => r.id === id) }), id).map(
    (m) => m.split(" — fix: ")[0],
  );
const sc = must(GOOD_CONTAINER.securityContext);

describe("workload rules: effective settings", () => {
  it("HM-WL-001 takes run_as_non_root from the container when the pod has none", () => {
    // given
    const podWithoutIt = { securityContext: { seccompProfile: { type: "RuntimeDefault" } } };
    // when
    const fromContainer = found(
      "HM-WL-001",
      (s) => void deployment(s, { securityContext: { ...sc, runAsNonRoot: true } }, podWithoutIt),
    );
    const fromPodString = found(
      "HM-WL-001",
      (s) => void deployment(s, {}, { securityContext: { runAsNonRoot: "true" } }),
    );
    // then
    expect(fromContainer).toEqual([]);
    expect(fromPodString).toEqual([]);
  });
  it("HM-WL-005 accepts RuntimeDefault or Localhost, on the pod or the container, and refuses Unconfined", () => {
    expect(
      found(
        "HM-WL-005",
        (s) =>
          void deployment(
            s,
            {},
            {
              securityContext: {
                runAsNonRoot: true,
                seccompProfile: { type: "Localhost", localhostProfile: "p.json" },
              },
            },
          ),
      ),
    ).toEqual([]);
    expect(
      found(
        "HM-WL-005",
        (s) =>
          void deployment(
            s,
            { securityContext: { ...sc, seccompProfile: { type: "RuntimeDefault" } } },
            { securityContext: { runAsNonRoot: true } },
          ),
      ),
    ).toEqual([]);
    expect(
      found(
        "HM-WL-005",
        (s) =>
          void deployment(s, {}, { securityContext: { runAsNonRoot: true, seccompProfile: { type: "Unconfined" } } }),
      ),
    ).toEqual(['[HM-WL-005] s/web: container "app": seccomp_profile.type is "Unconfined"']);
  });
  it("HM-WL-002/003/004/007 read the container's own settings, with the string forms Terraform may carry", () => {
    expect(
      found(
        "HM-WL-002",
        (s) => void deployment(s, { securityContext: { ...sc, readOnlyRootFilesystem: "true" as never } }),
      ),
    ).toEqual([]);
    expect(
      found("HM-WL-002", (s) => void deployment(s, { securityContext: { ...sc, readOnlyRootFilesystem: false } })),
    ).toEqual(['[HM-WL-002] s/web: container "app": security_context.read_only_root_filesystem is false']);
    expect(
      found(
        "HM-WL-003",
        (s) => void deployment(s, { securityContext: { ...sc, allowPrivilegeEscalation: "false" as never } }),
      ),
    ).toEqual([]);
    expect(
      found(
        "HM-WL-003",
        (s) =>
          void deployment(s, { securityContext: { readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } } }),
      ),
    ).toEqual(['[HM-WL-003] s/web: container "app": security_context.allow_privilege_escalation is absent']);
    expect(
      found(
        "HM-WL-004",
        (s) => void deployment(s, { securityContext: { ...sc, capabilities: { drop: ["NET_RAW", "ALL"] } } }),
      ),
    ).toEqual([]);
    expect(
      found("HM-WL-004", (s) => void deployment(s, { securityContext: { ...sc, capabilities: undefined } })),
    ).toEqual(['[HM-WL-004] s/web: container "app": security_context.capabilities.drop is absent']);
    expect(found("HM-WL-007", (s) => void deployment(s, { securityContext: { ...sc, privileged: false } }))).toEqual(
      [],
    );
  });
  it("HM-WL-006 needs both limits, non-empty", () => {
    expect(
      found("HM-WL-006", (s) => void deployment(s, { resources: { limits: { cpu: "", memory: "1Gi" } } })),
    ).toEqual(['[HM-WL-006] s/web: container "app": resources.limits lacks cpu (limits {"cpu":"","memory":"1Gi"})']);
    expect(found("HM-WL-006", (s) => void deployment(s, { resources: undefined }))).toEqual([
      '[HM-WL-006] s/web: container "app": resources.limits lacks cpu and memory (limits absent)',
    ]);
  });
  it("HM-WL-008 names each host namespace set true, and no other", () => {
    // when
    const ipcOnly = found("HM-WL-008", (s) => void deployment(s, {}, { hostIpc: true, hostNetwork: false }));
    const pidFalse = found("HM-WL-008", (s) => void deployment(s, {}, { hostPid: false }));
    // then
    expect(ipcOnly).toEqual(["[HM-WL-008] s/web: pod spec sets host_ipc = true"]);
    expect(pidFalse).toEqual([]);
  });
});

describe("workload rules: every kind that holds pods, and init containers", () => {
  it("checks init containers and names them", () => {
    expect(
      found(
        "HM-WL-002",
        (s) =>
          void deployment(
            s,
            {},
            { initContainer: [{ name: "setup", image: "x:1", securityContext: { readOnlyRootFilesystem: false } }] },
          ),
      ),
    ).toEqual(['[HM-WL-002] s/web: init_container "setup": security_context.read_only_root_filesystem is false']);
  });
  it("checks a stateful set's template and a bare pod's spec", () => {
    expect(
      found("HM-WL-007", (s) => {
        new StatefulSetV1(s, "db", {
          metadata: { name: "db" },
          spec: {
            serviceName: "db",
            selector: { matchLabels: { app: "db" } },
            template: {
              metadata: { labels: { app: "db" } },
              spec: { container: [{ name: "db", image: "db:1", securityContext: { privileged: true } }] },
            },
          },
        });
        new PodV1(s, "pod", {
          metadata: { name: "pod" },
          spec: { container: [{ name: "p", image: "p:1", securityContext: { privileged: true } }] },
        });
      }),
    ).toEqual([
      '[HM-WL-007] s/db: container "db": security_context.privileged is true',
      '[HM-WL-007] s/pod: container "p": security_context.privileged is true',
    ]);
  });
});
