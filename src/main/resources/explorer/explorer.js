/*
 * lambdachain explorer. Plain JavaScript, no build step, nothing loaded from elsewhere.
 *
 * Every value from the node or from the address bar reaches the page as text (textContent,
 * createTextNode, attribute values of links this script builds): never as markup. The page's
 * Content-Security-Policy allows no inline script or style either.
 */
'use strict';

(function () {
  // The node's routes are siblings of the page: "/" and "/explorer" both read "info", "chain", ...
  // also behind a base path such as "/prod/".
  const BASE = location.pathname.replace(/explorer$/, '').replace(/[^/]*$/, '');
  const OPERATOR_ONLY = 'this node only lets its operator do that (IAM-signed calls)';
  const OPERATOR_ONLY_READ = 'this node answers only its operator (IAM-signed calls), so the page cannot show this';
  const LATEST_BLOCKS = 10;
  const AVERAGE_OVER = 20;
  const VALIDATE_AUTOMATICALLY_UP_TO = 500;
  const HISTORY_PAGE = 20;
  const MEMPOOL_PAGE = 50;

  const view = document.getElementById('view');
  let generation = 0;

  // ---------------------------------------------------------------- talking to the node

  /** One call to the node: {status, body, error}; status 0 when it did not answer. */
  async function api(path, init) {
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

  function post(path, json) {
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
  function routeMissing(reply) {
    if (reply.status !== 404) {
      return false;
    }
    const body = reply.body;
    return !body || body.message === 'Not Found' || (typeof body.error === 'string' && body.error.indexOf('no route for ') === 0);
  }

  function segment(value) {
    return encodeURIComponent(String(value));
  }

  // ---------------------------------------------------------------- building the page, as text only

  /** createElement with properties and children; strings become text nodes, never markup. */
  function h(tag, props) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(function (entry) {
      const key = entry[0];
      const value = entry[1];
      if (value === undefined || value === null || value === false) {
        return;
      }
      if (key === 'class') {
        node.className = value;
      } else if (key.indexOf('on') === 0) {
        node.addEventListener(key.slice(2), value);
      } else if (key === 'hidden' || key === 'disabled' || key === 'required' || key === 'readOnly') {
        node[key] = Boolean(value);
      } else {
        node.setAttribute(key, String(value));
      }
    });
    for (let i = 2; i < arguments.length; i++) {
      appendChildren(node, arguments[i]);
    }
    return node;
  }

  function appendChildren(node, child) {
    if (child === undefined || child === null || child === false) {
      return;
    }
    if (Array.isArray(child)) {
      child.forEach(function (c) { appendChildren(node, c); });
    } else if (child instanceof Node) {
      node.appendChild(child);
    } else {
      node.appendChild(document.createTextNode(String(child)));
    }
  }

  /** A link inside the page: "#/" followed by the encoded parts, so no scheme can ever sneak in. */
  function link(parts, text, className) {
    return h('a', { href: '#/' + parts.map(segment).join('/'), class: className }, text);
  }

  function blockLink(heightOrHash, text) {
    return link(['block', heightOrHash], text === undefined ? String(heightOrHash) : text);
  }

  function txLink(id, text) {
    return link(['tx', id], text === undefined ? shortHash(id) : text, 'mono');
  }

  function addressLink(address) {
    if (address === 'coinbase') {
      return h('span', { class: 'badge wait' }, 'coinbase');
    }
    return link(['address', address], address, 'mono');
  }

  function shortHash(hex) {
    const text = String(hex);
    return text.length > 20 ? text.slice(0, 10) + '…' + text.slice(-8) : text;
  }

  function when(ms) {
    if (typeof ms !== 'number') {
      return '';
    }
    const date = new Date(ms);
    if (isNaN(date.getTime())) {
      return String(ms);
    }
    return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  }

  function ago(ms) {
    const seconds = Math.round((Date.now() - ms) / 1000);
    if (seconds < 0) {
      return 'in the future';
    }
    if (seconds < 120) {
      return seconds + ' s ago';
    }
    if (seconds < 7200) {
      return Math.round(seconds / 60) + ' min ago';
    }
    if (seconds < 172800) {
      return Math.round(seconds / 3600) + ' h ago';
    }
    return Math.round(seconds / 86400) + ' days ago';
  }

  function duration(seconds) {
    if (seconds < 120) {
      return seconds.toFixed(1) + ' s';
    }
    return (seconds / 60).toFixed(1) + ' min';
  }

  function fields(pairs) {
    const list = h('dl', { class: 'fields' });
    pairs.forEach(function (pair) {
      if (pair && pair[1] !== undefined && pair[1] !== null) {
        list.appendChild(h('dt', null, pair[0]));
        list.appendChild(h('dd', { 'data-field': pair[2] }, pair[1]));
      }
    });
    return list;
  }

  function stat(label, value, name) {
    return h('div', { class: 'stat' }, h('div', { class: 'label' }, label),
      h('div', { class: 'value', 'data-field': name }, value));
  }

  function table(headers, rows) {
    return h('div', { class: 'table-wrap' }, h('table', null,
      h('thead', null, h('tr', null, headers.map(function (header) {
        return h('th', { class: header.num ? 'num' : (header.narrow ? 'hide-narrow' : null) }, header.label || header);
      }))),
      h('tbody', null, rows.map(function (cells) {
        return h('tr', null, cells.map(function (cell, i) {
          const header = headers[i];
          return h('td', { class: header.num ? 'num' : (header.narrow ? 'hide-narrow' : null) }, cell);
        }));
      }))));
  }

  function message(text, className) {
    return h('p', { class: className || 'note' }, text);
  }

  function failure(reply) {
    return message(reply.error, 'error');
  }

  // ---------------------------------------------------------------- routing

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

  async function searchPage(hash) {
    const block = await api('blocks/' + segment(hash));
    if (block.status === 200) {
      location.replace('#/block/' + segment(hash));
      return message('Block found…', 'loading');
    }
    const tx = await api('transactions/' + segment(hash));
    if (tx.status === 200) {
      location.replace('#/tx/' + segment(hash));
      return message('Transaction found…', 'loading');
    }
    const notes = [];
    if (routeMissing(block)) {
      notes.push(message('This node does not look blocks up by hash yet (GET /blocks/{id}); search a height instead.'));
    }
    if (tx.status !== 404) {
      notes.push(failure(tx));
    }
    return h('section', null, h('h1', null, 'Not found'),
      message('No block or transaction ' + hash + ' on this node.'), notes);
  }

  // ---------------------------------------------------------------- summary

  async function summaryPage() {
    const info = await api('info');
    if (info.status !== 200) {
      return h('section', null, h('h1', null, 'Network summary'), failure(info));
    }
    const node = info.body;
    showNodeLine(node);
    const from = Math.max(0, node.height - AVERAGE_OVER);
    const chain = await api('chain?from=' + from + '&limit=' + (node.height - from + 1));
    const blocks = chain.status === 200 ? chain.body.chain : [];
    const last = blocks.length ? blocks[blocks.length - 1] : null;
    // genesis carries a configured timestamp, not a mining time: averages start at block 1
    const mined = blocks.filter(function (b) { return b.height > 0; });
    let average = 'not enough blocks';
    if (mined.length >= 2) {
      const span = (mined[mined.length - 1].timestamp - mined[0].timestamp) / 1000 / (mined.length - 1);
      average = duration(span) + ' over ' + (mined.length - 1) + (mined.length === 2 ? ' interval' : ' intervals');
    }
    const validity = h('div', { class: 'value', 'data-field': 'valid' });
    const section = h('section', null,
      h('h1', null, 'Network summary'),
      h('div', { class: 'stats' },
        stat('Height', String(node.height), 'height'),
        stat('Difficulty', String(node.difficulty), 'difficulty'),
        stat('Last block', last && last.height > 0 ? ago(last.timestamp) : 'genesis only', 'last-block'),
        stat('Average block time', average, 'average-block-time'),
        stat('Mempool', String(node.mempool) + (node.mempool_at_least ? '+' : ''), 'mempool'),
        stat('Peers', String((node.peers || []).length), 'peers'),
        h('div', { class: 'stat' }, h('div', { class: 'label' }, 'Chain valid'), validity)),
      h('h2', null, 'Latest blocks'),
      chain.status === 200 ? latestBlocks(blocks.slice(-LATEST_BLOCKS).reverse()) : failure(chain),
      h('h2', null, 'Node'),
      h('div', { class: 'card' }, fields([
        ['Head', node.head, 'head'],
        ['Genesis', node.genesis, 'genesis'],
        ['Reward', String(node.reward)],
        ['Miner', node.miner ? addressLink(node.miner) : null],
        ['Signature mode', node.signature_mode, 'signature-mode'],
        ['Peers', (node.peers || []).length ? (node.peers || []).join(', ') : 'none']
      ])));
    if (node.length <= VALIDATE_AUTOMATICALLY_UP_TO) {
      checkValidity(validity);
    } else {
      validity.appendChild(h('button', { class: 'secondary', type: 'button', onclick: function () { checkValidity(validity); } },
        'Check (replays ' + node.length + ' blocks)'));
    }
    return section;
  }

  async function checkValidity(target) {
    target.replaceChildren('checking…');
    const reply = await api('validate');
    if (reply.status !== 200) {
      target.replaceChildren(h('span', { class: 'error' }, reply.error));
    } else if (reply.body.valid) {
      target.replaceChildren(h('span', { class: 'badge good' }, 'valid'));
    } else {
      target.replaceChildren(h('span', { class: 'badge bad' }, 'invalid'),
        h('span', { class: 'error' }, ' at height ' + reply.body.height + ': ' + reply.body.error));
    }
  }

  function latestBlocks(blocks) {
    if (!blocks.length) {
      return message('No blocks yet.');
    }
    return table([{ label: 'Height', num: true }, 'Hash', { label: 'Transactions', num: true }, { label: 'Time', narrow: true }],
      blocks.map(function (b) {
        return [blockLink(b.height), h('span', { class: 'mono' }, shortHash(b.hash)), String(b.transactions.length), when(b.timestamp)];
      }));
  }

  function showNodeLine(node) {
    const line = document.getElementById('node-line');
    if (line) {
      line.replaceChildren('Node at height ' + node.height + ', genesis ' + shortHash(node.genesis)
        + ', signature mode ' + node.signature_mode + '. API: openapi.yaml in the project.');
    }
  }

  // ---------------------------------------------------------------- block

  async function loadBlock(id) {
    const reply = await api('blocks/' + segment(id));
    if (reply.status === 200) {
      return { block: reply.body.block, confirmations: reply.body.confirmations };
    }
    if (routeMissing(reply) && /^[0-9]+$/.test(id)) {
      // GET /blocks/{id} is not on this node yet: a height is one block of GET /chain
      const both = await Promise.all([api('chain?from=' + id + '&limit=1'), api('info')]);
      const chain = both[0];
      if (chain.status !== 200) {
        return { error: chain };
      }
      if (!chain.body.chain.length) {
        return { missing: 'No block at height ' + id + ': the chain has ' + chain.body.length + ' blocks.' };
      }
      const block = chain.body.chain[0];
      return { block: block, confirmations: both[1].status === 200 ? both[1].body.height - block.height + 1 : null };
    }
    if (routeMissing(reply)) {
      return { missing: 'This node does not look blocks up by hash yet (GET /blocks/{id}); search a height instead.' };
    }
    if (reply.status === 404) {
      return { missing: reply.error };
    }
    return { error: reply };
  }

  async function blockPage(id) {
    const found = await loadBlock(id);
    if (!found.block) {
      return h('section', null, h('h1', null, 'Block ' + id), found.error ? failure(found.error) : message(found.missing));
    }
    const b = found.block;
    return h('section', null,
      h('h1', null, 'Block ', h('span', { 'data-field': 'block-height' }, String(b.height))),
      h('p', { class: 'row' },
        b.height > 0 ? blockLink(b.height - 1, '← block ' + (b.height - 1)) : null,
        blockLink(b.height + 1, 'block ' + (b.height + 1) + ' →')),
      h('div', { class: 'card' }, fields([
        ['Hash', h('span', { class: 'mono' }, b.hash), 'block-hash'],
        ['Previous', b.height > 0 ? h('span', { class: 'mono' }, b.previous_hash) : 'none (genesis)'],
        ['Time', when(b.timestamp)],
        ['Confirmations', found.confirmations === null || found.confirmations === undefined ? null : String(found.confirmations), 'confirmations'],
        ['Difficulty', String(b.difficulty)],
        ['Nonce', String(b.nonce)],
        ['Merkle root', h('span', { class: 'mono' }, b.merkle_root)]
      ])),
      h('h2', null, b.transactions.length + ' transaction' + (b.transactions.length === 1 ? '' : 's')),
      transactionsTable(b.transactions));
  }

  function transactionsTable(transactions) {
    if (!transactions.length) {
      return message('None.');
    }
    return table(['Id', 'From', 'To', { label: 'Amount', num: true }], transactions.map(function (tx) {
      return [txLink(tx.id), addressLink(tx.sender), addressLink(tx.recipient), String(tx.amount)];
    }));
  }

  // ---------------------------------------------------------------- transaction

  async function transactionPage(id) {
    const both = await Promise.all([api('transactions/' + segment(id)), api('info')]);
    const reply = both[0];
    if (reply.status !== 200) {
      return h('section', null, h('h1', null, 'Transaction'), h('p', { class: 'mono' }, id), failure(reply));
    }
    const record = reply.body;
    const tx = record.transaction;
    let status;
    if (record.status === 'confirmed') {
      const confirmations = both[1].status === 200 ? both[1].body.height - record.height + 1 : null;
      status = [h('span', { class: 'badge good', 'data-field': 'tx-status' }, 'confirmed'), ' in block ',
        blockLink(record.height), confirmations === null ? '' : ', ' + confirmations + ' confirmation' + (confirmations === 1 ? '' : 's')];
    } else if (record.status === 'rejected') {
      status = [h('span', { class: 'badge bad', 'data-field': 'tx-status' }, 'rejected'), ' ',
        h('span', { 'data-field': 'tx-reason' }, record.reason || '')];
    } else {
      status = [h('span', { class: 'badge wait', 'data-field': 'tx-status' }, String(record.status)),
        ' waiting in the mempool for a block'];
    }
    return h('section', null,
      h('h1', null, 'Transaction'),
      h('div', { class: 'card' }, fields([
        ['Id', h('span', { class: 'mono' }, tx.id), 'tx-id'],
        ['Status', h('span', null, status)],
        ['From', addressLink(tx.sender), 'tx-sender'],
        ['To', addressLink(tx.recipient), 'tx-recipient'],
        ['Amount', String(tx.amount), 'tx-amount'],
        ['Time', when(tx.timestamp)],
        ['Sequence', String(tx.sequence)],
        ['Public key', tx.public_key ? h('span', { class: 'mono' }, tx.public_key) : null],
        ['Signature', tx.signature ? h('span', { class: 'mono' }, tx.signature) : null]
      ])));
  }

  // ---------------------------------------------------------------- address

  async function addressPage(address) {
    const balance = await api('balance/' + segment(address));
    const section = h('section', null, h('h1', null, 'Address ', h('span', { class: 'mono', 'data-field': 'address' }, address)));
    if (balance.status !== 200) {
      section.appendChild(failure(balance));
      return section;
    }
    const account = balance.body;
    section.appendChild(h('div', { class: 'stats' },
      stat('Balance', String(account.balance), 'balance'),
      stat('Pending outgoing', String(account.pending_outgoing), 'pending-outgoing'),
      stat('Available', String(account.available), 'available')));
    section.appendChild(h('h2', null, 'History, newest first'));
    const history = h('div');
    section.appendChild(history);
    await appendHistory(history, address, null);
    return section;
  }

  async function appendHistory(target, address, before) {
    const query = 'limit=' + HISTORY_PAGE + (before ? '&before=' + segment(before) : '');
    const reply = await api('addresses/' + segment(address) + '/history?' + query);
    if (routeMissing(reply)) {
      target.appendChild(message('This node does not list an address\'s history yet (GET /addresses/{address}/history).'));
      return;
    }
    if (reply.status !== 200) {
      target.appendChild(failure(reply));
      return;
    }
    const entries = reply.body.history;
    if (!entries.length && !before) {
      target.appendChild(message('No confirmed transactions.'));
    } else {
      target.appendChild(table([{ label: 'Block', num: true }, 'Direction', 'Counterparty', { label: 'Amount', num: true }, 'Transaction'],
        entries.map(function (entry) {
          const tx = entry.transaction;
          const outgoing = entry.direction === 'out';
          return [blockLink(entry.height), outgoing ? 'sent' : 'received',
            addressLink(outgoing ? tx.recipient : tx.sender), (outgoing ? '−' : '+') + tx.amount, txLink(tx.id)];
        })));
    }
    if (reply.body.next) {
      const more = h('button', {
        class: 'secondary pager', type: 'button', onclick: async function () {
          more.disabled = true;
          await appendHistory(target, address, reply.body.next);
          more.remove();
        }
      }, 'Older');
      target.appendChild(more);
    }
  }

  // ---------------------------------------------------------------- mempool

  async function mempoolPage() {
    const reply = await api('mempool?limit=' + MEMPOOL_PAGE);
    const section = h('section', null, h('h1', null, 'Mempool'));
    if (routeMissing(reply)) {
      const info = await api('info');
      section.appendChild(message('This node does not list its mempool yet (GET /mempool).'));
      if (info.status === 200) {
        section.appendChild(message(info.body.mempool + (info.body.mempool_at_least ? ' or more' : '') + ' transactions are waiting.'));
      }
      return section;
    }
    if (reply.status !== 200) {
      section.appendChild(failure(reply));
      return section;
    }
    const shown = reply.body.transactions.length;
    section.appendChild(message(reply.body.count + ' waiting' + (shown < reply.body.count ? ', the oldest ' + shown + ' shown' : '') + '.'));
    section.appendChild(transactionsTable(reply.body.transactions));
    return section;
  }

  // ---------------------------------------------------------------- actions

  async function actionsPage() {
    const info = await api('info');
    const section = h('section', null, h('h1', null, 'Actions'));
    if (info.status !== 200) {
      section.appendChild(failure(info));
      return section;
    }
    const mode = String(info.body.signature_mode);
    // named accounts only where the chain allows them; signed transfers in both modes
    if (mode === 'dev') {
      section.appendChild(namedSendCard());
    }
    if (mode === 'required' || mode === 'dev') {
      section.appendChild(signedSendCard(info.body.genesis));
    } else {
      section.appendChild(message('This node reports the signature mode ' + mode + ', which this page does not know: it offers no send form.', 'error'));
    }
    section.appendChild(nodeActionsCard());
    return section;
  }

  /** A result line under a form: text only, red for errors. */
  function resultLine() {
    return h('div', { class: 'result', 'data-field': 'result' });
  }

  function showResult(target, ok, parts) {
    target.replaceChildren(h('p', { class: ok ? 'ok' : 'error' }, parts));
  }

  function wholeNumber(text, what) {
    if (!/^[0-9]+$/.test(text.trim()) || !Number.isSafeInteger(Number(text.trim()))) {
      throw new Error(what + ' must be a whole number');
    }
    return Number(text.trim());
  }

  /** The amount field as a whole number, or null after saying in the form's result line what is wrong. */
  function amountOrSay(amount, result) {
    try {
      return wholeNumber(amount.value, 'the amount');
    } catch (e) {
      showResult(result, false, e.message);
      return null;
    }
  }

  function namedSendCard() {
    const sender = h('input', { name: 'sender', required: true, placeholder: 'genesis' });
    const recipient = h('input', { name: 'recipient', required: true, placeholder: 'alice' });
    const amount = h('input', { name: 'amount', required: true, inputmode: 'numeric', placeholder: '100' });
    const result = resultLine();
    const form = h('form', {
      class: 'action', id: 'send-named', onsubmit: async function (event) {
        event.preventDefault();
        const value = amountOrSay(amount, result);
        if (value === null) {
          return;
        }
        await submitTransaction(form, result, { sender: sender.value.trim(), recipient: recipient.value.trim(), amount: value });
      }
    },
    h('label', null, 'From (a named account)', sender),
    h('label', null, 'To', recipient),
    h('label', null, 'Amount', amount),
    h('div', null, h('button', { type: 'submit' }, 'Send')));
    return h('div', { class: 'card' }, h('h2', null, 'Send from a named account'),
      message('Named accounts need no key on this node (signature mode dev): anyone who reaches it can spend them.'),
      form, result);
  }

  /** Posts a transaction; shows its id, rechecked in this browser; true when the node accepted it. */
  async function submitTransaction(form, result, body, genesisHex) {
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    const reply = await post('transactions/new', body);
    button.disabled = false;
    if (reply.status !== 201) {
      showResult(result, false, reply.error);
      return false;
    }
    const tx = reply.body.transaction;
    // WebCrypto exists only in secure contexts (https, localhost): elsewhere the id is not rechecked
    let local = null;
    if (window.crypto && crypto.subtle) {
      try {
        local = await transactionId(tx, genesisHex);
      } catch (e) {
        local = 'none (' + e.message + ')';
      }
    }
    showResult(result, true, ['Accepted: ', h('span', { 'data-field': 'sent-id' }, txLink(tx.id, tx.id)),
      tx.public_key ? ', sequence ' + tx.sequence : '',
      local === null ? '' : local === tx.id ? ' (the id was recomputed in this browser and matches)'
        : ' (warning: this browser computes another id, ' + local + ')']);
    return true;
  }

  function nodeActionsCard() {
    const mineResult = resultLine();
    const peer = h('input', { name: 'peer', placeholder: 'localhost:5001 or https://node.example/prod' });
    const peerResult = resultLine();
    const resolveResult = resultLine();
    const validateResult = resultLine();

    const mineButton = h('button', {
      type: 'button', id: 'mine', onclick: async function () {
        mineButton.disabled = true;
        mineResult.replaceChildren(message('Mining…', 'loading'));
        const reply = await api('mine', { method: 'POST' });
        mineButton.disabled = false;
        if (reply.status === 200) {
          const block = reply.body.block;
          showResult(mineResult, true, ['Mined block ', blockLink(block.height), ' with ' + block.transactions.length + ' transaction'
            + (block.transactions.length === 1 ? '' : 's') + '.']);
        } else {
          showResult(mineResult, false, reply.error);
        }
      }
    }, 'Mine a block');

    const peerForm = h('form', {
      class: 'action', onsubmit: async function (event) {
        event.preventDefault();
        const reply = await post('nodes/register', { nodes: [peer.value.trim()] });
        showResult(peerResult, reply.status === 201, reply.status === 201
          ? 'Peers: ' + reply.body.total_nodes.join(', ') : reply.error);
      }
    }, h('label', null, 'Peer', peer), h('div', null, h('button', { type: 'submit' }, 'Register peer')));

    const resolveButton = h('button', {
      type: 'button', class: 'secondary', onclick: async function () {
        resolveResult.replaceChildren(message('Asking every peer…', 'loading'));
        const reply = await api('nodes/resolve');
        if (reply.status !== 200) {
          showResult(resolveResult, false, reply.error);
          return;
        }
        resolveResult.replaceChildren(h('p', { class: 'ok' }, reply.body.message + ' (length ' + reply.body.length + ').'),
          reply.body.peers.length ? table(['Peer', { label: 'Height', num: true }, 'Outcome'], reply.body.peers.map(function (p) {
            return [p.peer, p.height === undefined ? '' : String(p.height), p.outcome];
          })) : message('No peers registered.'));
      }
    }, 'Resolve conflicts');

    const validateButton = h('button', {
      type: 'button', class: 'secondary', onclick: async function () {
        await checkValidity(validateResult);
      }
    }, 'Validate the chain');

    return h('div', { class: 'card' }, h('h2', null, 'Node'),
      message('A deployed node keeps these for its operator (IAM-signed calls); a local node lets anyone run them.'),
      h('div', { class: 'row' }, mineButton), mineResult,
      h('h2', null, 'Peers'), peerForm, peerResult,
      h('div', { class: 'row' }, resolveButton, validateButton), resolveResult, validateResult);
  }

  // ---------------------------------------------------------------- signed transactions (Ed25519 in the browser)
  //
  // Exactly docs/PROTOCOL.md "Addresses", "Transaction bytes, version 2" and "Wallet key files";
  // ExplorerPageIT checks these functions against the Java-pinned vector and the real `wallet new`.

  function hexToBytes(hex) {
    if (typeof hex !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(hex)) {
      throw new Error('not an even number of hex digits');
    }
    const bytes = new Uint8Array(hex.length / 2);
    for (let i = 0; i < bytes.length; i++) {
      bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
    }
    return bytes;
  }

  function bytesToHex(bytes) {
    return Array.from(new Uint8Array(bytes), function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }

  /** base64url (JWK) to bytes. */
  function base64UrlToBytes(text) {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, function (c) { return c.charCodeAt(0); });
  }

  function concat(parts) {
    const total = parts.reduce(function (n, p) { return n + p.length; }, 0);
    const out = new Uint8Array(total);
    let at = 0;
    parts.forEach(function (p) { out.set(p, at); at += p.length; });
    return out;
  }

  async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  }

  const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

  /** Bitcoin's Base58: one '1' per leading zero byte, then the rest as a big number in base 58. */
  function base58(bytes) {
    const digits = []; // base-58 digits of the number so far, least significant first
    for (const byte of bytes) {
      let carry = byte;
      for (let i = 0; i < digits.length; i++) {
        carry += digits[i] * 256;
        digits[i] = carry % 58;
        carry = Math.floor(carry / 58);
      }
      while (carry > 0) {
        digits.push(carry % 58);
        carry = Math.floor(carry / 58);
      }
    }
    let text = '';
    for (let i = 0; i < bytes.length && bytes[i] === 0; i++) {
      text += '1';
    }
    for (let i = digits.length - 1; i >= 0; i--) {
      text += BASE58_ALPHABET[digits[i]];
    }
    return text;
  }

  const ADDRESS_VERSION = 0x4c;

  /**
   * The address of a 32-byte Ed25519 public key (PROTOCOL.md "Addresses"): Base58 of
   * payload || checksum, payload = 0x4c || SHA-256(key), checksum = first 4 bytes of
   * SHA-256(SHA-256(payload)); 51 characters starting with '3'.
   */
  async function addressOf(publicKey) {
    if (publicKey.length !== 32) {
      throw new Error('a public key has 32 bytes');
    }
    const payload = concat([new Uint8Array([ADDRESS_VERSION]), await sha256(publicKey)]);
    const checksum = (await sha256(await sha256(payload))).slice(0, 4);
    return base58(concat([payload, checksum]));
  }

  /** A string as docs/PROTOCOL.md encodes it: unsigned 16-bit byte length, then UTF-8. */
  function protocolString(text) {
    const utf8 = new TextEncoder().encode(String(text));
    if (utf8.length > 0xffff) {
      throw new Error('a string of the transaction is too long');
    }
    return concat([new Uint8Array([utf8.length >> 8, utf8.length & 0xff]), utf8]);
  }

  function int64(value) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigInt64(0, BigInt(value));
    return bytes;
  }

  function genesisBytes(genesisHex) {
    const genesis = hexToBytes(genesisHex);
    if (genesis.length !== 32) {
      throw new Error('the genesis hash has 32 bytes');
    }
    return genesis;
  }

  /**
   * The version-2 bytes of a signed transaction (PROTOCOL.md "Transaction bytes, version 2"):
   * what the key signs and the id hashes. 0x02, the network's genesis hash (32 raw bytes),
   * sender, recipient, amount, timestamp, sequence, the public key as 32 raw bytes.
   */
  function canonicalSigningBytes(tx, genesisHex) {
    const publicKey = hexToBytes(tx.public_key);
    if (publicKey.length !== 32) {
      throw new Error('a public key has 32 bytes');
    }
    return concat([new Uint8Array([2]), genesisBytes(genesisHex), protocolString(tx.sender), protocolString(tx.recipient),
      int64(tx.amount), int64(tx.timestamp), int64(tx.sequence), publicKey]);
  }

  /** The canonical bytes of any transaction: version 2 when signed, else version 1 (no genesis, empty key). */
  function transactionBytes(tx, genesisHex) {
    if (tx.public_key) {
      return canonicalSigningBytes(tx, genesisHex);
    }
    return concat([new Uint8Array([1]), protocolString(tx.sender), protocolString(tx.recipient), int64(tx.amount),
      int64(tx.timestamp), int64(tx.sequence), protocolString('')]);
  }

  /** The transaction id, as the node computes it: SHA-256 of the canonical bytes, in hex. */
  async function transactionId(tx, genesisHex) {
    return bytesToHex(await sha256(transactionBytes(tx, genesisHex)));
  }

  /** PKCS#8 wrapping of a 32-byte Ed25519 seed (RFC 8410): a fixed 16-byte prefix. */
  const PKCS8_ED25519_PREFIX = hexToBytes('302e020100300506032b657004220420');
  const KEY_FILE_KIND = 'lambdachain-ed25519-key';

  /** A WebCrypto private key with its public key, seed and address (hex and text). */
  async function keyOf(privateKey) {
    const jwk = await crypto.subtle.exportKey('jwk', privateKey);
    const publicKey = base64UrlToBytes(jwk.x);
    return {
      privateKey: privateKey, publicKey: bytesToHex(publicKey), seed: bytesToHex(base64UrlToBytes(jwk.d)),
      address: await addressOf(publicKey)
    };
  }

  async function keyFromSeed(seedHex) {
    const seed = hexToBytes(seedHex);
    if (seed.length !== 32) {
      throw new Error('a seed has 32 bytes');
    }
    return keyOf(await crypto.subtle.importKey('pkcs8', concat([PKCS8_ED25519_PREFIX, seed]), { name: 'Ed25519' }, true, ['sign']));
  }

  async function generateKey() {
    return keyOf((await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])).privateKey);
  }

  /**
   * The key of a key file as `wallet new` writes it ({"kind","seed","public_key","address"}), refused,
   * as the wallet refuses it, when its public key or address is not the one of its seed.
   */
  async function readKeyFile(text) {
    let json;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new Error('it is not JSON, as a key file of `wallet new` is');
    }
    if (!json || typeof json !== 'object' || json.kind !== KEY_FILE_KIND) {
      throw new Error('it is not a key file (kind must be ' + KEY_FILE_KIND + ')');
    }
    if (typeof json.seed !== 'string' || !/^[0-9a-fA-F]{64}$/.test(json.seed)) {
      throw new Error('its seed must be 64 hex digits');
    }
    const key = await keyFromSeed(json.seed);
    if (typeof json.public_key !== 'string' || json.public_key.toLowerCase() !== key.publicKey) {
      throw new Error('its public_key is not the public key of its seed (a damaged or edited file)');
    }
    if (json.address !== key.address) {
      throw new Error('its address is not the address of its seed (a damaged or edited file)');
    }
    return key;
  }

  /** The key file of {@code key} in the format of `wallet new`, so the command line wallet reads it too. */
  function keyFileText(key) {
    return JSON.stringify({ kind: KEY_FILE_KIND, seed: key.seed, public_key: key.publicKey, address: key.address }, null, 2) + '\n';
  }

  /** A transfer signed by {@code key} for the network {@code genesisHex}: the body of POST /transactions/new. */
  async function signTransfer(key, genesisHex, recipient, amount, timestamp, sequence) {
    const tx = { sender: key.address, recipient: recipient, amount: amount, timestamp: timestamp, sequence: sequence, public_key: key.publicKey };
    tx.signature = bytesToHex(await crypto.subtle.sign({ name: 'Ed25519' }, key.privateKey, canonicalSigningBytes(tx, genesisHex)));
    return tx;
  }

  /** The protocol functions, for the known-answer tests; the page's own key is not reachable from here. */
  window.lambdachainProtocol = Object.freeze({
    base58: base58, addressOf: addressOf, canonicalSigningBytes: canonicalSigningBytes, transactionId: transactionId,
    readKeyFile: readKeyFile, keyFileText: keyFileText, signTransfer: signTransfer, hexToBytes: hexToBytes, bytesToHex: bytesToHex
  });

  /** The key the page holds: in this page's memory only, never sent anywhere, gone on reload. */
  let wallet = null;

  function signedSendCard(genesisHex) {
    const card = h('div', { class: 'card', id: 'signed' }, h('h2', null, 'Send a signed transaction'));
    if (!(window.crypto && crypto.subtle)) {
      card.appendChild(message('Signing needs a secure page (https, or localhost): open this node that way.', 'error'));
      return card;
    }
    const keyLine = h('div', { 'data-field': 'wallet' }, message('No key yet.'));
    const keyResult = resultLine();
    const recipient = h('input', { name: 'recipient', required: true, spellcheck: 'false' });
    const amount = h('input', { name: 'amount', required: true, inputmode: 'numeric' });
    const result = resultLine();

    async function useKey(key) {
      wallet = key;
      keyResult.replaceChildren();
      await showKey();
    }

    async function showKey() {
      const account = await api('balance/' + segment(wallet.address));
      keyLine.replaceChildren(fields([
        ['Address', addressLink(wallet.address), 'wallet-address'],
        ['Public key', h('span', { class: 'mono' }, wallet.publicKey)],
        ['Available', account.status === 200 ? String(account.body.available) : account.error, 'wallet-available'],
        ['Next sequence', account.status === 200 ? String(account.body.next_sequence) : null, 'wallet-sequence']
      ]), h('button', { type: 'button', class: 'secondary', onclick: saveKeyFile }, 'Save key file'));
    }

    const generate = h('button', {
      type: 'button', id: 'generate-key', onclick: async function () {
        try {
          await useKey(await generateKey());
        } catch (e) {
          showResult(keyResult, false, 'This browser cannot make Ed25519 keys with WebCrypto: ' + e.message);
        }
      }
    }, 'Generate a key');

    const file = h('input', {
      type: 'file', id: 'key-file', onchange: async function () {
        if (!file.files.length) {
          return;
        }
        try {
          await useKey(await readKeyFile(await file.files[0].text()));
        } catch (e) {
          showResult(keyResult, false, 'That key file cannot be used: ' + e.message);
        } finally {
          file.value = '';
        }
      }
    });

    const form = h('form', {
      class: 'action', id: 'send-signed', onsubmit: async function (event) {
        event.preventDefault();
        if (!wallet) {
          showResult(result, false, 'Generate or import a key first.');
          return;
        }
        const key = wallet;
        const value = amountOrSay(amount, result);
        if (value === null) {
          return;
        }
        // the sequence is the node's: next_sequence counts this key's pending transactions too
        const account = await api('balance/' + segment(key.address));
        if (account.status !== 200 || !Number.isSafeInteger(account.body.next_sequence)) {
          showResult(result, false, account.error || 'the node did not say this key\'s next sequence');
          return;
        }
        let tx;
        try {
          tx = await signTransfer(key, genesisHex, recipient.value.trim(), value, Date.now(), account.body.next_sequence);
        } catch (e) {
          showResult(result, false, 'Signing failed: ' + e.message);
          return;
        }
        if (await submitTransaction(form, result, tx, genesisHex) && wallet === key) {
          await showKey();
        }
      }
    },
    h('label', null, 'To (an address)', recipient),
    h('label', null, 'Amount', amount),
    h('div', null, h('button', { type: 'submit' }, 'Sign and send')));

    card.append(
      h('p', { class: 'warning' }, 'Your key stays in this page: it is made or read here, signs here, and is never sent anywhere, '
        + 'not to this node either. It is gone when you reload, so save the key file and keep it private: whoever has it can '
        + 'spend everything its address holds, and nobody can recover it for you. The file is the one `wallet new` writes '
        + '(run chmod 600 on it before the command line wallet reads it).'),
      h('div', { class: 'row' }, generate, h('label', null, 'or import a key file ', file)),
      keyLine, keyResult, form, result);
    return card;
  }

  function saveKeyFile() {
    const url = URL.createObjectURL(new Blob([keyFileText(wallet)], { type: 'application/json' }));
    const anchor = h('a', { href: url, download: 'lambdachain-' + wallet.address.slice(0, 8) + '.key' });
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  // ---------------------------------------------------------------- start

  document.getElementById('search').addEventListener('submit', function (event) {
    event.preventDefault();
    search(document.getElementById('search-input').value);
  });
  window.addEventListener('hashchange', route);
  route();
}());
