// The palette and the canvas agree on these drag data types. During `dragover` a page may
// read only the list of types, not the data, so the widget type is in a type name too: the
// canvas sizes its drop placeholder from it.
const paletteType = 'application/x-cordon-widget';

/** Marks a drag as a palette widget of `type`. */
export function startPaletteDrag(dataTransfer: DataTransfer, type: string): void {
  dataTransfer.setData(paletteType, type);
  dataTransfer.setData(`${paletteType}.${type}`, type);
  dataTransfer.effectAllowed = 'copy';
}

/** The widget type of a palette drag, readable during dragover and drop; null for other drags. */
export function paletteDragType(dataTransfer: DataTransfer | null): string | null {
  if (!dataTransfer) return null;
  const data = dataTransfer.getData(paletteType);
  if (data) return data;
  const prefix = `${paletteType}.`;
  const marker = Array.from(dataTransfer.types).find((t) => t.startsWith(prefix));
  return marker ? marker.slice(prefix.length) : null;
}
