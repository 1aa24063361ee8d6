import { agentTest } from 'nanograde';
import { z } from 'zod';

/** A list that must be exactly `names`, in this order; the message shows the list wanted. */
const exactly = (names: string[]) =>
  z.array(z.string()).refine((list) => JSON.stringify(list) === JSON.stringify(names), {
    message: `expected exactly ${JSON.stringify(names)}`,
  });

const FILES_AFTER = 'runbook.md\nservices.yaml\nsignature.txt\nsummary.json';

// services.yaml lists 7 services (an eighth, fax-gateway, is commented out): 5 enabled, 2 disabled.
// Tomasz owns only a disabled service, so he is not among the owners of enabled services.
const SUMMARY = {
  enabled: ['checkout', 'inventory', 'payments', 'recommendations', 'search'],
  disabled: ['email-digest', 'legacy-reports'],
  owners: ['Aiko', 'Ingrid', 'Mateo', 'Priya'],
};
const SIGNATURE = 'Summarised by nano-agent: 5 of 7 services enabled';

const SummarySchema = z
  .object({
    enabled: exactly(SUMMARY.enabled),
    disabled: exactly(SUMMARY.disabled),
    owners: exactly(SUMMARY.owners),
  })
  .strict();

agentTest(
  'service summary',
  {
    prompt: [
      'The workspace holds the service registry of a shop backend. Do these steps in order:',
      '1. Read `services.yaml`.',
      '2. Write `summary.json`: one JSON object with exactly these keys:',
      '   - "enabled": the names of the services whose `enabled` is true, sorted alphabetically;',
      '   - "disabled": the names of the services whose `enabled` is false, sorted alphabetically;',
      '   - "owners": the distinct owners of the enabled services, sorted alphabetically.',
      '   Lines that are commented out (starting with #) are not services.',
      '3. Write `signature.txt` with exactly one line: `Summarised by nano-agent: <E> of <T> services enabled`,',
      '   where <E> is the number of enabled services and <T> the number of all services.',
      '4. List the workspace folder to check that both files are there.',
      '',
      'Then reply with the names of all files now in the workspace, one per line, sorted',
      'alphabetically, and nothing else.',
    ].join('\n'),
    workspace: 'fixtures/workspaces/service-registry',
    limits: { maxTurns: 10, timeoutMs: 240_000 },
    expected: [
      `summary.json: ${JSON.stringify(SUMMARY)}`,
      `signature.txt: ${SIGNATURE}`,
      `answer:\n${FILES_AFTER}`,
    ].join('\n'),
    reference: {
      toolCalls: [
        { name: 'read_file', args: { file_path: 'services.yaml' } },
        {
          name: 'write_file',
          args: { file_path: 'summary.json', content: `${JSON.stringify(SUMMARY, null, 2)}\n` },
        },
        { name: 'write_file', args: { file_path: 'signature.txt', content: `${SIGNATURE}\n` } },
        { name: 'list_directory', args: {} },
      ],
      answer: FILES_AFTER,
    },
    rubric:
      'summary.json must hold exactly the enabled services (checkout, inventory, payments, recommendations, search), the disabled ones (email-digest, legacy-reports) and the owners of enabled services (Aiko, Ingrid, Mateo, Priya), each sorted; the commented-out fax-gateway must not appear. signature.txt must read "Summarised by nano-agent: 5 of 7 services enabled". The reply lists runbook.md, services.yaml, signature.txt, summary.json one per line. The folder must have been listed after the writes. Fail wrong or missing files; deduct for extra text in the reply.',
  },
  async ({ run, workspace, expect }) => {
    expect(workspace).toHaveFile('summary.json', SummarySchema);
    expect(workspace).toHaveFile(
      'signature.txt',
      /^Summarised by nano-agent: 5 of 7 services enabled\r?\n?$/,
    );
    // The source is read before anything is written, and the folder is listed after a write.
    expect(run).toHaveCalledToolsInOrder(['read_file', 'write_file', 'list_directory']);
    expect(run).toFollowFormat(FILES_AFTER);
    expect(run).toUseAtMostTurns(8);
    expect(run).toCostAtMost(0.25);
    await expect(run).toJudgeAtLeast('B', { include: ['toolCalls', 'files'], workspace });
  },
);
