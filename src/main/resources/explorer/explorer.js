/*
 * lambdachain explorer, the entry of the page: routing on the address bar's hash, and the search box.
 * Plain JavaScript modules served by the node itself, no build step, nothing loaded from elsewhere.
 * The page's Content-Security-Policy allows no inline script or style, and every value from the node
 * or the address bar reaches the page as text (dom.js).
 *
 * The modules: api.js (talking to the node), dom.js (building the page as text), pages.js (the chain's
 * views), actions.js (sending, mining, peers), protocol.js (the protocol's bytes), signing.js (Ed25519
 * keys with WebCrypto).
 */
import { segment } from './api.js';
import { h, message } from './dom.js';
import { addressPage, blockPage, mempoolPage, searchPage, summaryPage, transactionPage } from './pages.js';
import { actionsPage } from './actions.js';

const view = document.getElementById('view');
// a page still loading when the reader moves on must not replace the newer one
let generation = 0;

const routes = [
  [/^\/?$/, summaryPage],
  [/^\/block\/([^/]+)$/, blockPage],
  [/^\/tx\/([^/]+)$/, transactionPage],
  [/^\/address\/([^/]+)$/, addressPage],
  [/^\/search\/([^/]+)$/, searchPage],
  [/^\/mempool$/, mempoolPage],
  [/^\/actions$/, actionsPage]
];

async function route() {
  const mine = ++generation;
  const path = location.hash.replace(/^#/, '');
  let page = null;
  let argument = null;
  for (const entry of routes) {
    const match = entry[0].exec(path);
    if (match) {
      page = entry[1];
      try {
        argument = match[1] === undefined ? null : decodeURIComponent(match[1]);
      } catch (e) {
        page = null;
      }
      break;
    }
  }
  view.replaceChildren(message('Loading…', 'loading'));
  const content = page ? await page(argument) : h('section', null, h('h1', null, 'Nothing here'),
    message('This page has no view for the link ' + path + '. Try the search box.'));
  if (mine === generation) {
    view.replaceChildren(content);
  }
}

// ---------------------------------------------------------------- search

/** All digits: a height; 64 hex digits: a block hash or a transaction id; anything else: an address. */
function classify(query) {
  const text = query.trim();
  if (/^[0-9]+$/.test(text)) {
    return { kind: 'height', value: text.replace(/^0+(?=\d)/, '') };
  }
  if (/^[0-9a-fA-F]{64}$/.test(text)) {
    return { kind: 'hash', value: text.toLowerCase() };
  }
  return { kind: 'address', value: text };
}

function search(query) {
  const found = classify(query);
  if (!found.value) {
    return;
  }
  if (found.kind === 'height') {
    location.hash = '#/block/' + found.value;
  } else if (found.kind === 'hash') {
    location.hash = '#/search/' + found.value;
  } else {
    location.hash = '#/address/' + segment(found.value);
  }
}

// ---------------------------------------------------------------- start

document.getElementById('search').addEventListener('submit', function (event) {
  event.preventDefault();
  search(document.getElementById('search-input').value);
});
window.addEventListener('hashchange', route);
route();
