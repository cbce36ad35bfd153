import { expect } from 'chai';
import { gradeObjective, learnerQuestion, questionSchema, type Question } from '../../grading/index.js';

const single: Question = {
  type: 'single_choice',
  question_text: 'Pick B',
  points: 5,
  options: ['A', 'B', 'C'],
  correct_option_index: 1,
};
const multiple: Question = {
  type: 'multiple_choice',
  question_text: 'Pick A and C',
  points: 4,
  options: ['A', 'B', 'C'],
  correct_option_indexes: [2, 0],
};
const trueFalse: Question = { type: 'true_false', question_text: 'Sky is blue', points: 2, correct_answer: true };

describe('grading/quiz', () => {
  it('grades single choice exactly', () => {
    expect(gradeObjective(single, { question_id: 'q', selected_option_index: 1 })).to.deep.equal({
      correct: true,
      points: 5,
    });
    expect(gradeObjective(single, { question_id: 'q', selected_option_index: 0 })).to.deep.equal({
      correct: false,
      points: 0,
    });
    expect(gradeObjective(single, undefined)).to.deep.equal({ correct: false, points: 0 });
  });

  it('grades multiple choice all-or-nothing on the exact set, in any order', () => {
    expect(gradeObjective(multiple, { question_id: 'q', selected_option_indexes: [0, 2] }).points).to.equal(4);
    expect(gradeObjective(multiple, { question_id: 'q', selected_option_indexes: [0] }).points).to.equal(0);
    expect(gradeObjective(multiple, { question_id: 'q', selected_option_indexes: [0, 1, 2] }).points).to.equal(0);
  });

  it("accepts seed 000's multiple_choice with one correct_option_index and selected_option_index", () => {
    const seed = questionSchema.parse({
      type: 'multiple_choice',
      question_text: 'What is the main goal of supervised learning?',
      points: 10,
      options: ['a', 'b', 'c', 'd'],
      correct_option_index: 1,
    });
    expect(gradeObjective(seed, { question_id: 'q', selected_option_index: 1 })).to.deep.equal({
      correct: true,
      points: 10,
    });
  });

  it('grades true/false', () => {
    expect(gradeObjective(trueFalse, { question_id: 'q', selected_answer: true }).correct).to.equal(true);
    expect(gradeObjective(trueFalse, { question_id: 'q', selected_answer: false }).correct).to.equal(false);
  });

  it('refuses choice questions without a correct option or with one beyond the options', () => {
    const noAnswer = { type: 'multiple_choice', question_text: 'x', points: 1, options: ['a', 'b'] };
    expect(questionSchema.safeParse(noAnswer).success).to.equal(false);
    expect(questionSchema.safeParse({ ...single, correct_option_index: 3 }).success).to.equal(false);
  });

  it('never shows learners the correct options, model answer or keywords', () => {
    const shortAnswer: Question = {
      type: 'short_answer',
      question_text: 'Explain',
      points: 3,
      model_answer: 'secret',
      keywords: ['secret'],
      explanation: 'later',
    };
    for (const q of [single, multiple, trueFalse, shortAnswer]) {
      const shown = JSON.stringify(learnerQuestion(q));
      expect(shown).to.not.match(/correct|model_answer|keywords|secret|explanation/);
    }
    expect(learnerQuestion(single)).to.deep.equal({
      type: 'single_choice',
      question_text: 'Pick B',
      points: 5,
      options: ['A', 'B', 'C'],
    });
  });
});
