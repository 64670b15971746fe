// The library's public API: every export is named here; nothing else in constructs/ is public.
// Internals (manifest emission, problem collection, formatting, spec builders) stay in private/
// and in the construct modules, out of the package's `exports`.

// Errors and shared enums
export { MeshValidationError } from "./errors";
export { MESH_GATEWAY_MODES, PROTOCOLS, MUTUAL_TLS_MODES } from "./private/validation";
export type { MeshGatewayMode, Protocol, MutualTlsMode } from "./private/validation";

// Target and shared props
export { CONSUL_CE, CONSUL_EDITIONS, CONSUL_TARGET_CONTEXT, ConsulTarget } from "./consul-target";
export type { ConsulEdition, ConsulTargetProps, ResolvedConsulTarget } from "./consul-target";
export { CONSUL_API_VERSION, DEFAULT_CONSUL_NAMESPACE } from "./consul-resource";
export type { ConsulEntryResource, ConsulResourceProps } from "./consul-resource";

// One construct per consul-k8s CRD kind
export { ControlPlaneRequestLimit, REQUEST_LIMIT_MODES } from "./control-plane-request-limit";
export type { ControlPlaneRequestLimitProps } from "./control-plane-request-limit";
export { ExportedServices } from "./exported-services";
export type { ExportedService, ExportedServiceConsumer, ExportedServicesProps } from "./exported-services";
export { IngressGateway } from "./ingress-gateway";
export type { IngressGatewayListenerOptions, IngressGatewayProps } from "./ingress-gateway";
export { JWKS_DISCOVERY_TYPES, JWTProvider } from "./jwt-provider";
export type { JWTProviderProps } from "./jwt-provider";
export { Mesh, TLS_VERSIONS } from "./mesh";
export type { MeshProps, TlsVersion } from "./mesh";
export { PeeringAcceptor } from "./peering-acceptor";
export type { PeeringAcceptorProps } from "./peering-acceptor";
export { PeeringDialer } from "./peering-dialer";
export type { PeeringDialerProps } from "./peering-dialer";
export { DEFAULT_PEERING_TOKEN_KEY, PEERING_VERSION_ANNOTATION, PeeringResource } from "./peering-common";
export type { PeeringProps, PeeringSecretRef } from "./peering-common";
export { ACCESS_LOG_TYPES, ProxyDefaults } from "./proxy-defaults";
export type { AccessLogType, ProxyAccessLogs, ProxyDefaultsProps } from "./proxy-defaults";
export { SamenessGroup } from "./sameness-group";
export type { SamenessGroupProps } from "./sameness-group";
export { ServiceDefaults } from "./service-defaults";
export type {
  PassiveHealthCheck,
  ServiceDefaultsProps,
  UpstreamDefaults,
  UpstreamLimits,
  UpstreamOverride,
} from "./service-defaults";
export { HTTP_METHODS, INTENTION_ACTIONS, ServiceIntentions } from "./service-intentions";
export type {
  DefaultDenyProps,
  HttpMethod,
  IntentionAction,
  IntentionHttpHeader,
  IntentionHttpMatch,
  IntentionPermission,
  IntentionSource,
  ServiceIntentionsProps,
} from "./service-intentions";
export { FAILOVER_POLICY_MODES, ServiceResolver } from "./service-resolver";
export type {
  FailoverPolicyMode,
  ServiceResolverFailover,
  ServiceResolverFailoverPolicy,
  ServiceResolverFailoverTarget,
  ServiceResolverProps,
  ServiceResolverSubset,
} from "./service-resolver";
export { ServiceRouter } from "./service-router";
export type { ServiceRouterProps, ServiceRouterRouteOptions } from "./service-router";
export { ServiceSplitter } from "./service-splitter";
export type { ServiceSplitterProps } from "./service-splitter";
export { TerminatingGateway } from "./terminating-gateway";
export type { TerminatingGatewayProps } from "./terminating-gateway";

// Compositions
export { ConsulPeering } from "./consul-peering";
export type { ConsulPeeringProps, ConsulPeeringSide } from "./consul-peering";
export { DEFAULT_RESOURCES, MeshWorkload } from "./mesh-workload";
export type { MeshWorkloadProps, MeshWorkloadUpstream, ResourceQuantities, WorkloadResources } from "./mesh-workload";

// Topology as code
export { deriveTopology, formatAllowList, renderMermaid, verifyDeclarations } from "./topology";
export type {
  AllowedPath,
  EnvironmentPlan,
  ExternalServicePlan,
  IntentionSourcePlan,
  TopologyCall,
  TopologyEnvironment,
  TopologyExternalService,
  TopologyFailover,
  TopologyPeering,
  TopologyPlan,
  TopologyService,
  TopologySpec,
  UpstreamPlan,
  WorkloadPlan,
} from "./topology";

// Policy gate
export {
  CONSUL_RULES,
  DEFAULT_RULES,
  EKS_RULES,
  MESH_RULES,
  NETWORK_RULES,
  PolicyGate,
  SECRETS_RULES,
  SUPPRESSION_METADATA,
  WORKLOAD_RULES,
} from "./policy";
export type {
  ElementKind,
  Finding,
  JsonObject,
  PolicyContext,
  PolicyElement,
  PolicyGateProps,
  PolicyRule,
  ResolvedPolicyOptions,
  SuppressedViolation,
  Suppression,
  Violation,
} from "./policy";

// The spec types of every kind, generated from the CRD schemas (scripts/gen-crd-types.ts).
// <crd-types>
export type {
  MeshHttpIncomingRequestNormalization,
  MeshHttpIncoming,
  MeshHttp,
  MeshPeering,
  MeshTlsIncoming,
  MeshTlsOutgoing,
  MeshTls,
  MeshTransparentProxy,
  MeshSpec,
  PeeringAcceptorPeerSecret,
  PeeringAcceptorPeer,
  PeeringAcceptorSpec,
  PeeringDialerPeerSecret,
  PeeringDialerPeer,
  PeeringDialerSpec,
  ExportedServicesServiceConsumer,
  ExportedServicesService,
  ExportedServicesSpec,
  ServiceIntentionsDestination,
  ServiceIntentionsJwtProviderVerifyClaims,
  ServiceIntentionsJwtProvider,
  ServiceIntentionsJwt,
  ServiceIntentionsSourcePermissionHttpHeader,
  ServiceIntentionsSourcePermissionHttp,
  ServiceIntentionsSourcePermissionJwtProviderVerifyClaims,
  ServiceIntentionsSourcePermissionJwtProvider,
  ServiceIntentionsSourcePermissionJwt,
  ServiceIntentionsSourcePermission,
  ServiceIntentionsSource,
  ServiceIntentionsSpec,
  ServiceResolverFailoverEntryPolicy,
  ServiceResolverFailoverEntryTarget,
  ServiceResolverFailoverEntry,
  ServiceResolverLoadBalancerHashPolicyCookieConfig,
  ServiceResolverLoadBalancerHashPolicy,
  ServiceResolverLoadBalancerLeastRequestConfig,
  ServiceResolverLoadBalancerRingHashConfig,
  ServiceResolverLoadBalancer,
  ServiceResolverPrioritizeByLocality,
  ServiceResolverRedirect,
  ServiceResolverSubsetEntry,
  ServiceResolverSpec,
  ServiceDefaultsDestination,
  ServiceDefaultsEnvoyExtension,
  ServiceDefaultsExposePath,
  ServiceDefaultsExpose,
  ServiceDefaultsMeshGateway,
  ServiceDefaultsRateLimitsInstanceLevelRoute,
  ServiceDefaultsRateLimitsInstanceLevel,
  ServiceDefaultsRateLimits,
  ServiceDefaultsTransparentProxy,
  ServiceDefaultsUpstreamConfigDefaultsLimits,
  ServiceDefaultsUpstreamConfigDefaultsMeshGateway,
  ServiceDefaultsUpstreamConfigDefaultsPassiveHealthCheck,
  ServiceDefaultsUpstreamConfigDefaults,
  ServiceDefaultsUpstreamConfigOverrideLimits,
  ServiceDefaultsUpstreamConfigOverrideMeshGateway,
  ServiceDefaultsUpstreamConfigOverridePassiveHealthCheck,
  ServiceDefaultsUpstreamConfigOverride,
  ServiceDefaultsUpstreamConfig,
  ServiceDefaultsSpec,
  ProxyDefaultsAccessLogs,
  ProxyDefaultsEnvoyExtension,
  ProxyDefaultsExposePath,
  ProxyDefaultsExpose,
  ProxyDefaultsFailoverPolicy,
  ProxyDefaultsMeshGateway,
  ProxyDefaultsPrioritizeByLocality,
  ProxyDefaultsTransparentProxy,
  ProxyDefaultsSpec,
  SamenessGroupMember,
  SamenessGroupSpec,
  ServiceRouterRouteDestinationRequestHeaders,
  ServiceRouterRouteDestinationResponseHeaders,
  ServiceRouterRouteDestination,
  ServiceRouterRouteMatchHttpHeader,
  ServiceRouterRouteMatchHttpQueryParam,
  ServiceRouterRouteMatchHttp,
  ServiceRouterRouteMatch,
  ServiceRouterRoute,
  ServiceRouterSpec,
  ServiceSplitterSplitRequestHeaders,
  ServiceSplitterSplitResponseHeaders,
  ServiceSplitterSplit,
  ServiceSplitterSpec,
  TerminatingGatewayDeploymentAffinityNodeAffinityPreferredDuringSchedulingIgnoredDuringExecutionPreferenceMatchExpression,
  TerminatingGatewayDeploymentAffinityNodeAffinityPreferredDuringSchedulingIgnoredDuringExecutionPreferenceMatchField,
  TerminatingGatewayDeploymentAffinityNodeAffinityPreferredDuringSchedulingIgnoredDuringExecutionPreference,
  TerminatingGatewayDeploymentAffinityNodeAffinityPreferredDuringSchedulingIgnoredDuringExecution,
  TerminatingGatewayDeploymentAffinityNodeAffinityRequiredDuringSchedulingIgnoredDuringExecutionNodeSelectorTermsMatchExpression,
  TerminatingGatewayDeploymentAffinityNodeAffinityRequiredDuringSchedulingIgnoredDuringExecutionNodeSelectorTermsMatchField,
  TerminatingGatewayDeploymentAffinityNodeAffinityRequiredDuringSchedulingIgnoredDuringExecutionNodeSelectorTerms,
  TerminatingGatewayDeploymentAffinityNodeAffinityRequiredDuringSchedulingIgnoredDuringExecution,
  TerminatingGatewayDeploymentAffinityNodeAffinity,
  TerminatingGatewayDeploymentAffinityPodAffinityPreferredDuringSchedulingIgnoredDuringExecutionPodAffinityTermLabelSelectorMatchExpression,
  TerminatingGatewayDeploymentAffinityPodAffinityPreferredDuringSchedulingIgnoredDuringExecutionPodAffinityTermLabelSelector,
  TerminatingGatewayDeploymentAffinityPodAffinityPreferredDuringSchedulingIgnoredDuringExecutionPodAffinityTermNamespaceSelectorMatchExpression,
  TerminatingGatewayDeploymentAffinityPodAffinityPreferredDuringSchedulingIgnoredDuringExecutionPodAffinityTermNamespaceSelector,
  TerminatingGatewayDeploymentAffinityPodAffinityPreferredDuringSchedulingIgnoredDuringExecutionPodAffinityTerm,
  TerminatingGatewayDeploymentAffinityPodAffinityPreferredDuringSchedulingIgnoredDuringExecution,
  TerminatingGatewayDeploymentAffinityPodAffinityRequiredDuringSchedulingIgnoredDuringExecutionLabelSelectorMatchExpression,
  TerminatingGatewayDeploymentAffinityPodAffinityRequiredDuringSchedulingIgnoredDuringExecutionLabelSelector,
  TerminatingGatewayDeploymentAffinityPodAffinityRequiredDuringSchedulingIgnoredDuringExecutionNamespaceSelectorMatchExpression,
  TerminatingGatewayDeploymentAffinityPodAffinityRequiredDuringSchedulingIgnoredDuringExecutionNamespaceSelector,
  TerminatingGatewayDeploymentAffinityPodAffinityRequiredDuringSchedulingIgnoredDuringExecution,
  TerminatingGatewayDeploymentAffinityPodAffinity,
  TerminatingGatewayDeploymentAffinityPodAntiAffinityPreferredDuringSchedulingIgnoredDuringExecutionPodAffinityTermLabelSelectorMatchExpression,
  TerminatingGatewayDeploymentAffinityPodAntiAffinityPreferredDuringSchedulingIgnoredDuringExecutionPodAffinityTermLabelSelector,
  TerminatingGatewayDeploymentAffinityPodAntiAffinityPreferredDuringSchedulingIgnoredDuringExecutionPodAffinityTermNamespaceSelectorMatchExpression,
  TerminatingGatewayDeploymentAffinityPodAntiAffinityPreferredDuringSchedulingIgnoredDuringExecutionPodAffinityTermNamespaceSelector,
  TerminatingGatewayDeploymentAffinityPodAntiAffinityPreferredDuringSchedulingIgnoredDuringExecutionPodAffinityTerm,
  TerminatingGatewayDeploymentAffinityPodAntiAffinityPreferredDuringSchedulingIgnoredDuringExecution,
  TerminatingGatewayDeploymentAffinityPodAntiAffinityRequiredDuringSchedulingIgnoredDuringExecutionLabelSelectorMatchExpression,
  TerminatingGatewayDeploymentAffinityPodAntiAffinityRequiredDuringSchedulingIgnoredDuringExecutionLabelSelector,
  TerminatingGatewayDeploymentAffinityPodAntiAffinityRequiredDuringSchedulingIgnoredDuringExecutionNamespaceSelectorMatchExpression,
  TerminatingGatewayDeploymentAffinityPodAntiAffinityRequiredDuringSchedulingIgnoredDuringExecutionNamespaceSelector,
  TerminatingGatewayDeploymentAffinityPodAntiAffinityRequiredDuringSchedulingIgnoredDuringExecution,
  TerminatingGatewayDeploymentAffinityPodAntiAffinity,
  TerminatingGatewayDeploymentAffinity,
  TerminatingGatewayDeploymentExtraVolumeItems,
  TerminatingGatewayDeploymentExtraVolume,
  TerminatingGatewayDeploymentResourcesClaims,
  TerminatingGatewayDeploymentResources,
  TerminatingGatewayDeploymentServiceAccount,
  TerminatingGatewayDeploymentToleration,
  TerminatingGatewayDeploymentTopologySpreadConstraintLabelSelectorMatchExpression,
  TerminatingGatewayDeploymentTopologySpreadConstraintLabelSelector,
  TerminatingGatewayDeploymentTopologySpreadConstraint,
  TerminatingGatewayDeployment,
  TerminatingGatewayService,
  TerminatingGatewayServiceSecretRef,
  TerminatingGatewaySpec,
  IngressGatewayDefaultsPassiveHealthCheck,
  IngressGatewayDefaults,
  IngressGatewayListenerServicePassiveHealthCheck,
  IngressGatewayListenerServiceRequestHeaders,
  IngressGatewayListenerServiceResponseHeaders,
  IngressGatewayListenerServiceTlsSds,
  IngressGatewayListenerServiceTls,
  IngressGatewayListenerService,
  IngressGatewayListenerTlsSds,
  IngressGatewayListenerTls,
  IngressGatewayListener,
  IngressGatewayTlsSds,
  IngressGatewayTls,
  IngressGatewaySpec,
  JWTProviderCacheConfig,
  JWTProviderForwarding,
  JWTProviderJsonWebKeySetLocal,
  JWTProviderJsonWebKeySetRemoteJwksClusterTlsCertificatesCaCertificateProviderInstance,
  JWTProviderJsonWebKeySetRemoteJwksClusterTlsCertificatesTrustedCA,
  JWTProviderJsonWebKeySetRemoteJwksClusterTlsCertificates,
  JWTProviderJsonWebKeySetRemoteJwksCluster,
  JWTProviderJsonWebKeySetRemoteRetryPolicyRetryPolicyBackOff,
  JWTProviderJsonWebKeySetRemoteRetryPolicy,
  JWTProviderJsonWebKeySetRemote,
  JWTProviderJsonWebKeySet,
  JWTProviderLocationCookie,
  JWTProviderLocationHeader,
  JWTProviderLocationQueryParam,
  JWTProviderLocation,
  JWTProviderSpec,
  ControlPlaneRequestLimitAcl,
  ControlPlaneRequestLimitCatalog,
  ControlPlaneRequestLimitConfigEntry,
  ControlPlaneRequestLimitConnectCA,
  ControlPlaneRequestLimitCoordinate,
  ControlPlaneRequestLimitDiscoveryChain,
  ControlPlaneRequestLimitHealth,
  ControlPlaneRequestLimitIntention,
  ControlPlaneRequestLimitKv,
  ControlPlaneRequestLimitPreparedQuery,
  ControlPlaneRequestLimitSession,
  ControlPlaneRequestLimitTenancy,
  ControlPlaneRequestLimitTxn,
  ControlPlaneRequestLimitSpec,
} from "./crd-types";
// </crd-types>
