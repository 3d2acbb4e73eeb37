// Login through Keycloak with the authorization code flow and PKCE (public client metering-console).
// Tokens live in sessionStorage: closing the tab ends the console session.

const redirectUri = () => window.location.origin + window.location.pathname;

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function claimsOf(token) {
  const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(part), c => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

export class Auth {
  constructor(config) {
    this.config = config;
    const saved = JSON.parse(sessionStorage.getItem('tokens') || 'null');
    this.token = saved?.token ?? null;
    this.refresh = saved?.refresh ?? null;
    this.expiresAt = saved?.expiresAt ?? 0;
  }

  /** Sends the browser to Keycloak's login page; the promise never resolves. */
  async login() {
    const verifier = base64url(crypto.getRandomValues(new Uint8Array(48)));
    const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const nonce = base64url(crypto.getRandomValues(new Uint8Array(16)));
    sessionStorage.setItem('pkce', JSON.stringify({ verifier, nonce, hash: window.location.hash }));
    const url = new URL(this.config.issuer + '/protocol/openid-connect/auth');
    Object.entries({ client_id: this.config.clientId, response_type: 'code', scope: 'openid',
      redirect_uri: redirectUri(), code_challenge: challenge, code_challenge_method: 'S256', state: nonce })
      .forEach(([k, v]) => url.searchParams.set(k, v));
    window.location.assign(url);
    return new Promise(() => {});
  }

  /** Completes a login when Keycloak sent the browser back with a code; true if it did. */
  async completeLogin() {
    const params = new URLSearchParams(window.location.search);
    if (!params.has('code') && !params.has('error')) return false;
    const pkce = JSON.parse(sessionStorage.getItem('pkce') || '{}');
    sessionStorage.removeItem('pkce');
    if (params.has('error')) throw new Error('Login refused: ' + (params.get('error_description') || params.get('error')));
    if (!pkce.verifier || params.get('state') !== pkce.nonce) throw new Error('Login state mismatch; reload the page');
    await this.tokenRequest({ grant_type: 'authorization_code', client_id: this.config.clientId, code: params.get('code'),
      redirect_uri: redirectUri(), code_verifier: pkce.verifier });
    history.replaceState(null, '', redirectUri() + (pkce.hash || ''));
    return true;
  }

  async tokenRequest(form) {
    const response = await fetch(this.config.issuer + '/protocol/openid-connect/token', {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
    if (!response.ok) throw new Error('Login failed: ' + response.status);
    const t = await response.json();
    this.token = t.access_token;
    this.refresh = t.refresh_token;
    this.expiresAt = Date.now() + (t.expires_in - 20) * 1000;
    sessionStorage.setItem('tokens', JSON.stringify({ token: this.token, refresh: this.refresh, expiresAt: this.expiresAt }));
  }

  /** A valid access token: the current one, a refreshed one, or (after a new login) never. */
  async accessToken() {
    if (this.token && Date.now() < this.expiresAt) return this.token;
    if (this.refresh) {
      try {
        await this.tokenRequest({ grant_type: 'refresh_token', client_id: this.config.clientId, refresh_token: this.refresh });
        return this.token;
      } catch (e) { /* the session ended: log in again */ }
    }
    return this.login();
  }

  forget() {
    this.token = null;
    this.refresh = null;
    sessionStorage.removeItem('tokens');
  }

  /** The signed-in user: name, tenant and realm roles from the access token. */
  user() {
    const claims = claimsOf(this.token);
    return { name: claims.preferred_username || claims.sub, tenant: claims.tenant || '?',
      roles: claims.realm_access?.roles || [] };
  }

  logout() {
    const url = this.config.issuer + '/protocol/openid-connect/logout?client_id=' + encodeURIComponent(this.config.clientId)
      + '&post_logout_redirect_uri=' + encodeURIComponent(redirectUri());
    sessionStorage.clear();
    window.location.assign(url);
  }
}
