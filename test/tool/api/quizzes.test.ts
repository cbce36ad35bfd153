import { expect } from 'chai';
import request from 'supertest';
import type { SessionClaims } from '../../../launch/index.js';
import { createLogger } from '../../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../../tool/server.js';
import { Course, Quiz, QuizReviewAudit, Seminar, User } from '../../../tool/store/models/index.js';
import { testConfig } from '../../support/config.js';
import { TEST_MODEL, testModelsDir } from '../../support/embedding-model.js';

const SEED_QUIZ = {
  title: 'Pre-class Check: Week 3',
  time_limit_minutes: 10,
  questions: [
    {
      type: 'multiple_choice',
      question_text: 'What is the main goal of supervised learning?',
      points: 10,
      options: [
        'To find patterns in unlabeled data',
        'To learn a mapping from inputs to outputs',
        'To reduce dimensionality',
        'To cluster similar items',
      ],
      correct_option_index: 1,
      explanation: 'Supervised learning learns from labeled data to predict outputs.',
    },
    {
      type: 'short_answer',
      question_text: 'Explain overfitting in 1-2 sentences.',
      points: 15,
      model_answer:
        'Overfitting occurs when a model learns training data too well, including noise, resulting in poor generalization to new data.',
      keywords: ['training data', 'noise', 'generaliz'],
    },
    {
      type: 'true_false',
      question_text: 'A validation set helps detect overfitting.',
      points: 2,
      correct_answer: true,
    },
    {
      type: 'multiple_choice',
      question_text: 'Which are supervised tasks?',
      points: 3,
      options: ['Classification', 'Clustering', 'Regression'],
      correct_option_indexes: [0, 2],
    },
  ],
};

describe('quiz REST API (/api/v1)', function () {
  this.timeout(60_000);
  let server: ToolServer;
  let api: ReturnType<typeof request>;
  let courseId: string;
  let seminarId: string;
  let instructor: string;
  const learners: Array<{ id: string; token: string }> = [];

  async function person(name: string, role: SessionClaims['role'], course = courseId, seminar = seminarId) {
    const user = await User.create({ issuer: 'https://dev-lms.test', sub: `${name}-${Date.now()}`, name });
    const id = String(user._id);
    return {
      id,
      token: server.tokens.mint({ sub: id, course, seminar, role, name, platform: 'https://dev-lms.test' }),
    };
  }

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  async function createQuiz(body: object = SEED_QUIZ, token = instructor) {
    const res = await api.post(`/api/v1/sessions/${seminarId}/quizzes`).set(auth(token)).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { id: string };
  }

  async function publishedQuiz() {
    const quiz = await createQuiz();
    expect((await api.post(`/api/v1/quizzes/${quiz.id}/publish`).set(auth(instructor))).status).to.equal(200);
    const full = await api.get(`/api/v1/quizzes/${quiz.id}`).set(auth(instructor));
    const ids = (full.body.questions as Array<{ id: string }>).map((q) => q.id);
    return { id: quiz.id, ids };
  }

  before(async () => {
    const config = await testConfig({
      MODELS_DIR: await testModelsDir(),
      EMBEDDING_MODEL: TEST_MODEL,
      EMBEDDING_QUANTIZED: '0',
    });
    server = await startToolServer(config, createLogger('silent'));
    api = request(server.url);
    const course = await Course.create({
      issuer: 'https://dev-lms.test',
      clientId: 'c',
      deploymentId: 'd',
      contextId: `ctx-${Date.now()}`,
    });
    courseId = String(course._id);
    const seminar = await Seminar.create({ course: course._id, resourceLinkId: `rl-${Date.now()}` });
    seminarId = String(seminar._id);
    instructor = (await person('Prof', 'instructor')).token;
    for (const name of ['Kim Younghee', 'Lee Minsu', 'Park Jiwoo']) learners.push(await person(name, 'learner'));
  });
  after(async () => {
    await server?.close();
  });

  it('grades with the real embedding model loaded from the models directory', () => {
    expect(server.embedder.info).to.include({ method: 'transformers', model: TEST_MODEL });
  });

  it("creates a draft quiz from seed 000's request and answers in seed 000's shape", async () => {
    const res = await api.post(`/api/v1/sessions/${seminarId}/quizzes`).set(auth(instructor)).send(SEED_QUIZ);
    expect(res.status).to.equal(201);
    expect(res.body).to.include({
      session_id: seminarId,
      title: 'Pre-class Check: Week 3',
      time_limit_minutes: 10,
      total_points: 30,
      question_count: 4,
      status: 'draft',
    });
    expect(res.body.id).to.match(/^[0-9a-f]{24}$/);
    expect(Number.isNaN(Date.parse(res.body.created_at))).to.equal(false);
  });

  it('refuses quiz authoring to learners and to staff of another course', async () => {
    const learner = await api
      .post(`/api/v1/sessions/${seminarId}/quizzes`)
      .set(auth(learners[0]!.token))
      .send(SEED_QUIZ);
    expect(learner.status).to.equal(403);
    const otherCourse = await Course.create({
      issuer: 'https://dev-lms.test',
      clientId: 'c',
      deploymentId: 'd',
      contextId: 'other',
    });
    const outsider = await person('Other prof', 'instructor', String(otherCourse._id));
    const res = await api.post(`/api/v1/sessions/${seminarId}/quizzes`).set(auth(outsider.token)).send(SEED_QUIZ);
    expect(res.status).to.equal(403);
    expect(res.body.error.code).to.equal('FORBIDDEN');
    const quiz = await createQuiz();
    expect((await api.get(`/api/v1/quizzes/${quiz.id}`).set(auth(outsider.token))).status).to.equal(403);
    expect((await api.post(`/api/v1/quizzes/${quiz.id}/publish`).set(auth(outsider.token))).status).to.equal(403);
    expect((await api.post(`/api/v1/quizzes/${quiz.id}/publish`).set(auth(learners[0]!.token))).status).to.equal(403);
  });

  it('validates quiz bodies with field-keyed details', async () => {
    const res = await api
      .post(`/api/v1/sessions/${seminarId}/quizzes`)
      .set(auth(instructor))
      .send({ title: '', questions: [{ type: 'single_choice', question_text: 'x', points: 1, options: ['a'] }] });
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('VALIDATION_ERROR');
    expect(res.body.error.details).to.have.property('title');
  });

  it('hides drafts from learners and never sends them correct answers, model answers or keywords', async () => {
    const quiz = await createQuiz();
    expect((await api.get(`/api/v1/quizzes/${quiz.id}`).set(auth(learners[0]!.token))).status).to.equal(404);
    const publish = await api.post(`/api/v1/quizzes/${quiz.id}/publish`).set(auth(instructor));
    expect(publish.body).to.include({ id: quiz.id, status: 'published' });
    expect((await api.post(`/api/v1/quizzes/${quiz.id}/publish`).set(auth(instructor))).status).to.equal(409);

    const learnerView = await api.get(`/api/v1/quizzes/${quiz.id}`).set(auth(learners[0]!.token));
    expect(learnerView.status).to.equal(200);
    expect(learnerView.body.questions).to.have.length(4);
    expect(JSON.stringify(learnerView.body)).to.not.match(
      /correct_|model_answer|keywords|explanation|Overfitting occurs/,
    );
    expect(learnerView.body.questions[0].options).to.have.length(4);

    const staffView = await api.get(`/api/v1/quizzes/${quiz.id}`).set(auth(instructor));
    expect(staffView.body.questions[1]).to.include({ model_answer: SEED_QUIZ.questions[1]!.model_answer });
  });

  it('grades a submission on submit: objective questions exactly, the short answer through the scorer', async () => {
    const quiz = await publishedQuiz();
    const [mc, sa, tf, multi] = quiz.ids;
    const learner = learners[0]!;
    const res = await api
      .post(`/api/v1/quizzes/${quiz.id}/submissions`)
      .set(auth(learner.token))
      .send({
        answers: [
          { question_id: mc, type: 'multiple_choice', selected_option_index: 1 },
          { question_id: sa, type: 'short_answer', answer_text: SEED_QUIZ.questions[1]!.model_answer },
          { question_id: tf, selected_answer: false },
          { question_id: multi, selected_option_indexes: [2, 0] },
        ],
      });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ quiz_id: quiz.id, auto_graded_score: 28, max_score: 30, status: 'graded' });
    expect(res.body.percentage).to.equal(93.3);
    const feedback = res.body.feedback as Array<Record<string, unknown>>;
    expect(feedback[0]).to.include({ question_id: mc, correct: true, points_earned: 10 });
    expect(feedback[0]!.explanation).to.equal(SEED_QUIZ.questions[0]!.explanation);
    expect(feedback[1]).to.include({ question_id: sa, correct: true, points_earned: 15, similarity_score: 1 });
    expect(feedback[1]!.explanation).to.match(/^Good understanding! Similarity to model answer: 100%/);
    expect(feedback[2]).to.include({ correct: false, points_earned: 0 });
    expect(feedback[3]).to.include({ correct: true, points_earned: 3 });

    const again = await api
      .post(`/api/v1/quizzes/${quiz.id}/submissions`)
      .set(auth(learner.token))
      .send({ answers: [] });
    expect(again.status).to.equal(409);

    const own = await api
      .get(`/api/v1/quizzes/${quiz.id}/submissions/${res.body.submission_id}`)
      .set(auth(learner.token));
    expect(own.status).to.equal(200);
    expect(own.body).to.include({ score: 28, max_score: 30, status: 'graded' });
    expect(own.body.student).to.deep.equal({ id: learner.id, full_name: 'Kim Younghee' });
    expect(own.body.answers[0]).to.include({ selected_option_index: 1, correct: true, points_earned: 10 });
    expect(own.body.answers[1]).to.include({ similarity_score: 1 });
    expect(own.body.answers[1]).to.not.have.property('confidence');

    const other = await api
      .get(`/api/v1/quizzes/${quiz.id}/submissions/${res.body.submission_id}`)
      .set(auth(learners[1]!.token));
    expect(other.status).to.equal(404);
    const staff = await api
      .get(`/api/v1/quizzes/${quiz.id}/submissions/${res.body.submission_id}`)
      .set(auth(instructor));
    expect(staff.body.answers[1]).to.include({ method: 'transformers', confidence: 1, auto_points: 15 });
  });

  it('gives Korean feedback to a Korean-locale learner and 0 points to an empty short answer', async () => {
    const quiz = await publishedQuiz();
    const korean = await person('Choi', 'learner');
    const token = server.tokens.mint({ ...server.tokens.verify(korean.token), locale: 'ko-KR' });
    const res = await api
      .post(`/api/v1/quizzes/${quiz.id}/submissions`)
      .set(auth(token))
      .send({ answers: [{ question_id: quiz.ids[1], answer_text: '  ' }] });
    expect(res.status).to.equal(201);
    expect(res.body.feedback[1]).to.include({ points_earned: 0, explanation: '답이 없습니다.' });
    expect(res.body.auto_graded_score).to.equal(0);
  });

  it('refuses answers to questions of another quiz and submissions after the time limit', async () => {
    const quiz = await publishedQuiz();
    const learner = await person('Late', 'learner');
    const wrong = await api
      .post(`/api/v1/quizzes/${quiz.id}/submissions`)
      .set(auth(learner.token))
      .send({ answers: [{ question_id: '0123456789abcdef01234567', selected_answer: true }] });
    expect(wrong.status).to.equal(400);
    await Quiz.updateOne({ _id: quiz.id }, { $set: { publishedAt: new Date(Date.now() - 11 * 60_000) } });
    const late = await api
      .post(`/api/v1/quizzes/${quiz.id}/submissions`)
      .set(auth(learner.token))
      .send({ answers: [] });
    expect(late.status).to.equal(409);
    expect(late.body.error.message).to.match(/time limit/);
  });

  it('queues a doubtful short answer for review; staff accept or override with a comment, audited', async () => {
    const quiz = await publishedQuiz();
    const learner = learners[2]!;
    const submitted = await api
      .post(`/api/v1/quizzes/${quiz.id}/submissions`)
      .set(auth(learner.token))
      .send({ answers: [{ question_id: quiz.ids[1], answer_text: 'noise, training data' }] });
    expect(submitted.body.status).to.equal('pending_review');
    expect(submitted.body.feedback[1].review_state).to.equal('pending');
    const submissionId = submitted.body.submission_id as string;

    expect((await api.get(`/api/v1/quizzes/${quiz.id}/reviews`).set(auth(learner.token))).status).to.equal(403);
    const queue = await api.get(`/api/v1/quizzes/${quiz.id}/reviews`).set(auth(instructor));
    expect(queue.body.reviews).to.have.length(1);
    const item = queue.body.reviews[0];
    expect(item).to.include({ submission_id: submissionId, answer_text: 'noise, training data' });
    expect(item.flags).to.include('too_short');
    expect(item.question.model_answer).to.equal(SEED_QUIZ.questions[1]!.model_answer);

    const review = `/api/v1/quizzes/${quiz.id}/submissions/${submissionId}/reviews`;
    const noComment = await api
      .post(review)
      .set(auth(instructor))
      .send({ question_id: quiz.ids[1], action: 'override', points: 9 });
    expect(noComment.status).to.equal(400);
    const tooMany = await api
      .post(review)
      .set(auth(instructor))
      .send({ question_id: quiz.ids[1], action: 'override', points: 16, comment: 'x' });
    expect(tooMany.status).to.equal(400);
    expect(
      (await api.post(review).set(auth(learner.token)).send({ question_id: quiz.ids[1], action: 'accept' })).status,
    ).to.equal(403);

    const overridden = await api
      .post(review)
      .set(auth(instructor))
      .send({ question_id: quiz.ids[1], action: 'override', points: 9, comment: 'Right ideas, too terse.' });
    expect(overridden.status).to.equal(200);
    expect(overridden.body).to.include({ score: 9, status: 'graded' });
    expect(overridden.body.answers[1]).to.include({
      points_earned: 9,
      review_state: 'overridden',
      review_comment: 'Right ideas, too terse.',
    });
    expect((await api.get(`/api/v1/quizzes/${quiz.id}/reviews`).set(auth(instructor))).body.reviews).to.have.length(0);
    const own = await api.get(`/api/v1/quizzes/${quiz.id}/submissions/${submissionId}`).set(auth(learner.token));
    expect(own.body).to.include({ score: 9, status: 'graded' });

    const accepted = await api.post(review).set(auth(instructor)).send({ question_id: quiz.ids[1], action: 'accept' });
    expect(accepted.body.answers[1]).to.include({ points_earned: 9, review_state: 'accepted' });

    const audit = await api.get(`/api/v1/quizzes/${quiz.id}/reviews/audit`).set(auth(instructor));
    expect(audit.body.audit.map((a: { action: string }) => a.action)).to.deep.equal(['override', 'accept']);
    expect(audit.body.audit[0]).to.include({
      submission_id: submissionId,
      student_id: learner.id,
      to_points: 9,
      comment: 'Right ideas, too terse.',
      actor_role: 'instructor',
    });
    expect(await QuizReviewAudit.countDocuments({ submission: submissionId })).to.equal(2);
  });

  it('exports a quiz as JSON that imports into an equal draft', async () => {
    const quiz = await createQuiz();
    const exported = await api.get(`/api/v1/quizzes/${quiz.id}/export`).set(auth(instructor));
    expect(exported.body).to.include({ format: 'eduforum-quiz', version: 1, title: SEED_QUIZ.title });
    expect(exported.body.questions).to.deep.equal(SEED_QUIZ.questions);
    const imported = await api
      .post(`/api/v1/sessions/${seminarId}/quizzes/import`)
      .set(auth(instructor))
      .send(exported.body);
    expect(imported.status).to.equal(201);
    expect(imported.body).to.include({ total_points: 30, question_count: 4, status: 'draft' });
    const again = await api.get(`/api/v1/quizzes/${imported.body.id}/export`).set(auth(instructor));
    expect(again.body.questions).to.deep.equal(exported.body.questions);
    const notOurs = await api
      .post(`/api/v1/sessions/${seminarId}/quizzes/import`)
      .set(auth(instructor))
      .send({ title: 'x' });
    expect(notOurs.status).to.equal(400);
  });

  it('keeps a question bank per course and builds quizzes from it', async () => {
    const bank = `/api/v1/courses/${courseId}/question-bank`;
    const added = await api
      .post(bank)
      .set(auth(instructor))
      .send({ questions: [SEED_QUIZ.questions[2], SEED_QUIZ.questions[0]] });
    expect(added.status).to.equal(201);
    const ids = (added.body.questions as Array<{ id: string }>).map((q) => q.id);
    const listed = await api.get(bank).set(auth(instructor));
    expect(listed.body.questions.map((q: { id: string }) => q.id)).to.have.members(ids);
    expect((await api.get(bank).set(auth(learners[0]!.token))).status).to.equal(403);
    const otherCourse = await Course.create({
      issuer: 'https://dev-lms.test',
      clientId: 'c',
      deploymentId: 'd',
      contextId: 'bank-other',
    });
    const outsider = await person('Other', 'instructor', String(otherCourse._id));
    expect((await api.get(bank).set(auth(outsider.token))).status).to.equal(403);

    const fromBank = await createQuiz({ title: 'From the bank', bank_question_ids: ids });
    const full = await api.get(`/api/v1/quizzes/${fromBank.id}`).set(auth(instructor));
    expect(full.body).to.include({ total_points: 12, question_count: 2 });
    expect(full.body.questions.map((q: { type: string }) => q.type)).to.deep.equal(['true_false', 'multiple_choice']);

    expect((await api.delete(`${bank}/${ids[0]}`).set(auth(instructor))).status).to.equal(204);
    const after = await api.get(bank).set(auth(instructor));
    expect(after.body.questions.map((q: { id: string }) => q.id)).to.not.include(ids[0]);
    expect((await api.get(`/api/v1/quizzes/${fromBank.id}`).set(auth(instructor))).body.question_count).to.equal(2);
  });
});
