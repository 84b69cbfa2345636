/** Error kinds shown as a prefix ("TypeError: ..."); compartments share these prototypes. */
const errorKinds: ReadonlyArray<[object, string]> = [
  [TypeError.prototype, 'TypeError'], [RangeError.prototype, 'RangeError'], [SyntaxError.prototype, 'SyntaxError'],
  [ReferenceError.prototype, 'ReferenceError'], [EvalError.prototype, 'EvalError'], [URIError.prototype, 'URIError'],
];

/** The message of anything thrown, read without running user getters where possible. */
export function errorMessage(error: unknown): string {
  if (error !== null && typeof error === 'object') {
    const desc = Reflect.getOwnPropertyDescriptor(error, 'message');
    if (desc && typeof desc.value === 'string') {
      const proto = Reflect.getPrototypeOf(error);
      const kind = errorKinds.find(([p]) => p === proto)?.[1];
      return kind ? `${kind}: ${desc.value}` : desc.value;
    }
  }
  try { return String(error); } catch { return 'unknown error'; }
}
