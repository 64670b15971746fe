import { ServiceRouter } from "../../constructs/service-router";
import { newStack, problemsOf } from "./helpers";

// ServiceRouter routes at each boundary: one path matcher, leading "/", header and query matchers,
// prefixRewrite's precondition, retry codes 100-599.
const router = (routes: object[]) => () => new ServiceRouter(newStack(), "r", { service: "web", routes });
const R = "test/r: ServiceRouter.routes[0]";

describe("ServiceRouter boundaries", () => {
  it("accepts one path matcher each way, an empty path, codes 100 and 599, a rewrite after a prefix or exact path", () => {
    for (const http of [{ pathExact: "/a" }, { pathPrefix: "/" }, { pathRegex: "^/a" }, { pathPrefix: "" }])
      expect(router([{ match: { http }, destination: { service: "api" } }])).not.toThrow();
    expect(
      router([
        {
          match: { http: { pathPrefix: "/v1", methods: ["GET", "TRACE"] } },
          destination: { prefixRewrite: "/", numRetries: 0, retryOnStatusCodes: [100, 599], requestTimeout: "1s" },
        },
      ]),
    ).not.toThrow();
    expect(router([{ match: { http: { pathExact: "/v1" } }, destination: { prefixRewrite: "/" } }])).not.toThrow();
  });

  it("refuses two path matchers, a path without a leading slash, a rewrite without a path, codes 99 and 600", () => {
    expect(
      problemsOf(
        router([
          {
            match: { http: { pathExact: "a", pathPrefix: "b", methods: ["get"] } },
            destination: { numRetries: -1, retryOnStatusCodes: [99, 600], idleTimeout: "1" },
          },
        ]),
      ),
    ).toEqual([
      `${R}.match.http: {"pathExact":"a","pathPrefix":"b"} sets pathExact and pathPrefix; set at most one of pathExact, pathPrefix, pathRegex`,
      `${R}.match.http.pathExact: "a" must begin with "/"`,
      `${R}.match.http.pathPrefix: "b" must begin with "/"`,
      `${R}.match.http.methods[0]: "get" is not allowed; use one of "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE"`,
      `${R}.destination.idleTimeout: "1" is not a duration; use a Go duration such as "5s", "1m30s" or "250ms"`,
      `${R}.destination.numRetries: -1 is not allowed; use an integer from 0 to 2147483647`,
      `${R}.destination.retryOnStatusCodes[0]: 99 is not allowed; use an integer from 100 to 599`,
      `${R}.destination.retryOnStatusCodes[1]: 600 is not allowed; use an integer from 100 to 599`,
    ]);
    expect(
      problemsOf(router([{ match: { http: { pathRegex: "^/a" } }, destination: { prefixRewrite: "/" } }])),
    ).toEqual([
      `${R}.destination.prefixRewrite: "/" needs match.http.pathPrefix or match.http.pathExact on this route`,
    ]);
  });

  it("needs a name on each header and query matcher, and at most one way to match it", () => {
    expect(
      problemsOf(
        router([
          {
            match: {
              http: {
                header: [
                  { name: "", exact: "a", present: true },
                  { name: "x", present: true },
                ],
                queryParam: [{ exact: "1", regex: "1" }],
              },
            },
          },
        ]),
      ),
    ).toEqual([
      `${R}.match.http.header[0].name: "" is required`,
      `${R}.match.http.header[0]: {"exact":"a","present":true} sets exact and present; set at most one of exact, prefix, suffix, regex, present`,
      `${R}.match.http.queryParam[0].name: undefined is required`,
      `${R}.match.http.queryParam[0]: {"exact":"1","regex":"1"} sets exact and regex; set at most one of exact, regex, present`,
    ]);
  });
});
