import { parseTemplate } from '../../../shared/template';
import { restRequestError } from './restRequestError';
import { restValueText } from './restValueText';

/**
 * A JSON body template with its bindings filled in. A binding in value position becomes
 * `JSON.stringify(value)` (a JSON value: `"text"`, `42`, `null`, an object), never raw text; a
 * binding inside a JSON string becomes the value's text, JSON-string-escaped. The result must
 * parse as JSON, or the request is refused. An empty template means no body.
 */
export function renderJsonBody(template: string, params: Record<string, unknown>): string | undefined {
  if (template.trim() === '') return undefined;
  let out = '';
  let inString = false;
  let escaped = false;
  for (const part of parseTemplate(template)) {
    if (part.kind === 'text') {
      out += part.text;
      for (const char of part.text) {
        if (!inString) {
          if (char === '"') inString = true;
        } else if (escaped) {
          escaped = false;
        } else if (char === '\\') {
          escaped = true;
        } else if (char === '"') {
          inString = false;
        }
      }
    } else {
      const value = params[part.expression];
      if (!inString) {
        out += JSON.stringify(value) ?? 'null';
      } else if (escaped) {
        // `"a\{{x}}"`: the template's backslash would escape the value's first character.
        throw restRequestError('a binding in the JSON body follows a backslash');
      } else {
        out += JSON.stringify(restValueText(value)).slice(1, -1);
      }
    }
  }
  try {
    JSON.parse(out);
  } catch {
    // Not echoed: the body holds the values users typed.
    throw restRequestError('the JSON body is not valid JSON once its bindings are filled in');
  }
  return out;
}
