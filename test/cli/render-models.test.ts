/**
 * `nanograde models` as text: within 100 columns, with everything the JSON says (each model, its
 * lifecycle, why it cannot run here, where its price was read).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listModels } from '../../src/cli/models-command.js';
import { MODELS_WIDTH, renderModels } from '../../src/cli/render-models.js';
import { displayWidth } from '../../src/report/text-width.js';

describe('nanograde models as text', () => {
  beforeEach(() => {
    // No keys and no Ollama: every availability check answers at once, without a request.
    vi.stubEnv('OPENAI_API_KEY', '');
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    vi.stubEnv('OLLAMA_HOST', 'http://127.0.0.1:9');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('fits 100 columns and leaves nothing of the listing out', async () => {
    const listings = await listModels();
    const text = renderModels(listings);
    const lines = text.split('\n');
    const widest = Math.max(...lines.map(displayWidth));
    expect(widest).toBeLessThanOrEqual(MODELS_WIDTH);
    expect(MODELS_WIDTH).toBe(100);
    for (const listing of listings) {
      // The id (under its provider's heading, without the prefix), its name and price.
      const bare = listing.id.slice(listing.id.indexOf(':') + 1);
      if (listing.provider !== 'builtin') {
        const row = lines.find((line) => line.trimStart().startsWith(`${bare} `));
        expect(row, listing.id).toContain(listing.label);
        expect(row, listing.id).toContain(listing.price);
      } else {
        expect(text).toContain(listing.label);
      }
      if (listing.status !== 'active') {
        expect(text.replace(/\n +/g, ' '), listing.id).toContain(
          `${listing.id}: ${listing.status}`,
        );
      }
      if (listing.priceSource) {
        expect(text.replace(/\n +/g, ' '), listing.id).toContain(
          `${listing.id}: ${listing.priceSource}`,
        );
      }
    }
    // One line per reason, naming every model it stops.
    expect(text).toMatch(/Why not here:\n/);
    expect(text.replace(/\n +/g, ' ')).toMatch(
      /ollama:gpt-oss:20b, ollama:gpt-oss:120b: Ollama is not reachable/,
    );
    // A provider heading before its models.
    expect(lines.indexOf('Anthropic')).toBeGreaterThan(0);
  });
});
