import { expect } from 'chai';
import { Seminar } from '../../tool/store/index.js';
import { joinFromDevLms, useToolWithDevLms } from '../support/room-browser.js';

/** The instructor's "Participation score" card in the LMS iframe: save custom weights, refuse a bad one, reset. */
describe('instructor participation weights card (Chromium, dev LMS)', function () {
  this.timeout(120_000);
  const tool = useToolWithDevLms();

  it('saves weights, names a negative weight and resets to the defaults', async () => {
    const { server, browser, lmsUrl } = tool;
    const { context, ui } = await joinFromDevLms(browser, { tool: server.url, lms: lmsUrl }, 'ada.kim', 'Ada Kim');
    const card = ui.getByRole('region', { name: 'Participation score' });
    await card.getByText('This seminar uses the default weights.').waitFor();

    await card.getByLabel('Chat messages').fill('3');
    await card.getByRole('button', { name: 'Save weights' }).click();
    await card.getByRole('status').getByText('Weights saved.').waitFor();
    await card.getByText('This seminar uses its own weights.').waitFor();
    const saved = await Seminar.findOne({ resourceLinkId: 'seminar-1' }).lean();
    expect((saved!.settings!.participation as { weights: { chat: number } }).weights.chat).to.equal(3);

    await card.getByLabel('Speaking time').fill('-1');
    await card.getByRole('alert').getByText('Speaking time: a weight cannot be negative.').waitFor();
    expect(await card.getByRole('button', { name: 'Save weights' }).isDisabled()).to.equal(true);

    await card.getByRole('button', { name: 'Reset to defaults' }).click();
    await card.getByRole('status').getByText('Default weights restored.').waitFor();
    expect(await card.getByLabel('Speaking time').inputValue()).to.equal('0.3');
    expect((await Seminar.findById(saved!._id).lean())!.settings!.participation).to.equal(undefined);
    await context.close();
  });
});
