import { expect } from 'chai';
import { Course, Seminar } from '../../tool/store/index.js';
import { joinFromDevLms, useToolWithDevLms } from '../support/room-browser.js';

/** The instructor's "Participation score" card in the LMS iframe: save custom settings, refuse bad ones, reset. */
describe('instructor participation weights card (Chromium, dev LMS)', function () {
  this.timeout(120_000);
  const tool = useToolWithDevLms();

  it('saves weights and a full-marks target, names a bad input and resets to the defaults', async () => {
    const { server, browser, lmsUrl } = tool;
    const { context, ui } = await joinFromDevLms(browser, { tool: server.url, lms: lmsUrl }, 'ada.kim', 'Ada Kim');
    const card = ui.getByRole('region', { name: 'Participation score' });
    await card.getByText('This seminar uses the default settings.').waitFor();
    const save = card.getByRole('button', { name: 'Save settings' });

    await card.getByLabel('Chat messages', { exact: true }).fill('3');
    await card.getByLabel('Speaking time: seconds for full marks').fill('300');
    await save.click();
    await card.getByRole('status').getByText('Settings saved.').waitFor();
    await card.getByText('This seminar uses its own settings.').waitFor();
    // Other tests launch their own dev LMS into `seminar-1` too: find this one's through its issuer.
    const course = await Course.findOne({ issuer: lmsUrl }).lean();
    const saved = await Seminar.findOne({ course: course!._id, resourceLinkId: 'seminar-1' }).lean();
    const stored = saved!.settings!.participation as { weights: { chat: number }; targets: { talkSeconds: number } };
    expect([stored.weights.chat, stored.targets.talkSeconds]).to.deep.equal([3, 300]);

    await card.getByLabel('Speaking time', { exact: true }).fill('-1');
    await card.getByRole('alert').getByText('Speaking time: a weight cannot be negative.').waitFor();
    expect(await save.isDisabled()).to.equal(true);
    await card.getByLabel('Speaking time', { exact: true }).fill('0.3');
    await card.getByLabel('Hand raises: raises for full marks').fill('0');
    await card
      .getByRole('alert')
      .getByText('Hand raises: the count for full marks must be a number above 0.')
      .waitFor();
    expect(await save.isDisabled()).to.equal(true);

    await card.getByRole('button', { name: 'Reset to defaults' }).click();
    await card.getByRole('status').getByText('Default settings restored.').waitFor();
    expect(await card.getByLabel('Speaking time', { exact: true }).inputValue()).to.equal('0.3');
    expect(await card.getByLabel('Speaking time: seconds for full marks').inputValue()).to.equal('120');
    expect((await Seminar.findById(saved!._id).lean())!.settings!.participation).to.equal(undefined);
    await context.close();
  });
});
