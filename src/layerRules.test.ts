import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

// The layer rules of docs/architecture.md live in eslint.config.js. These cases lint small
// snippets as if they sat in each layer, so a rule that is dropped or mistyped fails here.
const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

describe('layer rules', () => {
  const refused: Array<[string, string, RegExp]> = [
    ['src/shared/x.ts', "import { a } from '../runtime/protocol';\nexport const b = a;", /bottom layer/],
    ['src/shared/x.ts', "import React from 'react';\nexport const b = React;", /no React/],
    ['src/runtime/x.ts', "import { a } from '../client/api/apiClient';\nexport const b = a;", /may import only src\/shared and ses/],
    ['src/runtime/x.ts', "import { a } from 'node:fs';\nexport const b = a;", /no server libraries/],
    ['src/runtime/x.ts', 'export const b = () => fetch("/x");', /RuntimeHost/],
    ['src/client/x.ts', "import { a } from '../widgets/index';\nexport const b = a;", /src\/client \(L2\)/],
    ['src/widgets/x.ts', "import { a } from '../editor/EditorRoute';\nexport const b = a;", /src\/widgets \(L2\)/],
    ['src/viewer/x.ts', "import { a } from '../editor/EditorRoute';\nexport const b = a;", /never pull in the editor/],
    ['src/editor/x.ts', "import { a } from '../server/app';\nexport const b = a;", /only through HTTP/],
    ['src/server/x.ts', "import { a } from '../runtime/protocol';\nexport const b = a;", /imports only src\/shared/],
    ['src/server/x.ts', "import React from 'react';\nexport const b = React;", /no React/],
  ];

  it.each(refused)('refuses %s: %s', async (file, code, message) => {
    const errors = await layerErrors(file, code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(message);
  });

  const allowed: Array<[string, string]> = [
    ['src/runtime/x.ts', "import { parseTemplate } from '../shared';\nexport const b = parseTemplate;"],
    ['src/viewer/x.ts', "import type { RuntimeAppSpec } from '../runtime/protocol';\nexport type B = RuntimeAppSpec;"],
    ['src/editor/x.ts', "import { a } from '../viewer/PageRenderer';\nexport const b = a;"],
    ['src/server/x.ts', "import { parseTemplate } from '../shared';\nexport const b = parseTemplate;"],
  ];

  it.each(allowed)('allows %s: %s', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
