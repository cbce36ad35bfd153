import { useState } from 'preact/hooks';
import { LazyAnalyticsPage } from '../features/analytics/index.js';
import { AiAssistPanel, CheckpointSuggestions } from '../features/ai/index.js';
import {
  AlertsPanel,
  BreakoutManager,
  GradeSyncPanel,
  ParticipantsPanel,
  ParticipationWeightsCard,
  PollLauncher,
  QuizLauncher,
  SessionControls,
} from '../features/dashboard/index.js';
import { HandQueue } from '../features/hands/index.js';
import { PulseGauge } from '../features/pulse/index.js';
import { Tabs, useApp } from '../ui/index.js';
import { RoomLayout } from './RoomLayout.js';

/** Instructor/TA view: the room plus the live dashboard and analytics. Lives in its own chunk (views/index.ts). */
export default function InstructorView() {
  const { t } = useApp();
  const [panel, setPanel] = useState('live');
  return (
    <RoomLayout
      staff
      dashboard={
        <section class="dashboard" aria-labelledby="dashboard-title">
          <h2 id="dashboard-title">{t('dashboard.title')}</h2>
          <Tabs
            idPrefix="dashboard"
            label={t('dashboard.title')}
            tabs={[
              { id: 'live', label: t('analytics.liveTab') },
              { id: 'analytics', label: t('analytics.title') },
            ]}
            active={panel}
            onSelect={setPanel}
          >
            {panel === 'live' ? (
              <div class="dashboard__grid">
                <SessionControls />
                <PulseGauge />
                <HandQueue />
                <AlertsPanel />
                <PollLauncher />
                <CheckpointSuggestions />
                <QuizLauncher />
                <BreakoutManager />
                <ParticipantsPanel />
                <GradeSyncPanel />
                <ParticipationWeightsCard />
                <AiAssistPanel />
              </div>
            ) : (
              <LazyAnalyticsPage
                fallback={
                  <p class="muted" role="status">
                    {t('analytics.loading')}
                  </p>
                }
                failed={
                  <p class="error" role="alert">
                    {t('analytics.failed')}
                  </p>
                }
              />
            )}
          </Tabs>
        </section>
      }
    />
  );
}
