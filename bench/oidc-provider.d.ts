// oidc-provider ships no types and @types/oidc-provider lags its majors; the benchmark only
// configures it, so it is typed loosely here rather than adding a dependency.
declare module 'oidc-provider';
