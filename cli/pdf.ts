// PDF from the script-free report HTML through a Chromium, when one is found (Debian: /usr/bin/chromium).
// JavaScript is off and every request is refused, so the report cannot reach anything while it renders.
// playwright-core is loaded only here, when a PDF is asked for: it is not bundled into the CLI (its code reads
// __dirname, which an ES module bundle does not have) and no other command needs it.
import { existsSync } from 'node:fs';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export const findChromium = (): string | undefined => CANDIDATES.find((p): p is string => !!p && existsSync(p));

export const htmlToPdf = async (html: string): Promise<Uint8Array> => {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('PDF needs a Chromium (set CHROMIUM_PATH, or install the chromium package); use --format html instead.');
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return new Uint8Array(await page.pdf({ format: 'A4', printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } }));
  } finally {
    await browser.close();
  }
};
