import { useMemo } from 'react';
import { useEditorSelector } from '../app/hooks';
import { selectCurrentPage, selectDocument } from '../document/selectors';
import { buildAppSymbols, type AppSymbols } from './appSymbols';

const empty: AppSymbols = { byName: new Map() };

/** The symbol table of the app for the page being edited; rebuilt when the document changes. */
export function useAppSymbols(): AppSymbols {
  const doc = useEditorSelector(selectDocument);
  const page = useEditorSelector(selectCurrentPage);
  return useMemo(() => (doc ? buildAppSymbols(doc, page) : empty), [doc, page]);
}
