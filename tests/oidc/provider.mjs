// A real, certified OpenID provider (the npm package oidc-provider) for the test suite.
//
//   node tests/oidc/provider.mjs <config.json>
//
// The config (JSON, written by the pytest fixture in tests/oidc/harness.py) holds the port
// and the first set of clients and users. Tests replace clients and users while the
// provider runs (POST /__admin/config) and change a user between logins
// (PATCH /__admin/users/<login>): the provider is rebuilt with the new clients, the HTTP
// server and the signing key stay. When listening it prints one line: "READY <issuer>".
//
// Config format (all keys but port optional):
//   {
//     "port": 41234,
//     "clients": [{"client_id": "toegang", "client_secret": "geheim",
//                  "redirect_uris": ["http://127.0.0.1:8000/oidc/callback/"],
//                  "post_logout_redirect_uris": ["http://127.0.0.1:8000/"]}],
//     "users": [{"login": "jan", "password": "jan", "sub": "jan-1",
//                "claims": {"email": "jan@aalten.nl", "name": "Jan", "groups": ["toegang"]},
//                "amr": ["pwd", "mfa"], "acr": "urn:aalten:mfa"}],
//     "scopes": {"groups": ["groups"], "bsn": ["bsn"]},   // extra scope -> claims
//     "id_token_claims": true    // put scope claims in the ID token too (default true)
//   }
// A user logs in on /interaction/<uid> with login + password (password defaults to the
// login); consent is given automatically. RP-initiated logout (end_session) shows a
// confirmation page with the button "Ja, uitloggen". PKCE is supported for every client
// and required for public ones (token_endpoint_auth_method "none").
//
// Admin endpoints (only for tests; the server listens on 127.0.0.1 only):
//   POST  /__admin/config            {"clients": [...], "users": [...], ...} replace all
//   PATCH /__admin/users/<login>     {"claims": {...}, "amr": [...], "acr": "..."} merge
//   GET   /__admin/sessions          {"<sub>": <number of live provider sessions>}
//   POST  /__admin/delay             {"ms": 5000}: every later OP response waits that long

import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const configPath = process.argv[2];
if (!configPath) {
  console.error('usage: node provider.mjs <config.json>');
  process.exit(2);
}
let config = JSON.parse(readFileSync(configPath, 'utf8'));
const port = config.port;
const issuer = `http://127.0.0.1:${port}`;
let delayMs = 0;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'toets-sleutel', use: 'sig', alg: 'RS256' };

// Sessions are kept in memory by this adapter so /__admin/sessions can count them.
const stores = new Map();
class Geheugen {
  constructor(name) {
    this.name = name;
    if (!stores.has(name)) stores.set(name, new Map());
    this.store = stores.get(name);
  }

  async upsert(id, payload, expiresIn) {
    this.store.set(id, { payload, expires: Date.now() + (expiresIn || 3600) * 1000 });
  }

  async find(id) {
    const item = this.store.get(id);
    if (!item || item.expires < Date.now()) return undefined;
    return item.payload;
  }

  async findByUserCode(userCode) {
    for (const { payload } of this.store.values()) if (payload.userCode === userCode) return payload;
    return undefined;
  }

  async findByUid(uid) {
    for (const { payload } of this.store.values()) if (payload.uid === uid) return payload;
    return undefined;
  }

  async consume(id) {
    const item = this.store.get(id);
    if (item) item.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id) {
    this.store.delete(id);
  }

  async revokeByGrantId(grantId) {
    for (const [id, { payload }] of this.store) if (payload.grantId === grantId) this.store.delete(id);
  }
}

function userByLogin(login) {
  return (config.users || []).find((u) => u.login === login);
}

function userBySub(sub) {
  return (config.users || []).find((u) => (u.sub || u.login) === sub);
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

function build() {
  const scopes = { groups: ['groups'], ...(config.scopes || {}) };
  const claims = {
    auth_time: null,
    sid: null,
    iss: null,
    // amr and acr in every ID token (what the user's login asserted), as Entra ID and
    // Keycloak do; by default oidc-provider only sends them when asked for.
    openid: ['sub', 'amr', 'acr'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    ...scopes,
  };
  const clients = (config.clients || []).map((c) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: c.client_secret ? 'client_secret_basic' : 'none',
    ...c,
  }));
  const provider = new Provider(issuer, {
    adapter: Geheugen,
    clients,
    jwks: { keys: [jwk] },
    cookies: { keys: ['toets-cookie-sleutel'] },
    claims,
    scopes: Object.keys(claims).filter((name) => Array.isArray(claims[name])),
    conformIdTokenClaims: config.id_token_claims === false,
    acrValues: [...new Set((config.users || []).map((u) => u.acr).filter(Boolean))],
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = page('Uitloggen bij de toets-provider', `${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Ja, uitloggen</button>
<button type="submit" form="op.logoutForm">Nee, ingelogd blijven</button>`);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = page('Uitgelogd bij de toets-provider', '<p>Je bent uitgelogd.</p>');
        },
      },
    },
    ttl: { IdToken: 3600, AccessToken: 3600, Session: 3600, Interaction: 3600, Grant: 3600, AuthorizationCode: 60 },
    async findAccount(_ctx, sub) {
      const user = userBySub(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        async claims() {
          // Read per request, so a PATCH between logins shows at the next login.
          const current = userBySub(sub) || user;
          return { sub, ...(current.claims || {}) };
        },
      };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Fout bij de toets-provider', `<pre>${escape(JSON.stringify(out))}</pre>`);
    },
  });
  provider.proxy = false;
  return provider;
}

let provider = build();

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function html(res, status, body) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(body);
}

async function admin(req, res, path) {
  const body = req.method === 'GET' ? {} : JSON.parse((await readBody(req)) || '{}');
  if (req.method === 'POST' && path === '/__admin/config') {
    config = { ...config, ...body, port };
    provider = build();
    return json(res, 200, { ok: true });
  }
  if (req.method === 'PATCH' && path.startsWith('/__admin/users/')) {
    const user = userByLogin(decodeURIComponent(path.slice('/__admin/users/'.length)));
    if (!user) return json(res, 404, { error: 'unknown user' });
    if (body.claims) user.claims = { ...(user.claims || {}), ...body.claims };
    for (const key of ['amr', 'acr', 'password']) if (key in body) user[key] = body[key];
    provider = build();
    return json(res, 200, user);
  }
  if (req.method === 'GET' && path === '/__admin/sessions') {
    const counts = {};
    for (const { payload, expires } of (stores.get('Session') || new Map()).values()) {
      if (payload.accountId && expires > Date.now()) counts[payload.accountId] = (counts[payload.accountId] || 0) + 1;
    }
    return json(res, 200, counts);
  }
  if (req.method === 'POST' && path === '/__admin/delay') {
    delayMs = Number(body.ms) || 0;
    return json(res, 200, { ms: delayMs });
  }
  return json(res, 404, { error: 'unknown admin endpoint' });
}

function loginForm(uid, fout = '') {
  return page('Inloggen bij de toets-provider', `${fout ? `<p role="alert">${escape(fout)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login" autocomplete="off">
<p><label for="login">Gebruikersnaam</label> <input id="login" name="login" required autofocus></p>
<p><label for="password">Wachtwoord</label> <input id="password" name="password" type="password"></p>
<p><button type="submit">Inloggen</button></p>
</form>`);
}

async function interaction(req, res, path) {
  const details = await provider.interactionDetails(req, res);
  const { uid, prompt, params, session } = details;
  if (req.method === 'POST' && path.endsWith('/login')) {
    const form = new URLSearchParams(await readBody(req));
    const user = userByLogin(form.get('login'));
    if (!user || (user.password ?? user.login) !== (form.get('password') ?? '')) {
      return html(res, 200, loginForm(uid, 'Onbekende gebruiker of verkeerd wachtwoord.'));
    }
    const login = { accountId: user.sub || user.login };
    if (user.amr) login.amr = user.amr;
    if (user.acr) login.acr = user.acr;
    return provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
  }
  if (prompt.name === 'login') return html(res, 200, loginForm(uid));
  // Consent: granted at once for what the client asked.
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

const server = http.createServer(async (req, res) => {
  const path = new URL(req.url, issuer).pathname;
  try {
    if (path.startsWith('/__admin/')) return await admin(req, res, path);
    if (delayMs) await new Promise((resolve) => { setTimeout(resolve, delayMs); });
    if (path.startsWith('/interaction/')) return await interaction(req, res, path);
    return provider.callback()(req, res);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) html(res, 500, page('Fout bij de toets-provider', `<pre>${escape(error)}</pre>`));
  }
});

server.listen(port, '127.0.0.1', () => {
  console.log(`READY ${issuer}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
