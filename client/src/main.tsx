import { render } from 'preact';
import { decodeClaims, readSessionToken } from './session';

function App() {
  const token = readSessionToken(window.location);
  const claims = token ? decodeClaims(token) : undefined;
  if (!claims) {
    return (
      <main>
        <h1>EduForum Live</h1>
        <p>Open EduForum Live from your course in the LMS to join a seminar.</p>
      </main>
    );
  }
  return (
    <main>
      <h1>EduForum Live</h1>
      <p data-testid="identity">
        {claims.name} ({claims.role})
      </p>
    </main>
  );
}

render(<App />, document.getElementById('app')!);
