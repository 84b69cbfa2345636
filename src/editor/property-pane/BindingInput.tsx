import { useEffect, useId, useRef, useState, type InputHTMLAttributes, type KeyboardEvent } from 'react';
import type { AppSymbols } from '../intelligence/appSymbols';
import { completionsAt, type CompletionItem } from '../intelligence/completions';
import type { CodeKind } from '../intelligence/diagnostics';

type FieldElement = HTMLInputElement | HTMLTextAreaElement;

interface Suggestions {
  items: CompletionItem[];
  from: number;
  active: number;
}

const maxShown = 12;

/**
 * A plain text field or text area that suggests the app's names as the builder types inside
 * `{{ }}` (anywhere in handlers): entity names, their members after a dot, framework functions.
 * Arrow keys choose, Enter or Tab take, Escape closes. It stays a real `<input>`/`<textarea>`,
 * so it keeps its label, plain typing and pasting; nothing is inserted unless chosen.
 */
export function BindingInput(props: {
  multiline: boolean;
  kind: CodeKind;
  symbols: AppSymbols;
  value: string;
  onChange(value: string): void;
  rows?: number;
} & Pick<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className' | 'placeholder' | 'aria-describedby' | 'aria-invalid'>) {
  const { multiline, kind, symbols, value, onChange, rows, ...rest } = props;
  const ref = useRef<FieldElement | null>(null);
  const listId = useId();
  const [suggestions, setSuggestions] = useState<Suggestions | null>(null);
  const caretAfter = useRef<number | null>(null);

  // After a suggestion is taken, the caret goes after the inserted name.
  useEffect(() => {
    const at = caretAfter.current;
    if (at !== null && ref.current) {
      ref.current.setSelectionRange(at, at);
      caretAfter.current = null;
    }
  }, [value]);

  function update(text: string, caret: number | null) {
    if (caret === null) { setSuggestions(null); return; }
    const before = text.slice(0, caret);
    // Only while a name or a member is being typed: not on every keystroke in a binding.
    if (!/[\w$.]$/.test(before)) { setSuggestions(null); return; }
    const result = completionsAt(before, kind, symbols);
    const items = result?.items.slice(0, maxShown) ?? [];
    const typed = result ? before.slice(result.from) : '';
    // Nothing to offer, or the only offer is what is already typed.
    if (!result || items.length === 0 || (items.length === 1 && items[0]?.label === typed)) { setSuggestions(null); return; }
    setSuggestions({ items, from: result.from, active: 0 });
  }

  function take(item: CompletionItem) {
    const el = ref.current;
    if (!el || !suggestions) return;
    const caret = el.selectionStart ?? value.length;
    const next = value.slice(0, suggestions.from) + item.label + value.slice(caret);
    caretAfter.current = suggestions.from + item.label.length;
    setSuggestions(null);
    onChange(next);
  }

  function onKeyDown(e: KeyboardEvent<FieldElement>) {
    if (!suggestions) return;
    const count = suggestions.items.length;
    if (e.key === 'ArrowDown') { e.preventDefault(); setSuggestions({ ...suggestions, active: (suggestions.active + 1) % count }); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setSuggestions({ ...suggestions, active: (suggestions.active - 1 + count) % count }); }
    else if (e.key === 'Enter' || e.key === 'Tab') {
      const item = suggestions.items[suggestions.active];
      if (item) { e.preventDefault(); take(item); }
    } else if (e.key === 'Escape') { e.preventDefault(); setSuggestions(null); }
  }

  const shared = {
    ...rest,
    ref: (el: FieldElement | null) => { ref.current = el; },
    value,
    spellCheck: false,
    autoComplete: 'off',
    'aria-autocomplete': 'list' as const,
    'aria-controls': suggestions ? listId : undefined,
    'aria-activedescendant': suggestions ? `${listId}-${suggestions.active}` : undefined,
    onChange: (e: { target: FieldElement }) => { onChange(e.target.value); update(e.target.value, e.target.selectionStart); },
    onKeyDown,
    onBlur: () => setSuggestions(null),
  };

  return (
    <div className="ed-suggest">
      {multiline ? <textarea {...shared} rows={rows} /> : <input {...shared} />}
      {suggestions ? (
        <ul id={listId} role="listbox" aria-label="Suggestions" className="ed-suggest__list">
          {suggestions.items.map((item, i) => (
            <li
              key={item.label}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === suggestions.active}
              className="ed-suggest__item"
              // mousedown, not click: the field must keep focus (its blur closes the list).
              onMouseDown={(e) => { e.preventDefault(); take(item); }}
            >
              <span className="ed-suggest__label">{item.label}</span>
              <span className="ed-suggest__detail">{item.detail}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
