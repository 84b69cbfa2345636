import { describe, expect, it } from 'vitest';
import { paletteDragType, startPaletteDrag } from './paletteDrag';

// A DataTransfer as a browser exposes it: data by type, and types lower-cased.
class FakeDataTransfer {
  readonly #data = new Map<string, string>();
  effectAllowed = 'all';
  /** During dragover a page may read the types but not the data. */
  protected = false;
  get types(): string[] {
    return [...this.#data.keys()];
  }
  setData(type: string, value: string): void {
    this.#data.set(type.toLowerCase(), value);
  }
  getData(type: string): string {
    return this.protected ? '' : this.#data.get(type.toLowerCase()) ?? '';
  }
}

describe('palette drag data', () => {
  it('carries the widget type, readable from the type list while the data is protected', () => {
    const transfer = new FakeDataTransfer();
    startPaletteDrag(transfer as unknown as DataTransfer, 'table');
    expect(paletteDragType(transfer as unknown as DataTransfer)).toBe('table');
    transfer.protected = true;
    expect(paletteDragType(transfer as unknown as DataTransfer)).toBe('table');
    expect(transfer.effectAllowed).toBe('copy');
  });

  it('ignores drags that do not come from the palette', () => {
    const transfer = new FakeDataTransfer();
    transfer.setData('text/plain', 'hello');
    expect(paletteDragType(transfer as unknown as DataTransfer)).toBeNull();
    expect(paletteDragType(null)).toBeNull();
  });
});
