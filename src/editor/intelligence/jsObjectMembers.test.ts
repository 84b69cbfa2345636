import { describe, expect, it } from 'vitest';
import { jsObjectMembers } from './jsObjectMembers';

describe('jsObjectMembers', () => {
  it('reads variables and functions of every form, with parameters', () => {
    const code = `// comment
export default {
  greeting: 'Hello, {x}',
  list: [1, { nested: 2 }],
  greet(name, punct = '!') { return this.greeting + name; },
  async load() { return await Query1.run(); },
  arrow: (a) => a * 2,
  one: x => x,
  classic: function (b) { return b; },
  later: async function () {},
};`;
    expect(jsObjectMembers(code)).toEqual([
      { name: 'greeting', kind: 'variable' },
      { name: 'list', kind: 'variable' },
      { name: 'greet', kind: 'function', params: "name, punct = '!'", async: false },
      { name: 'load', kind: 'function', params: '', async: true },
      { name: 'arrow', kind: 'function', params: 'a', async: false },
      { name: 'one', kind: 'function', params: 'x', async: false },
      { name: 'classic', kind: 'function', params: 'b', async: false },
      { name: 'later', kind: 'function', params: '', async: true },
    ]);
  });

  it('still reads the members of code being typed, which does not parse', () => {
    const code = 'export default {\n  count: 0,\n  greet(name) { return this. },\n  load: async () => {\n';
    expect(jsObjectMembers(code)).toEqual([
      { name: 'count', kind: 'variable' },
      { name: 'greet', kind: 'function', params: 'name', async: false },
      { name: 'load', kind: 'function', params: '', async: true },
    ]);
  });

  it('finds nothing without export default {', () => {
    expect(jsObjectMembers('const a = { b() {} }')).toEqual([]);
  });
});
