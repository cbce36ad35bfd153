import { expect } from 'chai';
import { resultsUrl, scoresUrl } from '../../../grading/index.js';

describe('AGS URLs', () => {
  it('appends /scores and /results to a plain line-item URL', () => {
    expect(scoresUrl('https://canvas.example.edu/api/lti/courses/1/line_items/7')).to.equal(
      'https://canvas.example.edu/api/lti/courses/1/line_items/7/scores',
    );
    expect(resultsUrl('https://canvas.example.edu/api/lti/courses/1/line_items/7/')).to.equal(
      'https://canvas.example.edu/api/lti/courses/1/line_items/7/results',
    );
  });
  it('inserts /scores into the path when the line item carries a query string (Moodle)', () => {
    expect(scoresUrl('https://moodle.example.edu/mod/lti/services.php/2/lineitems/5/lineitem?type_id=1')).to.equal(
      'https://moodle.example.edu/mod/lti/services.php/2/lineitems/5/lineitem/scores?type_id=1',
    );
  });
});
