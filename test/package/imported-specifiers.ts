import { parseAst } from 'rolldown/parseAst';

/** Nodes whose `source` names a module: imports, re-exports, `import()` and `import('x').T`. */
const WITH_SOURCE = new Set([
  'ImportDeclaration',
  'ExportNamedDeclaration',
  'ExportAllDeclaration',
  'ImportExpression',
  'TSImportType',
]);

function collect(node: unknown, found: string[]): void {
  if (Array.isArray(node)) {
    for (const child of node) collect(child, found);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const { type, source, id } = node as {
    type?: string;
    source?: { value?: unknown };
    id?: { type?: string; value?: unknown };
  };
  if (type && WITH_SOURCE.has(type) && typeof source?.value === 'string') found.push(source.value);
  // `declare module 'vitest' { … }` augments that module, so it must resolve too.
  if (type === 'TSModuleDeclaration' && id?.type === 'Literal' && typeof id.value === 'string')
    found.push(id.value);
  for (const child of Object.values(node)) collect(child, found);
}

/**
 * Every module a JavaScript file or a declaration file refers to, read from its syntax tree (so
 * an `import('x')` inside a comment or a string, as bundled code has plenty of, is not one).
 * Dynamic imports of a computed specifier are not counted.
 */
export function importedSpecifiers(code: string, lang: 'js' | 'dts'): string[] {
  const found: string[] = [];
  collect(parseAst(code, { lang }), found);
  return found;
}
