/**
 * AGS score sync: the instructor's publication of 50 students' scores → ScorePublisher (GradeSync record,
 * bullmq job on a real redis-server) → worker → OAuth2 token (cached) → dev LMS `POST …/scores`. Prints P50/P95
 * of publish → platform receipt and the sync throughput (scores/s from first publish to last receipt).
 *
 *   npx tsx bench/score-sync.ts [students=50] [rounds=3]
 */
import { percentile } from './support/report.js';
import { DEV_CLIENT_ID } from '../launch/dev-platform/index.js';
import { createLogger } from '../tool/logger.js';
import { startToolServer } from '../tool/server.js';
import { testConfig } from '../test/support/config.js';
import { stopSharedServices } from '../test/support/services.js';

const STUDENTS = Number(process.argv[2] ?? 50);
const ROUNDS = Number(process.argv[3] ?? 3);
const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';

function line(record: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}

const server = await startToolServer(await testConfig({ DEV_PLATFORM: '1' }), createLogger('silent'));
const platform = server.launch.devPlatform!.state;
for (let i = 0; i < STUDENTS; i++) {
  platform.course.users.push({
    id: `bench-${i}`,
    name: `Bench Student ${i}`,
    givenName: 'Bench',
    familyName: String(i),
    email: `bench-${i}@dev-lms.test`,
    kind: 'student',
    roles: [LEARNER],
  });
}
const latencies: number[] = [];
const throughputs: number[] = [];
try {
  for (let round = 0; round <= ROUNDS; round++) {
    const activity = `quiz:bench-${round}`;
    const publishedAt = new Map<string, number>();
    const receiptsBefore = platform.scoreReceipts.length;
    const started = performance.now();
    for (let i = 0; i < STUDENTS; i++) {
      const userId = `bench-${i}`;
      publishedAt.set(userId, Date.now());
      await server.grades.publisher.publish({
        issuer: platform.issuer,
        clientId: DEV_CLIENT_ID,
        activity,
        lineItemSpec: {
          lineItemsUrl: platform.contextUrl('/line_items'),
          resourceLinkId: 'seminar-1',
          resourceId: activity,
          tag: 'quiz',
          label: `Bench quiz ${round}`,
          scoreMaximum: 10,
        },
        score: {
          userId,
          scoreGiven: i % 11,
          scoreMaximum: 10,
          timestamp: new Date().toISOString(),
          activityProgress: 'Completed',
          gradingProgress: 'FullyGraded',
        },
        refs: {},
      });
    }
    const deadline = Date.now() + 60_000;
    while (platform.scoreReceipts.length - receiptsBefore < STUDENTS && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const receipts = platform.scoreReceipts.slice(receiptsBefore);
    const elapsedMs = performance.now() - started;
    if (round === 0) continue; // warm-up: token, line item creation, JIT
    for (const r of receipts) latencies.push(r.at - publishedAt.get(r.userId)!);
    throughputs.push((receipts.length / elapsedMs) * 1000);
    if (receipts.length < STUDENTS)
      line({ name: 'score_sync_missing', value: STUDENTS - receipts.length, unit: 'scores' });
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  for (const p of [50, 95]) {
    line({
      name: `score_sync_publish_to_receipt_p${p}`,
      value: percentile(sorted, p),
      unit: 'ms',
      students: STUDENTS,
      rounds: ROUNDS,
    });
  }
  const mean = throughputs.reduce((a, b) => a + b, 0) / throughputs.length;
  line({
    name: 'score_sync_throughput',
    value: Math.round(mean * 10) / 10,
    unit: 'scores/s',
    students: STUDENTS,
    rounds: ROUNDS,
    concurrency: 4,
  });
} finally {
  await server.close();
  await stopSharedServices();
}
