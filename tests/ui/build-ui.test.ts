import fs from 'node:fs';
import path from 'node:path';
import { buildUiForTests } from './ui-test-server';

// scripts/build-ui.mjs over the real UI sources: hashed names, relative URLs only, nothing from the network, small.
describe('the built UI', () => {
  let built: Awaited<ReturnType<typeof buildUiForTests>>;
  const read = (name: string) => fs.readFileSync(path.join(built.uiDir, name), 'utf8');

  beforeAll(async () => {
    built = await buildUiForTests();
  });
  afterAll(() => fs.rmSync(built.uiDir, { recursive: true, force: true }));

  it('is one hashed script, one hashed stylesheet and index.html', () => {
    expect(built.files.map((f) => f.replace(/-[A-Z0-9]{8}\./, '-HASH.')).sort()).toEqual(['index.html', 'main-HASH.css', 'main-HASH.js']);
  });

  it('stays under 60 kB gzipped', () => {
    expect(built.gzipBytes).toBeGreaterThan(5_000);
    expect(built.gzipBytes).toBeLessThan(60_000);
  });

  it('refers to its assets by relative URLs, filled into the placeholders', () => {
    const html = read('index.html');
    const css = built.files.find((f) => f.endsWith('.css'));
    const js = built.files.find((f) => f.endsWith('.js'));
    expect(html).toContain(`<link rel="stylesheet" href="v1/ui/${css}">`);
    expect(html).toContain(`<script type="module" src="v1/ui/${js}"></script>`);
    expect(html).not.toMatch(/<script>|<script type="module">/); // no inline script: the CSP allows none
    expect(html).not.toMatch(/<!--(CSS|JS)-->/);
    expect(html).not.toMatch(/(src|href)="\/(?!\/)/);
  });

  it('loads nothing from the network: no fonts, CDNs, images or absolute API paths', () => {
    const text = built.files.map(read).join('\n');
    expect(text).not.toMatch(/@import|@font-face|url\(\s*['"]?(https?:)?\/\//);
    expect(text).not.toMatch(/(src|href)=["']https?:/);
    expect(text).not.toMatch(/["'`]\/api\//);
    const urls = [...text.matchAll(/https?:\/\/[^\s"'`)]+/g)].map((m) => m[0]);
    // Only XML namespace names (Preact's SVG support), which are never fetched.
    expect(urls.filter((u) => !u.startsWith('http://www.w3.org/'))).toEqual([]);
  });
});
