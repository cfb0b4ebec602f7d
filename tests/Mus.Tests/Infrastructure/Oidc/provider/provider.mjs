// A real OpenID provider (npm's oidc-provider) on a loopback port, for MUS's sign-on tests.
// The test says who "types in their credentials" next through /test/next; the provider then logs
// that account in and grants what was asked, without pages of its own. Usage:
//   node provider.mjs <port> <client id> <client secret> <redirect uri> <post-logout redirect uri>
// It prints "ready" when it listens.
import http from 'node:http';
import Provider from 'oidc-provider';

const [port, clientId, clientSecret, redirectUri, postLogoutUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const accounts = new Map();
let next = null;
const seen = { logins: 0, logouts: 0 };

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [postLogoutUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], employee: ['employee_number'] },
  // The claims asked for by scope go into the ID token too, as Entra ID puts them there.
  conformIdTokenClaims: false,
  findAccount: (ctx, sub) => accounts.has(sub) ? { accountId: sub, claims: () => ({ sub, ...accounts.get(sub) }) } : undefined,
  features: {
    devInteractions: { enabled: false },
    // As Microsoft Entra ID: no pushed authorization requests, so what MUS asks for is in the address.
    pushedAuthorizationRequests: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      // The confirmation form, bare: the test posts it as the person's browser would.
      logoutSource: (ctx, form) => { ctx.body = `<!DOCTYPE html><title>Sign out</title>${form}<button form="op.logoutForm" name="logout" value="yes">Yes</button>`; },
      postLogoutSuccessSource: (ctx) => { ctx.body = '<!DOCTYPE html><title>Signed out</title>signed out'; },
    },
  },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['mus-test-provider-cookie-key-not-secret'] },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
});
provider.on('end_session.success', () => { seen.logouts += 1; });

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') {
    if (next === null || next.error) {
      const error = next?.error ?? 'login_required';
      next = null;
      return provider.interactionFinished(req, res, { error, error_description: 'The test provider was told to refuse.' }, { mergeWithLastSubmission: false });
    }

    const { sub, claims } = next;
    next = null;
    accounts.set(sub, claims);
    seen.logins += 1;
    return provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
  }

  const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  if (details.prompt.details.missingOIDCScope) grant.addOIDCScope(details.prompt.details.missingOIDCScope.join(' '));
  if (details.prompt.details.missingOIDCClaims) grant.addOIDCClaims(details.prompt.details.missingOIDCClaims);
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

function body(req) {
  return new Promise((resolve) => { let text = ''; req.on('data', (chunk) => { text += chunk; }); req.on('end', () => resolve(text)); });
}

const callback = provider.callback();
http.createServer(async (req, res) => {
  try {
    if (req.url === '/test/next' && req.method === 'POST') {
      next = JSON.parse(await body(req));
      res.writeHead(204).end();
    } else if (req.url === '/test/seen') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(seen));
    } else if (req.url.startsWith('/interaction/')) {
      await interaction(req, res);
    } else {
      callback(req, res);
    }
  } catch (error) {
    console.error(error);
    if (!res.headersSent) res.writeHead(500).end(String(error));
  }
}).listen(Number(port), '127.0.0.1', () => console.log('ready'));
