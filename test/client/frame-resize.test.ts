import { expect } from 'chai';
import {
  createFrameResizer,
  frameResizeMessage,
  frameTargetOrigin,
  type FrameResizeMessage,
} from '../../client/src/frame/resize.js';

describe('client LTI frame resize', () => {
  it('builds the lti.frameResize message with a whole-pixel height', () => {
    expect(frameResizeMessage(812.3, 'id-1')).to.deep.equal({
      subject: 'lti.frameResize',
      message_id: 'id-1',
      height: 813,
    });
  });

  it('posts only when the height changes by the threshold, never below the minimum', () => {
    const posted: FrameResizeMessage[] = [];
    const resizer = createFrameResizer((m) => posted.push(m), { threshold: 4, minHeight: 500 });
    resizer.update(300);
    resizer.update(502);
    resizer.update(900);
    resizer.update(902);
    resizer.update(1200);
    expect(posted.map((m) => m.height)).to.deep.equal([500, 900, 1200]);
    expect(new Set(posted.map((m) => m.message_id)).size).to.equal(3);
  });

  it('targets the LMS origin from ancestorOrigins, else the launch fragment, else *', () => {
    expect(frameTargetOrigin(['https://canvas.example.edu'], '#token=x')).to.equal('https://canvas.example.edu');
    expect(frameTargetOrigin([], '#token=x&origin=https%3A%2F%2Fmoodle.example.edu%2Fcourse')).to.equal(
      'https://moodle.example.edu',
    );
    expect(frameTargetOrigin(undefined, '#origin=not a url')).to.equal('*');
    expect(frameTargetOrigin(['null'], '#token=x')).to.equal('*');
  });
});
