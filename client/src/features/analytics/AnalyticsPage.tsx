import { useEffect, useState } from 'preact/hooks';
import type { CourseOverview, SessionAnalytics } from '../../api/index.js';
import { saveBlob, useAction, useApp } from '../../ui/index.js';
// This page is a lazy chunk already, so the charts come in with it rather than as chunks of their own.
import BarChart from '../charts/BarChart.js';
import LineChart from '../charts/LineChart.js';

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function StudentTable(props: { report: SessionAnalytics }) {
  const { t } = useApp();
  return (
    <table class="table" data-testid="analytics-table">
      <caption>{t('analytics.table.caption', { count: props.report.total_participants })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('analytics.table.name')}</th>
          <th scope="col">{t('analytics.table.attended')}</th>
          <th scope="col">{t('analytics.table.speaking')}</th>
          <th scope="col">{t('analytics.table.chat')}</th>
          <th scope="col">{t('analytics.table.polls')}</th>
          <th scope="col">{t('analytics.table.quizzes')}</th>
          <th scope="col">{t('analytics.table.hands')}</th>
          <th scope="col">{t('analytics.table.score')}</th>
        </tr>
      </thead>
      <tbody>
        {props.report.participants.map((p) => (
          <tr key={p.user.id}>
            <th scope="row">{p.user.full_name}</th>
            <td>{p.attended ? t('analytics.yes') : t('analytics.no')}</td>
            <td>{Math.round(p.speaking_time_seconds)}</td>
            <td>{p.chat_messages_count}</td>
            <td>{p.polls_responded}</td>
            <td>{p.quizzes_responded}</td>
            <td>{p.hand_raises}</td>
            <td>{p.participation_score}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Timeline(props: { report: SessionAnalytics }) {
  const { t } = useApp();
  const { timeline, confusion_moments, engagement_trend } = props.report;
  if (timeline.length === 0) return null;
  const start = time(timeline[0]!.timestamp);
  const end = time(timeline[timeline.length - 1]!.timestamp);
  const percent = (v: number | null) => (v === null ? null : Math.round(v * 100));
  return (
    <section aria-labelledby="analytics-timeline">
      <h4 id="analytics-timeline">{t('analytics.timeline')}</h4>
      <LineChart
        title={t('analytics.activeParticipants')}
        description={t(`analytics.trend.${engagement_trend.direction}`, {
          first: engagement_trend.first_half,
          second: engagement_trend.second_half,
        })}
        series={[{ label: t('analytics.activeParticipants'), values: timeline.map((b) => b.active_participants) }]}
        startLabel={start}
        endLabel={end}
      />
      <LineChart
        title={t('analytics.understanding')}
        description={t('analytics.confusionCount', { count: confusion_moments.length })}
        series={[
          { label: t('analytics.understanding'), values: timeline.map((b) => percent(b.pulse_understand_ratio)) },
          { label: t('analytics.studentTalkShare'), values: timeline.map((b) => percent(b.student_talk_share)) },
        ]}
        max={100}
        startLabel={start}
        endLabel={end}
      />
      {confusion_moments.length > 0 ? (
        <ul class="list" aria-label={t('analytics.confusionMoments')}>
          {confusion_moments.map((m) => (
            <li key={m.timestamp}>
              {t('analytics.confusionAt', { time: time(m.timestamp), percent: Math.round(m.confused_ratio * 100) })}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function TalkTime(props: { report: SessionAnalytics }) {
  const { t } = useApp();
  const talk = props.report.talk_time;
  const minutes = (s: number) => t('analytics.minutes', { n: Math.round(s / 6) / 10 });
  return (
    <section aria-labelledby="analytics-talk">
      <h4 id="analytics-talk">{t('analytics.talkTime')}</h4>
      <BarChart
        title={t('analytics.talkSplit', { percent: Math.round(talk.student_share * 100) })}
        bars={[
          {
            label: t('analytics.instructor'),
            value: talk.instructor_seconds,
            caption: minutes(talk.instructor_seconds),
          },
          { label: t('analytics.students'), value: talk.student_seconds, caption: minutes(talk.student_seconds) },
        ]}
      />
      <p>{t('analytics.gini', { gini: talk.student_gini })}</p>
    </section>
  );
}

function AtRisk(props: { overview: CourseOverview }) {
  const { t } = useApp();
  return (
    <section aria-labelledby="analytics-risk">
      <h4 id="analytics-risk">{t('analytics.atRisk')}</h4>
      {props.overview.at_risk_students.length === 0 ? <p class="muted">{t('analytics.noneAtRisk')}</p> : null}
      <ul class="list" data-testid="analytics-at-risk">
        {props.overview.at_risk_students.map((s) => (
          <li key={s.user.id}>
            <strong>{s.user.full_name}</strong>
            <span>{s.risk_factors.map((f) => t(`analytics.factor.${f}`)).join(', ')}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Instructor analytics: per-student table, timeline, talk-time balance, at-risk students, CSV downloads. */
export default function AnalyticsPage() {
  const { t, api, claims } = useApp();
  const [report, setReport] = useState<SessionAnalytics | null>(null);
  const [overview, setOverview] = useState<CourseOverview | null>(null);
  const load = useAction();
  const download = useAction();
  const refresh = () =>
    load.run(async () => {
      const [session, course] = await Promise.all([api.sessionAnalytics(), api.courseOverview(claims.course)]);
      setReport(session);
      setOverview(course);
    });
  useEffect(() => void refresh(), [api, claims.course]);
  return (
    <section class="analytics" aria-labelledby="analytics-title" aria-busy={load.busy}>
      <h2 id="analytics-title">{t('analytics.title')}</h2>
      <div class="toolbar">
        <button type="button" onClick={() => void refresh()} disabled={load.busy}>
          {load.busy ? t('common.working') : t('analytics.refresh')}
        </button>
        <button
          type="button"
          disabled={download.busy}
          onClick={() => void download.run(async () => saveBlob(await api.sessionCsv(), 'session-participation.csv'))}
        >
          {t('analytics.csvSession')}
        </button>
        <button
          type="button"
          disabled={download.busy}
          onClick={() =>
            void download.run(async () => saveBlob(await api.courseCsv(claims.course), 'course-analytics.csv'))
          }
        >
          {t('analytics.csvCourse')}
        </button>
      </div>
      {(load.error ?? download.error) ? (
        <p class="error" role="alert">
          {load.error ?? download.error}
        </p>
      ) : null}
      {report ? (
        <>
          <StudentTable report={report} />
          <div class="dashboard__grid">
            <Timeline report={report} />
            <TalkTime report={report} />
            {overview ? <AtRisk overview={overview} /> : null}
          </div>
        </>
      ) : null}
    </section>
  );
}
