/*
 * Talking to the node: every call of the explorer goes through api() or post(), which never throw
 * and answer {status, body, error} with the error as one sentence for the page.
 */
// The node's routes are siblings of the page: "/" and "/explorer" both read "info", "chain", ...
// also behind a base path such as "/prod/".
const BASE = location.pathname.replace(/explorer$/, '').replace(/[^/]*$/, '');
const OPERATOR_ONLY = 'this node only lets its operator do that (IAM-signed calls)';
const OPERATOR_ONLY_READ = 'this node answers only its operator (IAM-signed calls), so the page cannot show this';

/** One call to the node: {status, body, error}; status 0 when it did not answer. */
export async function api(path, init) {
  let response;
  try {
    response = await fetch(BASE + path, Object.assign({ headers: { Accept: 'application/json' } }, init || {}));
  } catch (e) {
    return { status: 0, body: null, error: 'the node did not answer (' + e.message + ')' };
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  return { status: response.status, body: body, error: errorText(response.status, body, init) };
}

export function post(path, json) {
  return api(path, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(json)
  });
}

function errorText(status, body, init) {
  if (status >= 200 && status < 300) {
    return null;
  }
  if (status === 403) {
    return init && init.method === 'POST' ? OPERATOR_ONLY : OPERATOR_ONLY_READ;
  }
  if (body && typeof body.error === 'string') {
    return body.error;
  }
  if (body && typeof body.message === 'string') {
    return body.message; // API Gateway's own answers
  }
  return 'the node answered HTTP ' + status;
}

/** A 404 from the router rather than from a handler: this node does not have the route yet. */
export function routeMissing(reply) {
  if (reply.status !== 404) {
    return false;
  }
  const body = reply.body;
  return !body || body.message === 'Not Found' || (typeof body.error === 'string' && body.error.indexOf('no route for ') === 0);
}

/** One path segment (or hash-link part) of {@code value}, percent-encoded: it can never add a '/', '?' or '#'. */
export function segment(value) {
  return encodeURIComponent(String(value));
}
