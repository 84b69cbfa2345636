import { describe, expect, it } from 'vitest';
import type { AppDocument } from '../../shared';
import { buildAppSymbols } from './appSymbols';
import { appProblems } from './appProblems';
import { testApp } from './testApp';

describe('appProblems', () => {
  it('gathers lint findings of widgets, queries and JS objects with entity and key', () => {
    const page = testApp.pages[0];
    if (!page) throw new Error('test app has a page');
    const doc: AppDocument = {
      ...testApp,
      pages: [{ ...page, widgets: [...page.widgets, { id: 'w3', name: 'Button1', type: 'button', layout: { x: 0, y: 0, w: 4, h: 4 }, props: { label: "{{ storeValue('a', 1) }}", onClick: 'Nope.run()' } }] }],
      queries: [{ ...testApp.queries[0]!, body: 'select {{ Input1.text }} where {{ (1 }}' }],
    };
    const problems = appProblems(doc, doc.pages[0], buildAppSymbols(doc, doc.pages[0]));
    expect(problems.map((p) => `${p.entity}.${p.key} ${p.severity}`)).toEqual([
      'Button1.label error',
      'Button1.onClick warning',
      'Query1.body error',
    ]);
  });

  it('finds nothing in a clean app', () => {
    expect(appProblems(testApp, testApp.pages[0], buildAppSymbols(testApp, testApp.pages[0]))).toEqual([]);
  });
});
