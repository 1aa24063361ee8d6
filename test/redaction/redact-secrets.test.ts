import { describe, expect, it } from 'vitest';
import {
  findSecrets,
  redactError,
  redactJson,
  redactText,
} from '../../src/redaction/redact-secrets.js';

// Assembled from parts, so no key-shaped string sits in the repository as one piece.
const join = (...parts: string[]) => parts.join('');
const KEYS = {
  openai: join('sk-', 'proj-', 'Zq3xV9mK2pL8nR4tY7wB1cD5'),
  anthropic: join('sk-', 'ant-api03-', 'Zq3xV9mK2pL8nR4tY7wB1cD5eF6g'),
  awsKeyId: join('AK', 'IA', 'Q7RZ4M2X9VBN3KLT'),
  awsTemporaryKeyId: join('AS', 'IA', 'Q7RZ4M2X9VBN3KLT'),
  awsSecret: join('Zq3xV9mK2pL8nR4tY7wB', '1cD5/eF6g+H0jS2uW4aQ'),
  github: join('gh', 'p_', 'Zq3xV9mK2pL8nR4tY7wB1cD5eF6gH0jS2uW4'),
  githubApp: join('gh', 's_', 'Zq3xV9mK2pL8nR4tY7wB1cD5eF6gH0jS2uW4'),
  githubPat: join('github', '_pat_', '11ABCDEFG0Zq3xV9mK2pL8_nR4tY7wB1cD5eF6gH0jS2uW4'),
  google: join('AI', 'za', 'Sy', 'Zq3xV9mK2pL8nR4tY7wB1cD5eF6gH0jS2'),
  googleOauth: join('ya', '29.', 'a0AfH6SMZq3xV9mK2pL8nR4tY7wB1cD5'),
  bearer: join('Bearer ', 'eyJhbGciOiJIUzI1NiJ9.Zq3xV9mK2pL8'),
};
const PRIVATE_KEY = join(
  '-----BEGIN RSA ',
  'PRIVATE KEY-----\nMIIEowIBAAKCAQEAZq3xV9mK2pL8nR4tY7wB1cD5eF6g\n-----END RSA ',
  'PRIVATE KEY-----',
);

describe('redactText', () => {
  it.for(Object.entries(KEYS))('redacts a %s key wherever it stands', ([, key]) => {
    for (const text of [key, `key=${key}`, `"${key}"`, `use ${key}, please`, `${key}\n`]) {
      expect(findSecrets(text), text).toHaveLength(1);
      expect(redactText(text)).not.toContain(key.replace(/^Bearer /, ''));
      expect(redactText(text)).toContain('[redacted]');
    }
  });

  it('redacts a private-key block whole, and an unfinished one to the end', () => {
    expect(redactText(`before\n${PRIVATE_KEY}\nafter`)).toBe('before\n[redacted]\nafter');
    const cut = PRIVATE_KEY.slice(0, 60);
    expect(redactText(`key:\n${cut}`)).toBe('key:\n[redacted]');
  });

  it('leaves alone what only looks long: hashes, ids, paths, words, longer base64', () => {
    const harmless = [
      'commit 3f786850e387550fdab836ed7e6dc881de23001b', // 40 hex, lower case
      'call_Zq3xV9mK2pL8nR4tY7wB1cD5eF6gH0jS2uW4aQ', // underscores: a tool call id
      'resp_68af0c1e2b7c8190a0b1c2d3e4f5a6b7',
      'toolu_01A09q90qw90lq917835lq9',
      'src/agent/tools/read-file.ts and fixtures/workspaces/team-roster/team.json',
      'a risk-free task-list; the bearer of news; an ASIA trip',
      '550e8400-e29b-41d4-a716-446655440000',
      // A thinking signature: base64 far longer than 40 characters.
      'EqQBCkgIARABGAIiQL6qvM1Bzr7H8YkZ2pL8nR4tY7wB1cD5eF6gH0jS2uW4aQZq3xV9mK2pL8nR4tY7wB1cD5==',
      // An OpenAI encrypted_content (base64url) with 40 characters between two `_`.
      'gAAAAABL3GrNnJx18SlXUDvodp-zvxTVu5lXSWlNz_uUiDhFFcBa3wJ6ZmXzt28WcS9Mv0LiyXOeQapWsG_IyDfH-K1yX9',
    ];
    for (const text of harmless) expect(findSecrets(text), text).toEqual([]);
  });

  it('redacts every string of a JSON value, keys included, keeping its shape', () => {
    expect(redactJson({ [KEYS.github]: [KEYS.openai, 3, null, { ok: true }] })).toEqual({
      '[redacted]': ['[redacted]', 3, null, { ok: true }],
    });
  });

  it('redacts an error where a test report reads it: message, stack, diff, cause', () => {
    const error = Object.assign(new Error(`expected ${KEYS.awsKeyId} to be 'x'`), {
      actual: `AWS_ACCESS_KEY_ID=${KEYS.awsKeyId}`,
      expected: 'x',
      cause: new Error(KEYS.anthropic),
    });
    redactError(error);
    const everything = JSON.stringify([
      error.message,
      error.stack,
      error.actual,
      String(error.cause),
    ]);
    expect(everything).not.toContain(KEYS.awsKeyId);
    expect(everything).not.toContain(KEYS.anthropic);
    expect(error.actual).toBe('AWS_ACCESS_KEY_ID=[redacted]');
  });
});
