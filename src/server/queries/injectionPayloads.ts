/**
 * Strings that try to break out of a parameter or a literal. Shared by the unit tests of the
 * SQL compiler and the execute-route tests against a real PostgreSQL.
 */
export const injectionPayloads: readonly string[] = [
  "' or 1=1 --",
  "' or '1'='1",
  "'; drop table users; --",
  '1; delete from users',
  '1 or 1=1',
  "admin'--",
  "admin' #",
  "') or ('a'='a",
  '" or ""="',
  "' union select null, null, null --",
  "1' union select usename, passwd from pg_shadow --",
  "'; insert into users(name) values ('evil'); --",
  "\\'; drop table users; --",
  '\\',
  "\\'",
  "'' or 1=1",
  '\u2019 or 1=1 --',
  '\u02bc or \u02bc1\u02bc=\u02bc1',
  '\uff07 or 1=1 --',
  '$1',
  '$1 or 1=1',
  '$$; drop table users; $$',
  '$tag$ or 1=1 $tag$',
  '{{ 1 }}',
  "{{ ' or 1=1 -- }}",
  '/* comment */ or 1=1',
  '*/ or 1=1 /*',
  '-- ',
  "E'\\x27 or 1=1'",
  "'; select pg_sleep(10); --",
  "'; copy users to '/tmp/x'; --",
  'null',
  "\n' or 1=1\n--",
  "%' or '%'='",
  "'||(select current_user)||'",
  "1) or (1=1",
  // MySQL: # comments, backslash escapes, executable comments, double-quoted strings, SLEEP().
  "' or 1=1#",
  "' or '1'='1' /*",
  "\" or 1=1 -- ",
  "'; drop table users; #",
  "\\' or 1=1 -- ",
  "\\\\'; drop table users; -- ",
  "\\\" or \\\"1\\\"=\\\"1",
  "' /*!50000or*/ 1=1 -- ",
  "' and sleep(5) and '1'='1",
  "' or sleep(5)#",
  '1 and sleep(5)',
  "' and (select 1 from (select sleep(5)) x) and '1'='1",
  "'; set @a = 1; --",
  "0x61646d696e",
  "0x27206f7220313d31",
  "x'27206f7220313d31'",
  "\u00bf' or 1=1 -- ",
  // UNION and boolean-based.
  "' union select id, name, note from users --",
  "' union all select 1, 2, 3#",
  "' or exists(select * from users) --",
  "' or ''='",
  "admin'/*",
  // Numeric slots.
  '1 or 1=1 limit 1',
  '-1 or 1=1',
  '1) or 1=1 --',
  '2-1',
  // PostgreSQL and SQLite specifics.
  "' || pg_sleep(5) || '",
  "' || randomblob(1000000000) || '",
  "'; attach database '/tmp/x.db' as x; --",
  '`; drop table users; --',
  ']; drop table users; --',
  "' collate nocase --",
  // Placeholders as values.
  '?',
  '? or 1=1',
  ':name',
  '@x',
  '$name',
  // Whitespace and line breaks.
  "'\t or\t1=1 --",
  "\r\n' or 1=1\r\n--",
  // Unicode lookalike quotes.
  '\u2018 or 1=1 --',
  '\u201c or 1=1 --',
  '\uff02 or 1=1 --',
  // JSON breaking.
  '{"name": "\' or 1=1 --"}',
  '"},{"admin":true,"x":"',
  "]}' or 1=1 --",
  // Long.
  "'".repeat(5_000),
];

/**
 * Payloads with NUL characters. Kept apart: PostgreSQL refuses NUL in text (a clean error, code
 * only), while MySQL and SQLite store it; the dialect corpus tests run them on all three.
 */
export const nulBytePayloads: readonly string[] = [
  '\0',
  "'\0 or 1=1 --",
  "admin\0' --",
  "\0'; drop table users; --",
];
