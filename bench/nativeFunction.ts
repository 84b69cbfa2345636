/**
 * The engine's own `Function` constructor, captured before SES's `lockdown()` replaces the global
 * with its tamed version (which routes every call through SES's safe evaluator). The baseline
 * must be plain JavaScript, so bench/runtimeBench.ts imports this module before sesLockdown.
 */
export const NativeFunction: FunctionConstructor = globalThis.Function;
