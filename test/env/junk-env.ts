/** Junk for every variable, with what the message must say beyond the variable and its value. */
export const JUNK: [name: string, value: string, says: RegExp][] = [
  ['NANOGRADE_MODELS', ',,,', /it names no model\. Allowed: a comma-separated list of model ids/],
  ['NANOGRADE_MODELS', 'gpt-5 mini', /a model id has no spaces or commas/],
  ['NANOGRADE_JUDGE', 'openai:', /cannot start or end with ":"\. Allowed: one model id/],
  ['NANOGRADE_FIXTURES', 'offline', /not a fixture mode\. Allowed: auto, record, replay or live/],
  ['NANOGRADE_FIXTURES_DIR', '/dev/null/x', /\/dev\/null exists and is not a folder/],
  ['NANOGRADE_REPEATS', 'three', /not a whole number\. Allowed: a whole number from 1 to 100/],
  ['NANOGRADE_REPEATS', '101', /above 100/],
  ['NANOGRADE_REPEATS', '0', /below 1/],
  ['NANOGRADE_BASELINE', '/no/such/report.json', /is not a readable file/],
  ['NANOGRADE_OUT', '/dev/null/x', /\/dev\/null exists and is not a folder\. Allowed: a folder/],
  ['NANOGRADE_REQUIRE', 'maybe', /neither all nor available\. Allowed: all \(an unavailable/],
  ['NANOGRADE_NOW', '2026-02-30', /not a calendar day\. Allowed: a calendar day, YYYY-MM-DD/],
  ['NANOGRADE_NOW', 'tomorrow', /not a calendar day/],
  ['NANOGRADE_OLLAMA_NUM_CTX', '4096', /below 32768\. Allowed: a whole number of tokens/],
  [
    'NANOGRADE_MODLES',
    'gpt-5-mini',
    /is not a nanograde variable — did you mean NANOGRADE_MODELS\? Known: NANOGRADE_MODELS, /,
  ],
];
