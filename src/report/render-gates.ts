import type { Report } from '../records/report.js';

function cellText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const fixed = (value: number | null | undefined) => (value == null ? '—' : value.toFixed(2));

/** The k a repeat row shows pass@k and pass^k for: the case's minPass when it sets one below n, else n. */
export function shownK(runs: number, minPass: number): number {
  return Math.max(1, Math.min(runs, minPass));
}

/** Lines about the bars that failed (runs and suite); empty when every bar held. */
export function failedBarLines(report: Report): string[] {
  const lines: string[] = [];
  for (const record of report.records) {
    for (const check of record.bars ?? []) {
      if (!check.ok) {
        const which = record.repeat ? ` #${record.repeat.index}` : '';
        lines.push(`${record.case} › ${record.model}${which}: ${check.message}`);
      }
    }
  }
  for (const summary of report.repeats ?? []) {
    if (!summary.minPassMet) {
      lines.push(
        `${summary.case} › ${summary.model}: bar minPass ${summary.minPass} of ${summary.runs} failed: ${summary.passes} passed`,
      );
    }
  }
  for (const check of report.suiteBars ?? []) if (!check.ok) lines.push(`suite: ${check.message}`);
  return lines;
}

/** The repeat statistics as plain lines for the terminal. */
export function repeatLines(report: Report): string[] {
  return (report.repeats ?? []).map((s) => {
    const k = shownK(s.runs, s.minPass);
    return `${s.case} › ${s.model}: ${s.passes}/${s.runs} passed · pass@${k} ${fixed(s.passAt[k - 1])} · pass^${k} ${fixed(s.passHat[k - 1])} · median ${s.medianGrade ?? '—'} (spread ${s.spread ?? '—'}) · minPass ${s.minPass} ${s.minPassMet ? 'met' : 'FAILED'}`;
  });
}

/** The gate section of the terminal output: bars that failed, repeats, baseline. */
export function renderGatesText(report: Report): string {
  const lines: string[] = [];
  const failed = failedBarLines(report);
  const checked =
    report.records.some((r) => (r.bars ?? []).length > 0) || (report.suiteBars ?? []).length > 0;
  if (failed.length > 0) lines.push('Bars failed:', ...failed.map((line) => `  ✗ ${line}`));
  else if (checked) lines.push('Bars: every bar held.');
  const repeats = repeatLines(report);
  if (repeats.length > 0) lines.push('Repeats:', ...repeats.map((line) => `  ${line}`));
  if (report.baseline) {
    lines.push(
      report.baseline.error
        ? `Baseline ${report.baseline.path}: ${report.baseline.error}`
        : `Compared with the baseline ${report.baseline.path}: ${report.baseline.headline}`,
    );
  }
  return lines.join('\n');
}

/** The gate section of report.md: bars (which failed), repeat statistics, the baseline comparison. */
export function renderGatesMarkdown(report: Report): string[] {
  const lines: string[] = [];
  const failed = failedBarLines(report);
  const suite = report.suiteBars ?? [];
  const runChecks = report.records.flatMap((r) => r.bars ?? []);
  if (failed.length > 0 || suite.length > 0 || runChecks.length > 0) {
    lines.push('### Bars', '');
    if (failed.length === 0)
      lines.push(
        `Every bar held (${runChecks.length} run bar check(s), ${suite.length} suite bar(s)).`,
        '',
      );
    else lines.push('> [!WARNING]', ...failed.map((line) => `> ✗ ${cellText(line)}  `), '');
    if (suite.length > 0) {
      lines.push('| Suite bar | Limit | Actual | |', '| --- | --- | --- | --- |');
      for (const check of suite)
        lines.push(
          `| ${check.bar} | ${cellText(check.limit)} | ${cellText(check.actual)} | ${check.ok ? '✓' : '✗'} |`,
        );
      lines.push('');
    }
  }
  const repeats = report.repeats ?? [];
  if (repeats.length > 0) {
    lines.push(
      '### Repeats',
      '',
      '| Case › model | Passed | pass@k | pass^k | Median grade | Spread | minPass |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const s of repeats) {
      const k = shownK(s.runs, s.minPass);
      lines.push(
        `| ${cellText(`${s.case} › ${s.model}`)} | ${s.passes}/${s.runs} | pass@${k} ${fixed(s.passAt[k - 1])} | pass^${k} ${fixed(s.passHat[k - 1])} | ${s.medianGrade ?? '—'} | ${s.spread ?? '—'} | ${s.minPass} ${s.minPassMet ? '✓' : '✗'} |`,
      );
    }
    lines.push(
      '',
      "<sub>pass@k = 1 − C(n−c, k)/C(n, k): at least one of k runs passes (Chen et al. 2021); pass^k = C(c, k)/C(n, k): all k pass (τ-bench, Yao et al. 2024); n runs, c passed; k is the case's minPass.</sub>",
      '',
    );
  }
  if (report.baseline) {
    lines.push(`### Baseline`, '');
    lines.push(
      report.baseline.error
        ? `Could not compare with the baseline \`${cellText(report.baseline.path)}\`: ${cellText(report.baseline.error)}`
        : `Compared with the baseline \`${cellText(report.baseline.path)}\`: **${cellText(report.baseline.headline)}**. \`nanograde compare\` shows every change.`,
      '',
      ...report.baseline.regressed.map((line) => `- ✗ ${cellText(line)}`),
      ...(report.baseline.regressed.length > 0 ? [''] : []),
    );
  }
  return lines;
}
