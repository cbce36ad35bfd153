/**
 * Server-side launch latency: dev LMS "launch as" → tool OIDC login → platform authorization (RS256 id_token)
 * → tool launch (ltijs verification, server-side state, upserts, session token) → /app/ redirect, over real
 * HTTP against the embedded store. Prints P50/P95 of the whole chain and of the tool's two legs as JSON lines.
 *
 *   npx tsx bench/launch-latency.ts [launches=200]
 */
import { reportLatencies } from './support/report.js';
import { createLogger } from '../tool/logger.js';
import { startToolServer } from '../tool/server.js';
import { testConfig } from '../test/support/config.js';
import { stopSharedServices } from '../test/support/services.js';
import { formFields, postLaunch, tokenFromAppRedirect } from '../test/support/lti.js';

const LAUNCHES = Number(process.argv[2] ?? 200);
const WARM_UP = 10;
const USERS = [
  'ada.kim',
  'ben.park',
  'chloe.lee',
  'daniel.choi',
  'eunji.jung',
  'farid.haddad',
  'grace.yoon',
  'hiro.tanaka',
];

const server = await startToolServer(await testConfig({ DEV_PLATFORM: '1' }), createLogger('silent'));
const platform = server.launch.devPlatform!.state;
const total: number[] = [];
const loginLeg: number[] = [];
const launchLeg: number[] = [];
try {
  for (let i = 0; i < LAUNCHES + WARM_UP; i++) {
    const user = USERS[i % USERS.length]!;
    const started = performance.now();
    const start = await fetch(`${platform.issuer}/launch?user=${user}&link=seminar-1&storage=0`, {
      redirect: 'manual',
    });
    const loginStarted = performance.now();
    const login = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const loginDone = performance.now();
    const auth = await fetch(login.headers.get('location')!, { redirect: 'manual' });
    const { fields } = formFields(await auth.text());
    const launchStarted = performance.now();
    const answer = await postLaunch(server, { id_token: fields.id_token!, state: fields.state! });
    const done = performance.now();
    tokenFromAppRedirect(answer.location);
    if (i < WARM_UP) continue;
    total.push(done - started);
    loginLeg.push(loginDone - loginStarted);
    launchLeg.push(done - launchStarted);
  }
  reportLatencies('launch_login_to_app_redirect', total, [50, 95]);
  reportLatencies('launch_tool_login', loginLeg, [50, 95]);
  reportLatencies('launch_tool_launch', launchLeg, [50, 95]);
} finally {
  await server.close();
  await stopSharedServices();
}
