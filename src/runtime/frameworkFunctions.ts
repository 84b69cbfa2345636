/// <reference types="ses" />
import type { AppInstance, AppInstanceHooks } from './AppInstance';
import { toDownload } from './downloadFile';
import { errorMessage } from './errorMessage';
import { makeGuestFetch } from './guestFetch';
import { toPlain } from './plainData';
import type { HostEffect } from './protocol';
import { originError } from './windowOrigin';

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
      // A rejected request (the page was left) carries a host Error: hand user code its own.
      const yes = await hooks.request({ kind: 'confirm', message: `Run ${name}?` }).catch((error: unknown) => { throw app.makeError(`${name} failed: ${errorMessage(error)}`); });
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
      app.setQueryState(name, { data: queryData(reply), isLoading: false, error: null });
      return app.queries.get(name)?.data;
    } catch (error) {
      const message = errorMessage(error);
      app.setQueryState(name, { isLoading: false, error: message });
      throw app.makeError(`${name} failed: ${message}`);
    }
  }

  const guestFetch = makeGuestFetch(hooks.host, app.makeError, app.callbacks.signal);

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
      if (typeof target !== 'string' || target.trim() === '') throw app.makeError('navigateTo: give a page slug or a URL');
      const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(target.trim())?.[1]?.toLowerCase();
      // javascript: and data: URLs would run code in the page; only web and mail links leave the app.
      if (scheme !== undefined && !['http', 'https', 'mailto'].includes(scheme)) throw app.makeError(`navigateTo: ${scheme}: URLs are not allowed; use a page slug or an http(s) URL`);
      if (targetWindow !== 'SAME_WINDOW' && targetWindow !== 'NEW_WINDOW') throw app.makeError(`navigateTo: the target must be 'SAME_WINDOW' or 'NEW_WINDOW', not "${String(targetWindow)}"`);
      const copied = params !== null && typeof params === 'object' ? (plain(params) as Record<string, unknown>) : {};
      const stringParams: Record<string, string> = {};
      for (const [k, v] of Object.entries(copied)) if (v !== undefined) stringParams[k] = typeof v === 'string' ? v : JSON.stringify(v);
      return effect({ kind: 'navigateTo', target: String(target), params: stringParams, newWindow: targetWindow === 'NEW_WINDOW' });
    },
    showModal(name: unknown) {
      app.assertNotInBinding('showModal()');
      app.setModalOpen('showModal', name, true);
      return Promise.resolve();
    },
    closeModal(name: unknown) {
      app.assertNotInBinding('closeModal()');
      app.setModalOpen('closeModal', name, false);
      return Promise.resolve();
    },
    // `resetChildren` is accepted for the signature builders know; pages are flat, so it changes nothing.
    resetWidget(name: unknown, resetChildren: unknown = true) {
      app.assertNotInBinding('resetWidget()');
      void resetChildren;
      app.resetWidget(String(name));
      return Promise.resolve();
    },
    download(data: unknown, fileName: unknown, mimeType?: unknown) {
      app.assertNotInBinding('download()');
      const request = toDownload(plain(data), fileName, mimeType);
      if ('error' in request) throw app.makeError(request.error);
      return effect({ kind: 'download', ...request });
    },
    copyToClipboard(text: unknown) {
      app.assertNotInBinding('copyToClipboard()');
      const copy = plain(text);
      const value = typeof copy === 'string' ? copy : copy === undefined ? '' : JSON.stringify(copy) ?? String(copy);
      return effect({ kind: 'copyToClipboard', text: value });
    },
    setInterval(fn: unknown, ms: unknown, id?: unknown) {
      app.assertNotInBinding('setInterval()');
      return app.callbacks.setInterval(fn, ms, id);
    },
    clearInterval(id: unknown) {
      app.assertNotInBinding('clearInterval()');
      app.callbacks.clearInterval(id);
    },
    postWindowMessage(message: unknown, target: unknown = 'window', targetOrigin: unknown = '*') {
      app.assertNotInBinding('postWindowMessage()');
      if (target !== 'window') throw app.makeError(`postWindowMessage: the target "${String(target)}" is not supported; use 'window' (the page embedding this app)`);
      const refused = originError('postWindowMessage', targetOrigin);
      if (refused) throw app.makeError(refused);
      return effect({ kind: 'postWindowMessage', message: plain(message), targetOrigin: String(targetOrigin) });
    },
    windowMessageListener(origin: unknown, fn: unknown) {
      app.assertNotInBinding('windowMessageListener()');
      const refused = originError('windowMessageListener', origin);
      if (refused) throw app.makeError(refused);
      // Browsers report origins in lower case; an exact match compares with that form.
      app.callbacks.listen(String(origin).toLowerCase(), fn);
      return Promise.resolve();
    },
    unlistenWindowMessage(origin: unknown) {
      app.assertNotInBinding('unlistenWindowMessage()');
      app.callbacks.unlisten(String(origin).toLowerCase());
      return Promise.resolve();
    },
    fetch(url: unknown, init?: unknown) {
      app.assertNotInBinding('fetch()');
      return guestFetch(url, init);
    },
  };
}

/** What `Query.data` becomes: a REST query's response body, or a SQL query's rows. */
function queryData(reply: unknown): unknown {
  if (reply === null || typeof reply !== 'object') return [];
  const { http, rows } = reply as { http?: { body?: unknown }; rows?: unknown };
  if (http !== null && typeof http === 'object') return http.body ?? null;
  return Array.isArray(rows) ? rows : [];
}
