/**
 * `nanograde models` as text: within 100 columns, with everything the JSON says (each model, its
 * lifecycle, why it cannot run here, where its price was read).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listModels } from '../../src/cli/models-command.js';
import { MODELS_WIDTH, priceText, renderModels } from '../../src/cli/render-models.js';
import { createCatalog } from '../../src/models/catalog.js';
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
        expect(row, listing.id).toContain(priceText(listing.price));
      } else {
        expect(text).toContain(listing.label);
      }
      if (listing.status !== 'active') {
        expect(text.replace(/\n +/g, ' '), listing.id).toContain(
          `${listing.id}: ${listing.status}`,
        );
      }
      if (listing.price !== null && !('local' in listing.price)) {
        expect(text.replace(/\n +/g, ' '), listing.id).toContain(
          `${listing.id}: ${listing.price.source} (read ${listing.price.readOn})`,
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

  it('prints each price as before: dollars, local ($0), or unknown', async () => {
    // A model added without a price: its cost is unknown, its JSON price null.
    const catalog = createCatalog({ models: [{ id: 'openai:house-model' }] });
    const listings = await listModels(catalog);
    const price = (id: string) => listings.find((listing) => listing.id === id)?.price;
    expect(price('openai:house-model')).toBeNull();
    expect(priceText(price('openai:house-model') ?? null)).toBe('unknown');
    expect(priceText(price('ollama:gpt-oss:20b') ?? null)).toBe('local ($0)');
    expect(priceText(price('openai:gpt-5-mini') ?? null)).toBe('$0.25 / $0.025 / $2');
    expect(renderModels(listings)).toMatch(/^ {2}house-model +house-model +active +unknown +/m);
  });
});
