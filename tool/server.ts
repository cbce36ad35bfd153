import http from 'node:http';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Server as SocketServer } from 'socket.io';
import type { Config } from '../config/index.js';
import { createEmbedder, type Embedder } from '../grading/index.js';
import { createLaunch, SessionTokens, type Launch } from '../launch/index.js';
import { forwardSpeakingEvents, MediaService, reportWorkerOpenSsl, WorkerPool } from '../media/index.js';
import { AiService, CheckpointOfferStore, liveQuestionClusterer, SeminarAssistant } from './ai/index.js';
import { AlertService, ParticipationPipeline, recordSpeaking } from './analytics/index.js';
import { createGradeSync, type GradeSyncService } from './grade-sync/index.js';
import { apiRouter } from './api/index.js';
import { AppError, createHttpApp, Metrics } from './http/index.js';
import { launchStore } from './launch-store.js';
import { rosterStore } from './roster/index.js';
import { channels, createLive, sessionRefusal, stamp, type Live, type ParticipationSink } from './live/index.js';
import type { QuizGrading } from './quizzes/index.js';
import { staticClientRouter } from './http/static-client.js';
import { CLIENT_DIST_DIR } from './paths.js';
import { socketAuth } from './realtime/socket-auth.js';
import { createSocketServer } from './realtime/socket-server.js';
import { openStores, pingMongo, pingRedis, type Stores } from './store/index.js';

export interface ToolServer {
  url: string;
  port: number;
  app: Express;
  httpServer: http.Server;
  io: SocketServer;
  pool: WorkerPool;
  media: MediaService;
  stores: Stores;
  embedder: Embedder;
  metrics: Metrics;
  tokens: SessionTokens;
  live: Live;
  assistant: SeminarAssistant;
  checkpointOffers: CheckpointOfferStore;
  launch: Launch;
  grades: GradeSyncService;
  participation: ParticipationPipeline;
  alerts: AlertService;
  close(): Promise<void>;
}

/** Replaceable parts of the composition, for tests that observe what flows through them. */
export interface ToolSeams {
  /** Where the live room's countable acts go (analytics). */
  participation?: ParticipationSink;
}

/**
 * Composition root: stores → media workers → HTTP app → socket.io → listen. `close()` undoes it in reverse
 * and is what SIGINT/SIGTERM call, so nothing (workers, redis-server, sockets) outlives the process.
 */
export async function startToolServer(config: Config, logger: Logger, seams: ToolSeams = {}): Promise<ToolServer> {
  const stores = await openStores(config, logger);
  const pool = new WorkerPool(
    {
      numWorkers: config.mediasoup.numWorkers,
      rtcMinPort: config.mediasoup.rtcMinPort,
      rtcMaxPort: config.mediasoup.rtcMaxPort,
      logLevel: config.mediasoup.logLevel,
    },
    logger.child({ component: 'media' }),
  );
  try {
    await pool.start();
  } catch (err) {
    await stores.close();
    throw err;
  }
  const workerOpenSsl = await reportWorkerOpenSsl(pool, logger.child({ component: 'media' }));

  const tokens = new SessionTokens(config.session.secret, config.session.ttlSeconds);
  const embedder = await createEmbedder(
    { modelsDir: config.modelsDir, model: config.grading.embeddingModel, quantized: config.grading.embeddingQuantized },
    logger.child({ component: 'grading' }),
  );
  const metrics = new Metrics();
  const ai = new AiService({
    config: config.openai,
    logger: logger.child({ component: 'ai' }),
    audioTapAvailable: () => true,
  });
  const checkpointOffers = new CheckpointOfferStore(stores.redis, logger.child({ component: 'ai' }));
  const analyticsLog = logger.child({ component: 'analytics' });
  const participation = new ParticipationPipeline(analyticsLog, { flushIntervalMs: config.analytics.flushIntervalMs });
  // Grade sync is built after the live room (it hooks the room's end); the closure reads it at grading time.
  const quizGrading: QuizGrading = {
    embedder,
    onGraded: (id) => {
      grades.submissionGraded(id);
      alerts.quizGraded(id).catch((err: unknown) => analyticsLog.warn({ err, id }, 'quiz alert check failed'));
    },
  };
  const live = createLive({
    redis: stores.redis,
    logger,
    clusterer: liveQuestionClusterer(embedder, logger.child({ component: 'ai' })),
    quizzes: quizGrading,
    participation: seams.participation ?? participation,
    observeEvent: metrics.observeLiveEvent,
  });
  participation.on('flushed', (touched) => {
    live.summariesChanged(touched).catch((err: unknown) => analyticsLog.warn({ err }, 'dashboard refresh failed'));
  });
  const alerts = new AlertService({
    rooms: live.rooms,
    thresholds: config.analytics.thresholds,
    inactivityCheckMs: config.analytics.inactivityCheckMs,
    logger: analyticsLog,
    emitStaff: (seminarId, event, data) => io.to(channels.staff(seminarId)).emit(event, stamp(data)),
  });
  let url = config.http.publicUrl;
  const launch = await createLaunch({
    ...config.lti,
    mongoUrl: stores.mongoUrl,
    toolUrl: () => url,
    store: launchStore,
    rosterStore,
    roster: config.roster,
    tokens,
    logger,
    apiError: (code, message, details) => new AppError(code, message, details),
  });
  const { listenIp, announcedIp } = config.mediasoup;
  const media = new MediaService(
    pool,
    {
      listenIp,
      announcedIp,
      turn: config.turn,
      recordingsDir: config.recording.dir,
      recordingRetentionDays: config.recording.retentionDays,
      refusal: (who) => sessionRefusal(who.seminar, { id: who.sub, role: who.role }),
    },
    logger.child({ component: 'media' }),
  );
  const grades = createGradeSync(config, stores, launch, live, logger);
  const app = createHttpApp({
    logger,
    metrics,
    trustProxy: config.http.trustProxy,
    lmsOrigins: () => launch.lmsOrigins(),
    health: {
      mongo: pingMongo,
      redis: () => pingRedis(stores.redis),
      mediasoup: () => ({ workers: pool.liveWorkers, expected: pool.size, openssl: workerOpenSsl.current() }),
    },
    routers: [
      ...launch.routers,
      {
        path: '/api/v1',
        router: apiRouter({
          tokens,
          live,
          publicUrl: config.http.publicUrl,
          quizzes: quizGrading,
          grades,
          rosterSync: launch.rosterSync,
          ai,
          checkpointOffers,
          materials: config.materials,
          recordings: media,
          analytics: {
            alerts,
            thresholds: config.analytics.thresholds,
            pulseThreshold: async (seminarId) => live.pulse.config(await live.rooms.byId(seminarId)),
          },
        }),
      },
      { path: '/app', router: staticClientRouter(CLIENT_DIST_DIR) },
    ],
  });
  const httpServer = http.createServer(app);
  const io = createSocketServer(httpServer, { pub: stores.newRedis('io-pub'), sub: stores.newRedis('io-sub') });
  io.use(socketAuth(tokens));
  io.on('connection', (socket) => media.attach(socket));
  forwardSpeakingEvents(media, (room, event, data) => io.to(room).emit(event, data));
  metrics.setSource('consumers', async () => (await media.stats()).consumers);
  metrics.setSource('queue_depth', () => grades.publisher.depth());
  live.attach(io);
  live.useMedia(media);
  recordSpeaking(media, live.rooms, analyticsLog);
  alerts.start();
  // AI live assist (issue 11): captions, checkpoint suggestions and the end-of-session note.
  const assistant = new SeminarAssistant({
    ai,
    media,
    rooms: live.rooms,
    offers: checkpointOffers,
    logger: logger.child({ component: 'ai' }),
    chunkMs: config.openai.transcriptChunkMs,
    checkpointWindowMs: config.openai.checkpoint.windowMs,
  });
  assistant.attach();
  metrics.setSource('sockets', () => io.of('/').sockets.size);
  metrics.setSource('rooms', () => live.localRoomCount());

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.http.port, config.http.host, () => resolve());
  });
  const port = (httpServer.address() as { port: number }).port;
  if (config.http.port === 0) url = `http://localhost:${port}`;
  await launch.start();
  await grades.start();
  logger.info({ url, port }, 'EduForum Live listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    app,
    httpServer,
    io,
    pool,
    media,
    stores,
    embedder,
    metrics,
    tokens,
    live,
    assistant,
    checkpointOffers,
    launch,
    grades,
    participation,
    alerts,
    close() {
      closing ??= (async () => {
        launch.close();
        await grades.close();
        await live.close();
        await assistant.close();
        await alerts.stop();
        // After the live room signed everyone out, so their leave events are in the last batch.
        await participation.close();
        io.disconnectSockets(true);
        await new Promise<void>((resolve) => io.close(() => resolve()));
        httpServer.closeAllConnections();
        await media.close();
        await pool.close();
        await stores.close();
        logger.info('EduForum Live stopped');
      })();
      return closing;
    },
  };
}
