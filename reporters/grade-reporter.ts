// The grade table reporter, by path, for a Vitest command line in this repository:
//   npx vitest run --project agents --reporter=default --reporter=./reporters/grade-reporter.ts
// Projects that install nanograde import it from 'nanograde/reporter'.
export { GradeReporter as default, GradeReporter } from '../src/public/reporter.js';
