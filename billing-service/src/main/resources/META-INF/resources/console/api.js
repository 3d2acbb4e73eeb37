// The billing API with the signed-in user's token. Every refusal becomes an ApiError carrying the
// API's own reason ({"error":"code","message":"..."}), which the views show as they are.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export class Api {
  constructor(auth) {
    this.auth = auth;
  }

  get(path) {
    return this.request('GET', path);
  }

  post(path, body) {
    return this.request('POST', path, body);
  }

  put(path, body) {
    return this.request('PUT', path, body);
  }

  delete(path) {
    return this.request('DELETE', path);
  }

  /** A download: the body as a Blob and the file name the server proposes. */
  async file(path) {
    const response = await this.fetch('GET', path);
    const disposition = response.headers.get('Content-Disposition') || '';
    const name = /filename="([^"]+)"/.exec(disposition)?.[1] || path.split('/').pop();
    return { blob: await response.blob(), name };
  }

  async request(method, path, body) {
    const response = await this.fetch(method, path, body);
    if (response.status === 204) return null;
    return response.json();
  }

  async fetch(method, path, body, retried = false) {
    const headers = { Authorization: 'Bearer ' + await this.auth.accessToken(), Accept: 'application/json, */*' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401 && !retried) {
      this.auth.forget();
      return this.fetch(method, path, body, true);
    }
    if (!response.ok) {
      let code = 'http_' + response.status;
      let message = response.statusText || 'Request failed';
      try {
        const answer = await response.json();
        code = answer.error || code;
        message = answer.message || message;
      } catch (e) { /* not JSON */ }
      throw new ApiError(response.status, code, message);
    }
    return response;
  }
}
