import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { Problems, isDnsLabel } from "./private/problems";
import {
  PROTOCOLS,
  Protocol,
  SIDECAR_PORTS,
  checkDnsLabel,
  checkEnum,
  checkInt,
  checkRequired,
  isToken,
} from "./private/validation";
import { checkKubernetesProvider } from "./private/target";

/** An upstream the workload calls through its Envoy sidecar's local listener. */
export interface MeshWorkloadUpstream {
  /** Upstream service name. */
  readonly name: string;
  /** Local port of the sidecar listener for this upstream (127.0.0.1:<localPort>). */
  readonly localPort: number;
  /**
   * The exact `consul.hashicorp.com/connect-service-upstreams` entry, e.g. "b:9101" or, for a
   * service of a peer, "c.svc.cloud.peer:9102". Its service and port must match name and localPort.
   */
  readonly annotation: string;
}

/** CPU and memory of one container, in Kubernetes quantities. */
export interface ResourceQuantities {
  /** e.g. "50m". */
  readonly cpu: string;
  /** e.g. "64Mi". */
  readonly memory: string;
}

/** Requests and limits of the app container. */
export interface WorkloadResources {
  readonly requests: ResourceQuantities;
  readonly limits: ResourceQuantities;
}

export interface MeshWorkloadProps {
  /** Service name (DNS-1123 label); names the Deployment, Service and ServiceAccount. */
  readonly service: string;
  /** Full image reference, e.g. "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.4.2". */
  readonly image: string;
  /** Port the app listens on. */
  readonly port: number;
  /**
   * Environment variables of the app container, e.g. where to find its upstreams
   * (`http://127.0.0.1:<localPort>` each).
   * @default - none
   */
  readonly env?: { readonly [name: string]: string };
  /**
   * Extra labels on every object and pod (they cannot replace the selector labels).
   * @default - none
   */
  readonly labels?: { readonly [key: string]: string };
  /**
   * The `app.kubernetes.io/part-of` label: the application this service belongs to.
   * @default - no part-of label
   */
  readonly partOf?: string;
  /**
   * HTTP path of the liveness probe.
   * @default "/healthz"
   */
  readonly livenessPath?: string;
  /**
   * HTTP path of the readiness probe.
   * @default "/readyz"
   */
  readonly readinessPath?: string;
  /**
   * Kubernetes namespace.
   * @default "apps"
   */
  readonly namespace?: string;
  /**
   * Pod replicas.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Upstreams reached through the sidecar.
   * @default - none (a leaf service)
   */
  readonly upstreams?: readonly MeshWorkloadUpstream[];
  /**
   * Container requests and limits.
   * @default - requests 50m / 64Mi, limits 500m / 128Mi
   */
  readonly resources?: WorkloadResources;
  /**
   * Protocol the service speaks; names the Service port. Consul's own protocol setting is the
   * ServiceDefaults entry.
   * @default "http"
   */
  readonly protocol?: Protocol;
  /**
   * Numeric UID (and GID) the app runs as; the image's non-root user.
   * @default 65532 (distroless "nonroot")
   */
  readonly runAsUser?: number;
  /**
   * Kubernetes provider of the target cluster.
   * @default - the stack's default kubernetes provider
   */
  readonly provider?: TerraformProvider;
}

export const DEFAULT_RESOURCES: WorkloadResources = {
  requests: { cpu: "50m", memory: "64Mi" },
  limits: { cpu: "500m", memory: "128Mi" },
};

const UPSTREAM_ANNOTATION = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*:(\d+)$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;

/**
 * One HTTP service in the Consul mesh: ServiceAccount, ClusterIP Service and a
 * Deployment whose pods get an Envoy sidecar (connect-inject) and reach their upstreams through
 * its local listeners. Pods meet the "restricted" Pod Security Standard.
 */
export class MeshWorkload extends Construct {
  public readonly serviceAccount: ServiceAccountV1;
  public readonly kubeService: ServiceV1;
  public readonly deployment: DeploymentV1;

  constructor(scope: Construct, id: string, props: MeshWorkloadProps) {
    super(scope, id);
    validate(this.node.path, props);

    const namespace = props.namespace ?? "apps";
    const upstreams = props.upstreams ?? [];
    const resources = props.resources ?? DEFAULT_RESOURCES;
    const uid = String(props.runAsUser ?? 65532);
    const port = String(props.port);
    const selector = { "app.kubernetes.io/name": props.service, "app.kubernetes.io/instance": props.service };
    const labels = {
      ...(props.labels ?? {}),
      ...(props.partOf ? { "app.kubernetes.io/part-of": props.partOf } : {}),
      "app.kubernetes.io/component": "service",
      "app.kubernetes.io/managed-by": "cdktf",
      ...selector,
    };
    const metadata = { name: props.service, namespace, labels };
    const common = { provider: props.provider };

    // The token stays mounted: connect-inject's init container logs in to Consul (ACL auth
    // method) with this service account's token; consul-k8s requires name == service name.
    this.serviceAccount = new ServiceAccountV1(this, "ServiceAccount", { ...common, metadata });

    this.kubeService = new ServiceV1(this, "Service", {
      ...common,
      metadata,
      spec: {
        type: "ClusterIP",
        selector,
        port: [{ name: props.protocol ?? "http", port: props.port, targetPort: port, protocol: "TCP" }],
      },
    });

    const env = props.env ?? {};
    const annotations: Record<string, string> = {
      "consul.hashicorp.com/connect-inject": "true",
      "consul.hashicorp.com/connect-service": props.service,
      "consul.hashicorp.com/connect-service-port": port,
    };
    if (upstreams.length)
      annotations["consul.hashicorp.com/connect-service-upstreams"] = upstreams.map((u) => u.annotation).join(",");
    const probe = (path: string, periodSeconds: number) => ({
      httpGet: { path, port },
      periodSeconds,
      timeoutSeconds: 2,
      failureThreshold: 3,
    });

    this.deployment = new DeploymentV1(this, "Resource", {
      ...common,
      metadata,
      spec: {
        replicas: String(props.replicas ?? 2),
        selector: { matchLabels: selector },
        template: {
          metadata: { labels, annotations },
          spec: {
            serviceAccountName: props.service,
            automountServiceAccountToken: true,
            terminationGracePeriodSeconds: 30,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: uid,
              runAsGroup: uid,
              seccompProfile: { type: "RuntimeDefault" },
            },
            topologySpreadConstraint: ["kubernetes.io/hostname", "topology.kubernetes.io/zone"].map((topologyKey) => ({
              maxSkew: 1,
              topologyKey,
              whenUnsatisfiable: "ScheduleAnyway",
              labelSelector: [{ matchLabels: selector }],
            })),
            container: [
              {
                name: "app",
                image: props.image,
                port: [{ name: "http", containerPort: props.port, protocol: "TCP" }],
                env: Object.keys(env).length
                  ? Object.entries(env).map(([name, value]) => ({ name, value }))
                  : undefined,
                resources: { requests: { ...resources.requests }, limits: { ...resources.limits } },
                livenessProbe: probe(props.livenessPath ?? "/healthz", 10),
                readinessProbe: probe(props.readinessPath ?? "/readyz", 5),
                securityContext: {
                  runAsNonRoot: true,
                  readOnlyRootFilesystem: true,
                  allowPrivilegeEscalation: false,
                  privileged: false,
                  capabilities: { drop: ["ALL"] },
                  seccompProfile: { type: "RuntimeDefault" },
                },
              },
            ],
          },
        },
      },
    });
  }
}

function validate(where: string, props: MeshWorkloadProps): void {
  const p = new Problems(where);
  if (checkRequired(p, "service", props.service)) checkDnsLabel(p, "service", props.service);
  for (const k of Object.keys(props.env ?? {}))
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(k)) p.add(`env.${k}`, k, "is not a valid environment variable name");
  for (const k of ["livenessPath", "readinessPath"] as const) {
    const v = props[k];
    if (v !== undefined && !isToken(v) && !v.startsWith("/")) p.add(k, v, 'must begin with "/"');
  }
  checkRequired(p, "image", props.image);
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- checks what JavaScript callers pass, where the declared type does not hold
  if (props.image !== undefined && !isToken(props.image) && /\s/.test(props.image))
    p.add("image", props.image, "is not an image reference (it contains whitespace)");
  checkInt(p, "port", props.port, 1, 65535);
  if (!isToken(props.port) && SIDECAR_PORTS.has(props.port))
    p.add("port", props.port, "is reserved for the Envoy sidecar");
  checkDnsLabel(p, "namespace", props.namespace);
  checkInt(p, "replicas", props.replicas, 0, 1000);
  checkEnum(p, "protocol", props.protocol, PROTOCOLS);
  checkInt(p, "runAsUser", props.runAsUser, 1, 2 ** 31 - 1);
  for (const kind of ["requests", "limits"] as const) {
    for (const res of ["cpu", "memory"] as const) {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- checks what JavaScript callers pass, where the declared type does not hold
      const value = props.resources?.[kind]?.[res];
      if (props.resources && !isToken(value) && !QUANTITY.test(String(value)))
        p.add(`resources.${kind}.${res}`, value, "is not a Kubernetes quantity such as 500m or 128Mi");
    }
  }
  checkUpstreams(p, props);
  checkKubernetesProvider(p, "MeshWorkload", props.provider);
  p.throwIfAny();
}

function checkUpstreams(p: Problems, props: MeshWorkloadProps): void {
  const names = new Set<string>();
  const ports = new Map<number, number>();
  (props.upstreams ?? []).forEach((u, i) => {
    const at = `upstreams[${i}]`;
    checkDnsLabel(p, `${at}.name`, u.name);
    if (!isToken(u.name) && names.has(u.name)) p.add(`${at}.name`, u.name, "repeats an upstream");
    names.add(u.name);

    checkInt(p, `${at}.localPort`, u.localPort, 1, 65535);
    if (!isToken(u.localPort)) {
      if (u.localPort === props.port) p.add(`${at}.localPort`, u.localPort, "is the app's own port");
      if (SIDECAR_PORTS.has(u.localPort))
        p.add(`${at}.localPort`, u.localPort, `is reserved for the Envoy sidecar (${[...SIDECAR_PORTS].join(", ")})`);
      const first = ports.get(u.localPort);
      if (first !== undefined) p.add(`${at}.localPort`, u.localPort, `is already used by upstreams[${first}]`);
      else ports.set(u.localPort, i);
    }

    if (isToken(u.annotation)) return;
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- checks what JavaScript callers pass, where the declared type does not hold
    const m = UPSTREAM_ANNOTATION.exec(u.annotation ?? "");
    if (!m)
      p.add(
        `${at}.annotation`,
        u.annotation,
        'is not a connect-service-upstreams entry such as "b:9101" or "c.svc.cloud.peer:9102"',
      );
    else if (!isToken(u.name) && isDnsLabel(u.name) && m[1] !== u.name)
      p.add(`${at}.annotation`, u.annotation, `names service "${m[1]}", not the upstream "${u.name}"`);
    else if (!isToken(u.localPort) && Number(m[5]) !== u.localPort)
      p.add(`${at}.annotation`, u.annotation, `listens on ${m[5]}, not localPort ${u.localPort}`);
  });
}
