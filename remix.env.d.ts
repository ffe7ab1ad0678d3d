/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

// Single fetch: loader/action types are inferred without JSON serialisation wrappers.
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}
export {};

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce?: string;
    requestId?: string;
    clientIp?: string;
  }
}
