import { agentTest } from 'nanograde';
import { z } from 'zod';

// app/settings.py has 17 module-level constants: HTTP 4, DB 3, CACHE 3, FEATURE 5, LOG 2.
// Not constants: the commented-out DB_ECHO, the dict keys inside DB_OPTIONS, RETRY_LIMIT (in a
// function), MAX_ITEMS (in a class), and the lower-case logger_name and _cache_warm.
const AnalysisSchema = z
  .object({
    file: z.literal('app/settings.py'),
    total: z.literal(17),
    byCategory: z
      .object({
        CACHE: z.literal(3),
        DB: z.literal(3),
        FEATURE: z.literal(5),
        HTTP: z.literal(4),
        LOG: z.literal(2),
      })
      .strict(),
  })
  .strict();

const ANALYSIS = {
  file: 'app/settings.py',
  total: 17,
  byCategory: { CACHE: 3, DB: 3, FEATURE: 5, HTTP: 4, LOG: 2 },
};
const ANSWER = '17 constants in 5 categories';

agentTest(
  'constant audit',
  {
    prompt: [
      'Audit the constants of the Python module `app/settings.py` in the workspace.',
      '',
      'A constant is a module-level assignment to a name written in UPPER_CASE (capital letters,',
      'digits and underscores), with or without a type annotation. Module-level means the line',
      'starts at column 0: names assigned inside a function or class body do not count, nor do',
      'commented-out lines or keys inside a dict. The category of a constant is the part of its',
      'name before the first underscore (HTTP_PORT is in category HTTP).',
      '',
      'Write `analysis.json` with one JSON object with exactly these keys:',
      '{"file": "app/settings.py", "total": <number of constants>,',
      ' "byCategory": {<category>: <number of constants in it>, ...}}',
      '',
      'Then reply with one line and nothing else: `<total> constants in <number of categories> categories`.',
    ].join('\n'),
    workspace: 'fixtures/workspaces/constant-audit',
    limits: { maxTurns: 8, timeoutMs: 240_000 },
    expected: `analysis.json: ${JSON.stringify(ANALYSIS)}\nanswer: ${ANSWER}`,
    reference: {
      toolCalls: [
        { name: 'read_file', args: { file_path: 'app/settings.py' } },
        {
          name: 'write_file',
          args: { file_path: 'analysis.json', content: `${JSON.stringify(ANALYSIS, null, 2)}\n` },
        },
      ],
      answer: ANSWER,
    },
    rubric:
      'analysis.json must count exactly 17 module-level constants: HTTP 4, DB 3, CACHE 3, FEATURE 5, LOG 2. Counting the commented-out DB_ECHO, the dict keys of DB_OPTIONS, RETRY_LIMIT inside retry_policy or MAX_ITEMS inside class Limits is wrong, as is missing the annotated HTTP_PORT. The reply must be the single line "17 constants in 5 categories". Fail wrong counts; deduct for extra text.',
  },
  async ({ run, workspace, expect }) => {
    expect(run).toHaveCalledTool('read_file', {
      file_path: expect.stringMatching(/settings\.py$/),
    });
    expect(workspace).toHaveFile('analysis.json', AnalysisSchema);
    expect(run).toFollowFormat(/^17 constants in 5 categories\.?$/);
    expect(run).toUseAtMostTurns(6);
    expect(run).toCostAtMost(0.25);
    await expect(run).toJudgeAtLeast('B', { include: ['files'], workspace });
  },
);
