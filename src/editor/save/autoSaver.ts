import type { SaveAppRequest } from '../../shared';
import type { EditorState } from '../document/editorSlice';
import { saveConflicted, saveFailed, saveStarted, saveSucceeded } from '../document/editorSlice';

export interface AutoSaverOptions {
  getState(): EditorState;
  dispatch(action: { type: string }): unknown;
  /** PUTs the document; resolves with the new version, rejects with an error that has a `code`. */
  save(request: SaveAppRequest): Promise<{ version: number }>;
  /** Quiet time after the last edit before saving. Default 600 ms. */
  delayMs?: number;
  /** Wait before retrying a save that failed for a reason other than a conflict. Default 5 s. */
  retryMs?: number;
}

/**
 * Saves the document a moment after the builder stops editing. One save is in flight at a
 * time because each one names the version the previous one returned; edits made meanwhile
 * are saved by the next one. A 409 `version_conflict` stops it for good: someone else's
 * changes are never overwritten. Not in Redux because it holds timers and promises.
 */
export class AutoSaver {
  readonly #options: AutoSaverOptions;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #inFlight: Promise<void> | null = null;
  #lastSeenRevision = -1;
  #disposed = false;

  constructor(options: AutoSaverOptions) {
    this.#options = options;
  }

  /** Call after every state change; (re)starts the quiet-time timer when there is a new edit. */
  notify(): void {
    const state = this.#options.getState();
    if (this.#disposed || state.conflict || !state.document) return;
    if (state.revision === state.savedRevision) return;
    if (state.revision === this.#lastSeenRevision && this.#timer) return;
    this.#lastSeenRevision = state.revision;
    this.#schedule(state.saveError ? this.#options.retryMs ?? 5_000 : this.#options.delayMs ?? 600);
  }

  /**
   * Saves now whatever is unsaved and waits until the server has it. Resolves true when the
   * document is saved, false when it cannot be (conflict, or the save failed).
   */
  async flush(): Promise<boolean> {
    this.#clearTimer();
    for (let attempt = 0; attempt < 10; attempt++) {
      if (this.#inFlight) {
        await this.#inFlight;
        continue;
      }
      const state = this.#options.getState();
      if (state.conflict) return false;
      if (state.revision === state.savedRevision) return true;
      if (attempt > 0 && state.saveError) return false;
      await this.#saveNow();
    }
    const state = this.#options.getState();
    return !state.conflict && state.revision === state.savedRevision;
  }

  /** Stops for good (the editor closed). A save in flight still completes. */
  dispose(): void {
    this.#disposed = true;
    this.#clearTimer();
  }

  #schedule(delay: number): void {
    this.#clearTimer();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      // A save in flight reschedules when it ends (see #saveNow).
      if (!this.#inFlight) void this.#saveNow();
    }, delay);
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #saveNow(): Promise<void> {
    const state = this.#options.getState();
    const { document, app } = state;
    if (!document || !app || state.conflict || state.revision === state.savedRevision) return Promise.resolve();
    const revision = state.revision;
    const { dispatch } = this.#options;
    dispatch(saveStarted());
    const run = this.#options
      .save({ version: state.version, name: app.name, document })
      .then(
        (response) => {
          dispatch(saveSucceeded({ version: response.version, revision }));
        },
        (error: unknown) => {
          if (errorCode(error) === 'version_conflict') dispatch(saveConflicted());
          else dispatch(saveFailed(error instanceof Error ? error.message : 'The app could not be saved.'));
        },
      )
      .finally(() => {
        this.#inFlight = null;
        this.#lastSeenRevision = -1;
        this.notify();
      });
    this.#inFlight = run;
    return run;
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
