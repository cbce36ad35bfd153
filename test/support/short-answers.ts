/**
 * Fixed English and Korean short-answer cases: one model answer and keywords per question, and student
 * answers of known kinds. Used by the scorer tests and bench/grading.ts.
 */
export type AnswerKind = 'paraphrase' | 'partial' | 'wrong' | 'off_topic' | 'empty';

export interface ShortAnswerCase {
  language: 'en' | 'ko';
  question: string;
  modelAnswer: string;
  keywords: string[];
  answers: Record<AnswerKind, string>;
}

export const SHORT_ANSWER_CASES: ShortAnswerCase[] = [
  {
    language: 'en',
    question: 'Explain overfitting in 1-2 sentences.',
    modelAnswer:
      'Overfitting occurs when a model learns training data too well, including noise, resulting in poor generalization to new data.',
    keywords: ['training data', 'noise', 'generaliz'],
    answers: {
      paraphrase:
        'Overfitting is when a model learns the training data too closely, noise included, so it generalizes poorly to new data.',
      partial: 'The model does well on the training data.',
      wrong: 'Overfitting means the model is too simple to learn the training data.',
      off_topic: 'I had pizza for lunch yesterday with my friends.',
      empty: '   ',
    },
  },
  {
    language: 'en',
    question: 'What does supervised learning need?',
    modelAnswer: 'Supervised learning needs labeled examples that pair each input with its correct output.',
    keywords: ['label', 'input', 'output'],
    answers: {
      paraphrase: 'It needs labeled examples where every input is paired with the correct output.',
      partial: 'It needs examples of inputs.',
      wrong: 'It needs no labels at all, only clusters.',
      off_topic: 'The weather in Seoul is cold in winter.',
      empty: '',
    },
  },
  {
    language: 'ko',
    question: '과적합을 한두 문장으로 설명하세요.',
    modelAnswer: '과적합은 모델이 훈련 데이터의 잡음까지 너무 잘 학습하여 새로운 데이터에 일반화하지 못하는 현상이다.',
    keywords: ['훈련 데이터', '잡음|노이즈', '일반화'],
    answers: {
      paraphrase: '과적합은 모델이 훈련 데이터를 잡음까지 외워서 새로운 데이터에 일반화하지 못하는 것이다.',
      partial: '모델이 훈련 데이터를 잘 맞춘다.',
      wrong: '과적합은 모델이 너무 단순해서 훈련 데이터도 못 맞추는 것이다.',
      off_topic: '어제 친구들과 김치찌개를 먹었다.',
      empty: ' ',
    },
  },
  {
    language: 'ko',
    question: '지도 학습에는 무엇이 필요한가요?',
    modelAnswer: '지도 학습에는 각 입력에 정답 출력이 짝지어진 레이블된 예제가 필요하다.',
    keywords: ['레이블|라벨', '입력', '출력|정답'],
    answers: {
      paraphrase: '입력마다 정답 출력이 짝지어진 레이블된 예제가 필요하다.',
      partial: '입력 예제가 필요하다.',
      wrong: '레이블 없이 군집만 있으면 된다.',
      off_topic: '서울의 겨울은 매우 춥다.',
      empty: '',
    },
  },
];
