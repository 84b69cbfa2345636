/// <reference types="ses" />
import type { AppInstance, AppInstanceHooks } from './AppInstance';
import { errorMessage } from './errorMessage';
import { makeGuestFetch } from './guestFetch';
import { toPlain } from './plainData';
import type { HostEffect } from './protocol';

const alertStyles = ['info', 'success', 'warning', 'error'] as const;

/**
 * The framework functions endowed to an app, as globals of its compartment. Each one refuses to
 * run from a data field (bindings are synchronous and free of side effects), copies its arguments
 * to plain data, and talks to the main thread only through effects and requests.
 * `runQueryByName` is not a global: query entities call it as `Query1.run(params)`.
 */
export function makeFrameworkFunctions(app: AppInstance, hooks: AppInstanceHooks) {
  const effect = (e: HostEffect) => { hooks.effect(e); return Promise.resolve(); };
  const plain = (value: unknown): unknown => {
    try { return toPlain(value); } catch (error) { throw app.makeError(error instanceof Error ? error.message : String(error)); }
  };

  async function runQueryByName(name: string, params: unknown): Promise<unknown> {
    app.assertNotInBinding(`${name}.run()`);
    const q = app.queries.get(name);
    if (!q) throw app.makeError(`no query named ${name}`);
    const runParams = harden({ ...(params !== null && typeof params === 'object' ? (plain(params) as Record<string, unknown>) : {}) });
    if (q.spec.confirm) {
      const yes = await hooks.request({ kind: 'confirm', message: `Run ${name}?` });
      if (yes !== true) throw app.makeError(`${name} was cancelled`);
    }
    app.setQueryState(name, { isLoading: true });
    try {
      const values: Record<string, unknown> = {};
      for (const expression of q.spec.bindings) {
        let value: unknown;
        try {
          // `this.params` inside a query's bindings holds what was passed to run(params).
          value = plain(app.evaluateExpression(expression, `${name}.params`, harden({ params: runParams })));
        } catch (error) {
          throw new Error(`the binding {{ ${expression.trim()} }} failed: ${errorMessage(error)}`);
        }
        // JSON has no undefined: send null, so the server sees every declared parameter.
        // defineProperty: an expression spelled `__proto__` must stay an ordinary key.
        Object.defineProperty(values, expression, { value: value === undefined ? null : value, enumerable: true, writable: true, configurable: true });
      }
      const reply = await hooks.request({ kind: 'runQuery', queryId: q.spec.id, params: values });
      const rows = reply !== null && typeof reply === 'object' && Array.isArray((reply as { rows?: unknown }).rows) ? (reply as { rows: unknown[] }).rows : [];
      app.setQueryState(name, { data: rows, isLoading: false, error: null });
      return app.queries.get(name)?.data;
    } catch (error) {
      const message = errorMessage(error);
      app.setQueryState(name, { isLoading: false, error: message });
      throw app.makeError(`${name} failed: ${message}`);
    }
  }

  const guestFetch = makeGuestFetch(hooks.host, app.makeError);

  return {
    runQueryByName,
    storeValue(key: unknown, value: unknown, persist: unknown = true) {
      app.assertNotInBinding('storeValue()');
      const k = String(key);
      const copy = harden(plain(value));
      app.setStore({ ...app.store, [k]: copy });
      return effect({ kind: 'storeValue', key: k, value: copy, persist: persist !== false });
    },
    removeValue(key: unknown) {
      app.assertNotInBinding('removeValue()');
      const k = String(key);
      const next = { ...app.store };
      delete next[k];
      app.setStore(next);
      return effect({ kind: 'removeValue', key: k });
    },
    clearStore() {
      app.assertNotInBinding('clearStore()');
      app.setStore({});
      return effect({ kind: 'clearStore' });
    },
    showAlert(message: unknown, type: unknown = 'info') {
      app.assertNotInBinding('showAlert()');
      const style = alertStyles.find((s) => s === type) ?? 'info';
      const text = typeof message === 'string' ? message : JSON.stringify(plain(message)) ?? String(message);
      return effect({ kind: 'showAlert', message: text, style });
    },
    navigateTo(target: unknown, params: unknown = {}, targetWindow: unknown = 'SAME_WINDOW') {
      app.assertNotInBinding('navigateTo()');
      const copied = params !== null && typeof params === 'object' ? (plain(params) as Record<string, unknown>) : {};
      const stringParams: Record<string, string> = {};
      for (const [k, v] of Object.entries(copied)) if (v !== undefined) stringParams[k] = typeof v === 'string' ? v : JSON.stringify(v);
      return effect({ kind: 'navigateTo', target: String(target), params: stringParams, newWindow: targetWindow === 'NEW_WINDOW' });
    },
    setInterval(fn: unknown, ms: unknown, id?: unknown) {
      return app.setInterval(fn, ms, id);
    },
    clearInterval(id: unknown) {
      app.assertNotInBinding('clearInterval()');
      app.clearInterval(id);
    },
    fetch(url: unknown, init?: unknown) {
      app.assertNotInBinding('fetch()');
      return guestFetch(url, init);
    },
  };
}
