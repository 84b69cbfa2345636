import { describe, expect, it } from 'vitest';
import { cordonMembers, findFrameworkFunction, frameworkFunctions, queryMembers } from './frameworkCatalog';

describe('frameworkCatalog', () => {
  it('lists every framework function of the issue once, each with a signature starting with its name and a one-line doc', () => {
    const names = frameworkFunctions.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of ['storeValue', 'removeValue', 'clearStore', 'navigateTo', 'showAlert', 'showModal', 'closeModal', 'resetWidget',
      'download', 'copyToClipboard', 'setInterval', 'clearInterval', 'postWindowMessage', 'windowMessageListener', 'unlistenWindowMessage']) {
      expect(names).toContain(name);
    }
    for (const f of [...frameworkFunctions, ...queryMembers, ...cordonMembers]) {
      expect(f.signature.startsWith(f.name)).toBe(true);
      expect(f.doc.length).toBeGreaterThan(10);
      expect(f.doc).not.toContain('\n');
    }
  });

  it('keeps functions with side effects out of data fields, and properties in', () => {
    expect(findFrameworkFunction('storeValue')?.allowedInDataFields).toBe(false);
    expect(findFrameworkFunction('storeValue')?.signature).toBe('storeValue(key, value, persist = true)');
    expect(queryMembers.find((m) => m.name === 'run')?.allowedInDataFields).toBe(false);
    expect(queryMembers.find((m) => m.name === 'data')?.allowedInDataFields).toBe(true);
    expect(cordonMembers.map((m) => m.name)).toEqual(['store', 'user', 'URL', 'mode']);
    expect(findFrameworkFunction('nope')).toBeUndefined();
  });
});
