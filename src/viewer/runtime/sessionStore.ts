/**
 * `storeValue(key, value, false)` values of this browser tab, per app: they outlive a page
 * switch (a new runtime per page) but not a reload, because they live only in this module.
 */
const sessionStores = new Map<string, Record<string, unknown>>();

/** The session (not persisted) values of an app. The same object every time for one app. */
export function sessionStoreFor(appId: string): Record<string, unknown> {
  let store = sessionStores.get(appId);
  if (!store) {
    store = {};
    sessionStores.set(appId, store);
  }
  return store;
}
