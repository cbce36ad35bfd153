import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadRegistrationsDir, parseRegistration } from '../../launch/index.js';

const good = {
  name: 'State University Moodle',
  issuer: 'https://moodle.example.edu',
  clientId: 'Xy12',
  deploymentIds: ['3'],
  authenticationEndpoint: 'https://moodle.example.edu/mod/lti/auth.php',
  accessTokenEndpoint: 'https://moodle.example.edu/mod/lti/token.php',
  jwksEndpoint: 'https://moodle.example.edu/mod/lti/certs.php',
};

describe('LTI registration files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'eduforum-reg-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads every good file and skips *.example.json templates', async () => {
    await writeFile(path.join(dir, 'moodle.json'), JSON.stringify(good));
    await writeFile(
      path.join(dir, 'canvas.json'),
      JSON.stringify({ ...good, issuer: 'https://canvas.instructure.com' }),
    );
    await writeFile(path.join(dir, 'template.example.json'), JSON.stringify({ ...good, clientId: 'template' }));
    const { registrations, problems } = await loadRegistrationsDir(dir);
    expect(problems).to.deep.equal([]);
    expect(registrations.map((r) => r.issuer)).to.have.members([
      'https://moodle.example.edu',
      'https://canvas.instructure.com',
    ]);
  });

  it('names the file and the field of a bad registration and still loads the good ones', async () => {
    await writeFile(path.join(dir, 'good.json'), JSON.stringify(good));
    const { clientId: _missing, ...noClient } = good;
    await writeFile(path.join(dir, 'broken.json'), JSON.stringify({ ...noClient, jwksEndpoint: 'not a url' }));
    await writeFile(path.join(dir, 'garbled.json'), '{ "name": ');
    const { registrations, problems } = await loadRegistrationsDir(dir);
    expect(registrations.map((r) => r.clientId)).to.deep.equal(['Xy12']);
    const broken = problems.find((p) => p.file.endsWith('broken.json'));
    expect(broken?.message)
      .to.match(/clientId/)
      .and.match(/jwksEndpoint/);
    expect(problems.find((p) => p.file.endsWith('garbled.json'))?.message).to.match(/not valid JSON/);
  });

  it('refuses a second file for the same issuer and client id but accepts another client id of that issuer', async () => {
    await writeFile(path.join(dir, 'a.json'), JSON.stringify(good));
    await writeFile(path.join(dir, 'b.json'), JSON.stringify({ ...good, name: 'copy' }));
    await writeFile(path.join(dir, 'c.json'), JSON.stringify({ ...good, clientId: 'second-key' }));
    const { registrations, problems } = await loadRegistrationsDir(dir);
    expect(registrations.map((r) => r.clientId)).to.deep.equal(['Xy12', 'second-key']);
    expect(problems).to.have.length(1);
    expect(problems[0]!.file).to.match(/b\.json$/);
    expect(problems[0]!.message).to.match(/already registered by a\.json/);
  });

  it('requires at least one deployment id and rejects unknown fields', () => {
    const noDeployments = parseRegistration(JSON.stringify({ ...good, deploymentIds: [] }));
    expect(noDeployments.ok).to.equal(false);
    expect(!noDeployments.ok && noDeployments.message).to.match(/^deploymentIds:/);
    const typo = parseRegistration(JSON.stringify({ ...good, jwksUrl: 'https://x.test' }));
    expect(!typo.ok && typo.message).to.match(/jwksUrl/);
  });

  it('treats a missing folder as no registrations', async () => {
    expect(await loadRegistrationsDir(path.join(dir, 'absent'))).to.deep.equal({ registrations: [], problems: [] });
  });

  it('ships example registrations for Canvas, Moodle, Blackboard and Brightspace that are valid', async () => {
    const examples = path.resolve('lti-registrations');
    const files = (await readdir(examples)).filter((f) => f.endsWith('.example.json')).sort();
    expect(files).to.deep.equal([
      'blackboard.example.json',
      'brightspace.example.json',
      'canvas.example.json',
      'moodle.example.json',
    ]);
    for (const file of files) {
      const parsed = parseRegistration(await readFile(path.join(examples, file), 'utf8'));
      expect(parsed.ok, `${file}: ${!parsed.ok && parsed.message}`).to.equal(true);
    }
  });
});
