/**
 * report.html in real headless Chromium (CHROME_PATH, else one on PATH such as Debian's
 * chromium, else playwright-core's download; see find-chromium.ts): the tables, sorting by a
 * header click, run details that expand, why runs failed in sight, the chart with labels that do
 * not overlap, a hostile model answer that stays text, and not one network request — only the
 * file itself loads.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/build-report.js';
import { REPORT_CSS } from '../../src/report/html-assets.js';
import { renderCostGradeChart } from '../../src/report/html-chart.js';
import { writeReports } from '../../src/report/write-reports.js';
import { chromiumForTests } from './find-chromium.js';
import { entry } from './report-entries.js';
import { scenarioEntries } from './report-scenario.js';

const CHROMIUM = chromiumForTests();

// A model answer that would load an image, run script and retitle the page if it were not escaped.
const HOSTILE_ANSWER =
  '<img src="http://127.0.0.1:9/pixel.png" onerror="document.title=\'pwned\'"><script>window.pwned = 1</script></pre>done';

function hostileScenario() {
  const entries = scenarioEntries();
  const nano = entries.find(
    (e) => e.record.case === 'roster' && e.record.model === 'openai:gpt-5-nano',
  );
  if (!nano?.record.run) throw new Error('the scenario lost its gpt-5-nano run');
  nano.record.run.output = HOSTILE_ANSWER;
  // A replayed run: its status reads "passed (replayed)".
  const gpt5 = entries.find((e) => e.record.case === 'roster' && e.record.model === 'openai:gpt-5');
  if (!gpt5) throw new Error('the scenario lost its gpt-5 run');
  gpt5.record.fixture = {
    mode: 'replayed',
    path: 'cassettes/roster/gpt-5.json',
    recordedAt: 'then',
  };
  nano.record.run.toolCalls = [
    { name: 'read_file', args: { file_path: 'team.json' }, ok: true, durationMs: 3, turn: 1 },
    {
      name: 'write_file',
      args: { file_path: '../escape.txt', content: 'x' },
      ok: false,
      error: 'path escapes the workspace',
      durationMs: 1,
      turn: 1,
    },
  ];
  return entries;
}

/** The Chromium found for the tests, headless, offline (see REFERENCE.md), with its own profile. */
function launchChromium(profile: string): Promise<BrowserContext> {
  if (!CHROMIUM.found) throw new Error(CHROMIUM.reason);
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM.path,
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

describe.skipIf(!CHROMIUM.found)(
  CHROMIUM.found
    ? `report.html in headless Chromium (${CHROMIUM.from}: ${CHROMIUM.path})`
    : `report.html in headless Chromium — skipped: ${CHROMIUM.reason}`,
  () => {
    let work: string;
    let context: BrowserContext;
    let page: Page;
    let reportUrl: string;
    const requested: string[] = [];
    const problems: string[] = [];

    beforeAll(async () => {
      if (!CHROMIUM.found) return;
      work = await mkdtemp(join(tmpdir(), 'nanograde-html-'));
      const report = buildReport(hostileScenario(), { generatedAt: '2026-11-23T12:00:00.000Z' });
      const paths = await writeReports(report, join(work, 'out'));
      reportUrl = pathToFileURL(paths.html).href;
      context = await launchChromium(join(work, 'profile'));
      // Every request the page makes passes here; anything but the report file itself is refused.
      await context.route('**', (route) => {
        const url = route.request().url();
        requested.push(url);
        return url === reportUrl ? route.continue() : route.abort();
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning')
          problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(reportUrl);
    }, 60_000);

    afterAll(async () => {
      await context?.close();
      if (work) await rm(work, { recursive: true, force: true });
    });

    const caseTable = (n: number) => page.locator(`#case-${n} table.runs`);
    const rowModels = (n: number) =>
      caseTable(n)
        .locator('tbody tr')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-model')));

    it('shows the ranking, each case’s rows, the best models and the broken case', async () => {
      const ranking = await page.locator('#ranking tbody tr').evaluateAll((rows) =>
        rows.map((row) =>
          Array.from(row.querySelectorAll('td'))
            .slice(0, 4)
            .map((td) => td.textContent),
        ),
      );
      // 'summary' is broken and left out: only roster ranks (one job each, cost decides).
      expect(ranking).toEqual([
        ['1st', 'gpt-oss:20b', 'A', '1/1'],
        ['2nd', 'gpt-5-mini', 'A', '1/1'],
        ['3rd', 'gpt-5', 'A', '1/1'],
        // It did no job: listed, never ranked ("4th … F").
        ['—', 'gpt-5-nano', 'F', '0/1'],
      ]);
      expect(await page.locator('#left-out').textContent()).toBe(
        '1 case left out of the ranking: broken (summary)',
      );
      expect(await rowModels(1)).toEqual([
        'openai:gpt-5',
        'openai:gpt-5-mini',
        'openai:gpt-5-nano',
        'anthropic:claude-haiku-4-5',
        'ollama:gpt-oss:20b',
        'builtin:reference',
      ]);
      await expect.poll(() => page.locator('#best tbody tr').count()).toBe(2);
      expect(await page.locator('#best tbody tr').first().textContent()).toContain(
        'gpt-oss:20b $0',
      );
      expect(await page.locator('.alert').first().textContent()).toBe(
        'Broken case “summary”: the checks pass on an empty answer',
      );
      expect(await page.locator('#skipped li').textContent()).toBe(
        'claude-haiku-4-5 (2 cases): ANTHROPIC_API_KEY is not set',
      );
    });

    it('says each skip reason once: the cases name the skipped models and link to it', async () => {
      const body = (await page.locator('body').innerText()).split('ANTHROPIC_API_KEY is not set');
      expect(body).toHaveLength(2);
      for (const n of [1, 2]) {
        expect(await page.locator(`#case-${n} p.skipped`).innerText()).toBe(
          'Skipped: claude-haiku-4-5 (why)',
        );
        expect(await page.locator(`#case-${n} p.skipped a`).getAttribute('href')).toBe('#skipped');
      }
    });

    it('shows why each run failed without opening anything', async () => {
      const failures = (n: number) =>
        page
          .locator(`#case-${n} ul.failures li`)
          .evaluateAll((items) =>
            items.map((li) => [li.getAttribute('data-model'), (li as HTMLElement).innerText]),
          );
      expect(await failures(1)).toEqual([
        ['openai:gpt-5-nano', 'gpt-5-nano: expected "Done: 2 files" to match /^Done: 3 files$/'],
      ]);
      expect(await failures(2)).toEqual([
        ['openai:gpt-5-mini', 'gpt-5-mini: expected the judge to grade the run at least B, got C'],
        ['openai:gpt-5-nano', 'gpt-5-nano: timeout: the run took longer than 1000 ms'],
        ['builtin:null', 'null: the case is broken: the checks pass on an empty answer'],
      ]);
      // In sight: not inside a closed <details>.
      for (const item of await page.locator('ul.failures li').all()) {
        expect(await item.isVisible()).toBe(true);
      }
    });

    it('gives a failed run no speed or cost grade, so nothing green beside it', async () => {
      const cells = await page.locator('table.runs tbody tr').evaluateAll((rows) =>
        rows
          .filter((row) => row.querySelector('td.status-bad'))
          .map((row) => {
            const td = Array.from((row as HTMLTableRowElement).cells);
            return [row.getAttribute('data-model'), td[2]?.textContent, td[3]?.textContent];
          }),
      );
      expect(cells).toEqual([
        ['openai:gpt-5-nano', '—', '—'],
        ['openai:gpt-5-mini', '—', '—'],
        ['openai:gpt-5-nano', '—', '—'],
        ['builtin:null', 'n/a', 'n/a'],
      ]);
      const good = await page.evaluate(() =>
        getComputedStyle(document.documentElement).getPropertyValue('--good').trim(),
      );
      expect(good).not.toBe('');
    });

    it('keeps the status whole on one line: "passed (replayed)"', async () => {
      const status = caseTable(1).locator('tbody tr[data-model="openai:gpt-5"] td.status');
      expect(await status.innerText()).toBe('passed (replayed)');
      const fits = await status.evaluate((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return { lines: range.getClientRects().length, cut: td.scrollWidth > td.clientWidth };
      });
      expect(fits).toEqual({ lines: 1, cut: false });
    });

    it('sorts a table by the clicked header, ascending then descending, blanks last', async () => {
      const time = caseTable(1).locator('thead th', { hasText: 'Time' });
      await time.locator('button').click();
      expect(await time.getAttribute('aria-sort')).toBe('ascending');
      expect(await rowModels(1)).toEqual([
        'builtin:reference', // 5 ms
        'openai:gpt-5-nano', // 6 s
        'openai:gpt-5', // 10 s
        'openai:gpt-5-mini', // 12 s
        'ollama:gpt-oss:20b', // 40 s
        'anthropic:claude-haiku-4-5', // skipped: no time, last
      ]);
      await time.locator('button').click();
      expect(await time.getAttribute('aria-sort')).toBe('descending');
      expect(await rowModels(1)).toEqual([
        'ollama:gpt-oss:20b',
        'openai:gpt-5-mini',
        'openai:gpt-5',
        'openai:gpt-5-nano',
        'builtin:reference',
        'anthropic:claude-haiku-4-5',
      ]);
      // Grades sort best first; the ranking sorts by cost.
      await caseTable(2).locator('thead th', { hasText: 'Perf' }).locator('button').click();
      expect((await rowModels(2)).slice(0, 3)).toEqual([
        'openai:gpt-5',
        'builtin:null',
        'ollama:gpt-oss:20b',
      ]);
      await page.locator('#ranking thead th', { hasText: 'Agent cost' }).locator('button').click();
      const byCost = await page
        .locator('#ranking tbody tr')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-model')));
      expect(byCost).toEqual([
        'ollama:gpt-oss:20b',
        'openai:gpt-5-nano',
        'openai:gpt-5-mini',
        'openai:gpt-5',
      ]);
    });

    it('expands a run’s details: answer, tool calls, judge reasons, transcript', async () => {
      const mini = page.locator('#case-2 details.run[data-model="openai:gpt-5-mini"]');
      expect(await mini.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
      await mini.locator('summary').first().click();
      expect(await mini.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
      await expect.poll(() => mini.locator('table.judgements').isVisible()).toBe(true);
      expect(await mini.locator('table.judgements tbody').textContent()).toContain(
        'misses two of the five services',
      );
      expect(await mini.locator('pre.answer').textContent()).toBe('Done.');
      const transcript = mini.locator('details.transcript');
      await transcript.locator('summary').click();
      expect(await transcript.locator('.msg').count()).toBe(3);
      expect(await transcript.locator('.msg.assistant pre').textContent()).toBe('Done.');
    });

    it('opens the details a table row links to', async () => {
      const link = caseTable(1).locator('tbody tr[data-model="openai:gpt-5-nano"] a');
      const target = (await link.getAttribute('href'))?.slice(1) ?? '';
      await link.click();
      const details = page.locator(`details#${target}`);
      await expect.poll(() => details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
      const calls = await details
        .locator('table.tool-calls tbody tr')
        .evaluateAll((rows) =>
          rows.map((row) =>
            Array.from((row as HTMLTableRowElement).cells).map((cell) => cell.textContent),
          ),
        );
      expect(calls).toEqual([
        ['1', '1', 'read_file', '{"file_path":"team.json"}', 'ok', '3ms'],
        [
          '2',
          '1',
          'write_file',
          '{"file_path":"../escape.txt","content":"x"}',
          '✗ path escapes the workspace',
          '1ms',
        ],
      ]);
    });

    it('keeps a hostile answer as text: no element, no script, no request', async () => {
      const answer = page.locator('#case-1 details.run[data-model="openai:gpt-5-nano"] pre.answer');
      expect(await answer.textContent()).toBe(HOSTILE_ANSWER);
      expect(await page.locator('img').count()).toBe(0);
      expect(
        await page.evaluate(() => (window as unknown as { pwned?: number }).pwned),
      ).toBeUndefined();
      expect(await page.title()).toBe('nanograde report');
    });

    it('charts cost against grade for each real model that ran', async () => {
      const points = await page
        .locator('#chart svg g.point')
        .evaluateAll((groups) => groups.map((g) => g.getAttribute('data-model')));
      expect(points.sort()).toEqual([
        'ollama:gpt-oss:20b',
        'openai:gpt-5',
        'openai:gpt-5-mini',
        'openai:gpt-5-nano',
      ]);
      // The best grade sits highest: gpt-5 (A) above gpt-5-nano (F).
      const y = (model: string) =>
        page
          .locator(`#chart g.point[data-model="${model}"] circle`)
          .evaluate((c) => Number(c.getAttribute('cy')));
      expect(await y('openai:gpt-5')).toBeLessThan(await y('openai:gpt-5-nano'));
    });

    it('places chart labels where none overlaps another label or point, even for a crowd', async () => {
      // Seven models with the same grade at nearly the same cost: one spot on the chart.
      const crowd = buildReport(
        [
          'openai:gpt-5',
          'openai:gpt-5-mini',
          'openai:gpt-6.2-sol',
          'anthropic:claude-haiku-4-5',
          'anthropic:claude-opus-4-5',
          'anthropic:claude-sonnet-5-5',
          'openai-compatible:qwen3-coder-480b-a35b-instruct',
        ].map((model, i) => entry({ model, durationMs: 1000, costUsd: 0.01 + i * 0.0001 })),
      );
      const crowdPage = await context.newPage();
      await crowdPage.setContent(
        `<!doctype html><style>${REPORT_CSS}</style><figure id="chart">${renderCostGradeChart(crowd.models)}</figure>`,
      );
      const boxes = await crowdPage.locator('#chart g.point').evaluateAll((groups) =>
        groups.map((g) => {
          const text = (g.querySelector('text') as SVGTextElement).getBBox();
          const dot = (g.querySelector('circle') as SVGCircleElement).getBBox();
          return {
            model: g.getAttribute('data-model'),
            text: { x: text.x, y: text.y, w: text.width, h: text.height },
            dot: { x: dot.x, y: dot.y, w: dot.width, h: dot.height },
          };
        }),
      );
      await crowdPage.close();
      expect(boxes).toHaveLength(7);
      type Box = { x: number; y: number; w: number; h: number };
      const overlap = (a: Box, b: Box) =>
        a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
      for (const [i, a] of boxes.entries()) {
        // Inside the chart (720 × 340).
        expect(a.text.x, a.model ?? '').toBeGreaterThanOrEqual(0);
        expect(a.text.x + a.text.w, a.model ?? '').toBeLessThanOrEqual(720);
        expect(a.text.y, a.model ?? '').toBeGreaterThanOrEqual(0);
        for (const [j, b] of boxes.entries()) {
          if (i === j) continue;
          expect(overlap(a.text, b.text), `${a.model} over ${b.model}`).toBe(false);
          expect(overlap(a.text, b.dot), `${a.model} over the point of ${b.model}`).toBe(false);
        }
      }
    });

    it('loads nothing but the file, and the page’s policy let its own script and style run', async () => {
      expect([...new Set(requested)]).toEqual([reportUrl]);
      expect(problems).toEqual([]);
      // The policy is in force: a script the page did not ship is refused.
      await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.injected = 1';
        document.body.append(script);
      });
      expect(
        await page.evaluate(() => (window as unknown as { injected?: number }).injected),
      ).toBeUndefined();
      await expect.poll(() => problems.join('\n')).toMatch(/Content Security Policy/);
      const shot = join(work, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect((await stat(shot)).size).toBeGreaterThan(10_000);
    });
  },
);

// A big report keeps its run details out of the page, in report-details/ next to it, and the
// page loads them — from disk, with no server — when a run is opened. Forced here on the small
// scenario (inlineDetailsLimit 0).
describe.skipIf(!CHROMIUM.found)(
  'a big report.html in headless Chromium: run details load when a run is opened',
  () => {
    let work: string;
    let out: string;
    let context: BrowserContext;
    let page: Page;
    let reportUrl: string;
    const requested: string[] = [];
    const problems: string[] = [];

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'nanograde-html-big-'));
      out = join(work, 'out');
      const report = buildReport(hostileScenario(), { generatedAt: '2026-11-23T12:00:00.000Z' });
      const paths = await writeReports(report, out, { inlineDetailsLimit: 0 });
      reportUrl = pathToFileURL(paths.html).href;
      context = await launchChromium(join(work, 'profile'));
      // The page itself and its own details files may load; anything else is refused.
      const own = pathToFileURL(join(out, 'report-details')).href;
      await context.route('**', (route) => {
        const url = route.request().url();
        requested.push(url);
        return url === reportUrl || url.startsWith(`${own}/`) ? route.continue() : route.abort();
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning')
          problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(reportUrl);
    }, 60_000);

    afterAll(async () => {
      await context?.close();
      if (work) await rm(work, { recursive: true, force: true });
    });

    it('keeps the details out of the page until a run is opened', async () => {
      expect(await readdir(join(out, 'report-details'))).toEqual(['runs-0.js']);
      expect(await readFile(join(out, 'report.html'), 'utf8')).not.toContain(
        'misses two of the five',
      );
      expect(await page.locator('#ranking tbody tr').count()).toBe(4);
      expect(await page.locator('pre.answer').count()).toBe(0);
      expect([...new Set(requested)]).toEqual([reportUrl]);
    });

    it('loads a run’s details from report-details/ when it is opened', async () => {
      const mini = page.locator('#case-2 details.run[data-model="openai:gpt-5-mini"]');
      await mini.locator('summary').first().click();
      await expect.poll(() => mini.locator('pre.answer').count()).toBe(1);
      expect(await mini.locator('pre.answer').textContent()).toBe('Done.');
      expect(await mini.locator('table.judgements tbody').textContent()).toContain(
        'misses two of the five services',
      );
      const transcript = mini.locator('details.transcript');
      await transcript.locator('summary').click();
      expect(await transcript.locator('.msg').count()).toBe(3);
      expect([...new Set(requested)]).toEqual([
        reportUrl,
        pathToFileURL(join(out, 'report-details', 'runs-0.js')).href,
      ]);
    });

    it('opens linked details too, keeps a hostile answer as text, and runs nothing else', async () => {
      const link = page.locator('#case-1 table.runs tbody tr[data-model="openai:gpt-5-nano"] a');
      await link.click();
      const answer = page.locator('#case-1 details.run[data-model="openai:gpt-5-nano"] pre.answer');
      await expect.poll(() => answer.count()).toBe(1);
      expect(await answer.textContent()).toBe(HOSTILE_ANSWER);
      expect(await page.locator('img').count()).toBe(0);
      expect(
        await page.evaluate(() => (window as unknown as { pwned?: number }).pwned),
      ).toBeUndefined();
      expect(problems).toEqual([]);
    });

    it('says what to do when the details folder did not travel with the page', async () => {
      await rm(join(out, 'report-details'), { recursive: true, force: true });
      await page.reload();
      const run = page.locator('#case-1 details.run[data-model="openai:gpt-5"]');
      await run.locator('summary').first().click();
      await expect
        .poll(() => run.locator('.body').textContent())
        .toBe(
          'This run’s details are in report-details/runs-0.js, which is missing: keep the report-details folder next to report.html.',
        );
    });
  },
);
