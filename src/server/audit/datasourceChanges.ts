/** The stored columns of a datasource that an audit entry compares; values never leave this function. */
interface DatasourceColumns {
  name: string;
  config: string;
  secrets: string;
}

/**
 * The names of what a datasource change touched: 'name', 'config.<key>' for each top-level config
 * key whose value differs, 'secrets.<name>' for each secret set, replaced or cleared (a re-encrypted
 * envelope differs even for the same value, so a secret given again counts as changed). Names only.
 */
export function changedDatasourceFields(before: DatasourceColumns | null, after: DatasourceColumns): string[] {
  const changed: string[] = [];
  if (before && before.name !== after.name) changed.push('name');
  const configBefore = before ? parseObject(before.config) : {};
  const configAfter = parseObject(after.config);
  for (const key of unionKeys(configBefore, configAfter)) {
    if (JSON.stringify(configBefore[key]) !== JSON.stringify(configAfter[key])) changed.push(`config.${key}`);
  }
  const secretsBefore = before ? parseObject(before.secrets) : {};
  const secretsAfter = parseObject(after.secrets);
  for (const key of unionKeys(secretsBefore, secretsAfter)) {
    if (JSON.stringify(secretsBefore[key]) !== JSON.stringify(secretsAfter[key])) changed.push(`secrets.${key}`);
  }
  return changed;
}

function parseObject(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function unionKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
}
