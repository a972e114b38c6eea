// The case report of an incident carries the attack-story graph as drawn in the app (a PNG data: URL).
import { afterEach, describe, expect, it } from 'vitest';
import type { AppSession } from './harness';
import { openApp } from './harness';
import { GraphModel } from './pages';
import { Respond } from './respond-pages';

let app: AppSession | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('report graph image', () => {
  it('an HTML report exported after viewing the attack story includes the graph as a PNG', async () => {
    app = await openApp();
    const r = new Respond(app);
    await r.loadDemo();
    const [biggest] = await r.incidentIds();
    await r.openIncident(biggest ?? '', 'story');
    await new GraphModel(app.page).waitForNodes();
    const report = await r.exportReport('html', 'incident');
    expect(report.text).toMatch(/<img[^>]+src="data:image\/png;base64,[A-Za-z0-9+/]{1000,}/);
    expect(report.text).not.toMatch(/<script/i);
    expect(app.offLoopback()).toEqual([]);
  });
});
