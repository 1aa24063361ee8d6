import { defineConfig } from 'vitest/config';
import { agentsProject } from '../../../../src/public/config.js';
import { GradeReporter } from '../../../../src/public/reporter.js';

export default defineConfig({
  test: {
    reporters: ['verbose', new GradeReporter()],
    // The judge's verdicts on a real model are under test. These cases are judged and nothing
    // else, which the built-ins rightly call broken (an empty answer passes them unjudged) and
    // would then spare the model: so no built-ins here.
    projects: [
      agentsProject({ models: ['gpt-5-mini'], judge: 'openai:gpt-5-nano', builtins: false }),
    ],
  },
});
