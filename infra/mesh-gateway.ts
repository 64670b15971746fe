/**
 * The mesh gateway's port: the consul chart's default `meshGateway.containerPort`, which an NLB
 * with pod (IP) targets reaches; VM gateways and kind's public address default to it too, so a
 * peer sees one port wherever it dials.
 */
export const MESH_GATEWAY_PORT = 8443;
