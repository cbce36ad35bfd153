import { expect } from 'chai';
import { launchAs } from '../support/lti.js';
import { useToolWithDevLms } from '../support/room-browser.js';

/**
 * The instructor's grade-sync panel in the LMS iframe: publish participation, see the score the dev LMS
 * refused (fault injection) with the reason, retry it, and see it reach the gradebook.
 */
describe('instructor grade-sync panel (Chromium, dev LMS)', function () {
  this.timeout(120_000);
  const tool = useToolWithDevLms({ AGS_RETRY_BASE_MS: '20' });

  it('shows a refused score with its reason, retries it and shows it in the gradebook', async () => {
    const { server, browser, lmsUrl } = tool;
    for (const student of ['chloe.lee', 'daniel.choi']) await launchAs(server, student);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${lmsUrl}/`);
    await page.getByTestId('launch-ada.kim').click();
    const ui = page.frameLocator('#course-frame');
    await ui.getByTestId('join').click({ timeout: 20_000 });
    const panel = ui.getByRole('region', { name: 'Grade sync' });
    await panel.getByText('No grades sent to the LMS yet.').waitFor();

    const fault = await fetch(`${lmsUrl}/test/score-faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 1, status: 400 }),
    });
    expect(fault.status).to.equal(200);
    await panel.getByRole('button', { name: 'Publish participation grades' }).click();
    await panel
      .getByRole('status')
      .getByText(/Participation grades queued for \d+ student/)
      .waitFor();

    const failed = panel.locator('li[data-state="dead"]');
    await failed.getByText('The LMS refused this score (HTTP 400).').waitFor();
    expect(await failed.count()).to.equal(1);
    await failed.getByText('Failed', { exact: true }).waitFor();
    const student = (await failed.locator('strong').textContent())!;
    await panel.getByTestId('grade-sync-summary').getByText('1 failed', { exact: false }).waitFor();

    await failed.getByRole('button', { name: `Retry ${student}'s score for` }).click();
    await panel.getByRole('status').getByText('1 score(s) sent back to the queue.').waitFor();
    const row = panel.locator('li').filter({ has: page.locator('strong', { hasText: student }) });
    await row.getByText('In the gradebook').waitFor();
    await panel.locator('li[data-state="dead"]').waitFor({ state: 'detached' });
    expect(await panel.locator('li[data-state="synced"]').count()).to.equal(await panel.locator('li').count());

    const platform = server.launch.devPlatform!.state;
    const column = [...platform.lineItems.values()].find((li) => li.resourceId === 'participation')!;
    const login = platform.course.users.find((u) => u.name === student)!.id;
    const gradebook = await (await fetch(`${lmsUrl}/gradebook`)).text();
    expect(gradebook).to.match(new RegExp(`data-testid="score-${column.id}-${login}">[\\d.]+ <small>FullyGraded`));
    await context.close();
  });
});
