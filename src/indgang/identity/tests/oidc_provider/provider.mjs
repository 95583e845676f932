// A real OpenID Connect provider (node-oidc-provider) for Indgang's login tests.
//
// Started by LocalProvider (__init__.py beside this file) with one JSON argument:
//   {port, issuer, client, claims_in, signing_key_id, acr, accounts}
// It prints "ready <issuer>" once it listens and serves until SIGTERM.
// Accounts are synthetic citizens only; nothing leaves 127.0.0.1.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';

// The package comes from the project's node_modules (npm ci), wherever that is.
const { default: Provider } = await import(process.env.OIDC_PROVIDER_MODULE || 'oidc-provider');

const config = JSON.parse(process.argv[2]);
const claimsInUserinfo = config.claims_in !== 'id_token';

// A fresh signing key on every start; a new kid is how a test rotates keys.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }),
  kid: config.signing_key_id,
  use: 'sig',
  alg: 'RS256',
};

const escape = (value) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html>
<html lang="da">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} – test-MitID</title></head>
<body><main><h1>${escape(title)}</h1>
<p>En lokal OpenID Connect-udbyder til test. Kun syntetiske borgere.</p>
${body}</main></body></html>`;
}

const provider = new Provider(config.issuer, {
  clients: [config.client],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  acrValues: config.acr ? [config.acr] : [],
  claims: {
    openid: ['sub'],
    mitid: ['name'],
    ssn: ['dk.cpr'],
    nemlogin: ['dk.cvr', 'dk.cvr.name'],
  },
  // Conformant default: scope-requested claims go to userinfo only. Off, they
  // go into the ID token too, and the userinfo endpoint is switched off.
  conformIdTokenClaims: claimsInUserinfo,
  features: {
    devInteractions: { enabled: false },
    userinfo: { enabled: claimsInUserinfo },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.type = 'html';
        ctx.body = page(
          'Vil du logge af test-MitID?',
          `${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Ja, log mig af</button>
<button type="submit" form="op.logoutForm">Nej, bliv logget på</button>`,
        );
      },
      async postLogoutSuccessSource(ctx) {
        ctx.type = 'html';
        ctx.body = page('Du er logget af test-MitID', '');
      },
    },
  },
  async findAccount(ctx, sub) {
    const account = config.accounts[sub];
    if (!account) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...account.claims }) };
  },
  // The test client is first-party: no consent screen, grant what it asks.
  async loadExistingGrant(ctx) {
    const { client, session, params, result } = ctx.oidc;
    const grantId = result?.consent?.grantId || session.grantIdFor(client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    grant.addOIDCScope(String(params.scope));
    await grant.save();
    session.grantIdFor(client.clientId, grant.jti);
    return grant;
  },
  // The provider refuses to fetch from loopback addresses (SSRF protection);
  // here Indgang's jwks_uri is on localhost by design, so let it.
  fetch: (url, options) => globalThis.fetch(url, { ...options, dispatcher: undefined }),
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Der skete en fejl', `<p>${escape(out.error)}: ${escape(out.error_description ?? '')}</p>`);
  },
});

// Every refusal goes to stderr, which the tests keep and show when one fails.
for (const event of ['grant.error', 'authorization.error', 'userinfo.error', 'end_session.error', 'server_error']) {
  provider.on(event, (ctx, error) => {
    process.stderr.write(`${event}: ${error.error ?? error.name}: ${error.error_description ?? ''} ${error.error_detail ?? error.message ?? ''} ${error.cause?.cause ?? error.cause ?? ''}\n`);
  });
}

function loginForm(uid, error) {
  return page(
    'Log på med test-MitID',
    `${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<p><label for="username">Bruger-id</label><br><input id="username" name="username" autocomplete="username" required></p>
<p><label for="password">Adgangskode</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Log på</button></p>
</form>
<form method="post" action="/interaction/${uid}/abort"><p><button type="submit">Afbryd</button></p></form>`,
  );
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res) {
  const [, , uid, action] = new URL(req.url, config.issuer).pathname.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(loginForm(uid));
  }
  if (action === 'abort') {
    return provider.interactionFinished(req, res, {
      error: 'access_denied', error_description: 'The citizen cancelled the login',
    }, { mergeWithLastSubmission: false });
  }
  const form = await readForm(req);
  const account = config.accounts[form.get('username')];
  if (!account || account.password !== form.get('password')) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(loginForm(uid, 'Forkert bruger-id eller adgangskode.'));
  }
  return provider.interactionFinished(req, res, {
    login: { accountId: form.get('username'), acr: config.acr, amr: ['pwd'] },
  }, { mergeWithLastSubmission: false });
}

const handle = provider.callback();
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(error));
    });
    return;
  }
  handle(req, res);
});
server.listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`ready ${config.issuer}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
