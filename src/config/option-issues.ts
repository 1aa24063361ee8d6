import type { z } from 'zod';
import { didYouMean } from '../format/did-you-mean.js';

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
};

const defOf = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;

/** The schema of the value at `path` inside `schema` (through optional, default, pipe, record, array). */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  let rest = [...path];
  while (current) {
    const def = defOf(current);
    const wrapped = def.innerType ?? def.in;
    if (wrapped) {
      current = wrapped;
      continue;
    }
    if (rest.length === 0) return current;
    const [key, ...after] = rest;
    rest = after;
    if (def.type === 'object') current = def.shape?.[String(key)];
    else if (def.type === 'record') current = def.valueType;
    else if (def.type === 'array') current = def.element;
    else return undefined;
  }
  return undefined;
}

/** The keys an object schema at `path` knows, in declaration order. */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const found = schemaAt(schema, path);
  const shape = found ? defOf(found).shape : undefined;
  return shape ? Object.keys(shape) : [];
}

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`,
    )
    .join('');
}

/**
 * Each problem of `error` as one line, `<where>: <what>`: an unknown key says which key
 * was likely meant (did you mean 'models'?) and which keys there are, so a typo never passes
 * silently for an option left at its default.
 */
export function describeOptionIssues(
  where: string,
  schema: z.ZodType,
  error: z.ZodError,
): string[] {
  return error.issues.flatMap((issue) => {
    // A schema's own message for a key (say, a renamed option) says more than a guess.
    const ownMessage =
      issue.code === 'unrecognized_keys' && !issue.message.startsWith('Unrecognized key');
    if (issue.code !== 'unrecognized_keys' || ownMessage) {
      const at = pathText(issue.path);
      return [`${where}: ${at === '' ? '' : `${at}: `}${issue.message}`];
    }
    const known = knownKeys(schema, issue.path);
    const parent = pathText(issue.path);
    return issue.keys.map((key) => {
      const meant = didYouMean(key, known);
      const guess =
        meant === undefined ? '' : ` — did you mean '${pathText([...issue.path, meant])}'?`;
      const takes = parent === '' ? 'options' : `${parent} takes`;
      return `${where}: unknown option '${pathText([...issue.path, key])}'${guess} (${takes}: ${known.join(', ')})`;
    });
  });
}
