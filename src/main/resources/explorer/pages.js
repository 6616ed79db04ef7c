/*
 * The chain's views: network summary, block, transaction, address, mempool and hash search. Each page
 * function reads the node and returns the section to show (dom.js builds it as text only).
 */
import { api, routeMissing, segment } from './api.js';
import { addressLink, ago, blockLink, duration, failure, fields, h, message, shortHash, stat, table, txLink, when } from './dom.js';

const LATEST_BLOCKS = 10;
const AVERAGE_OVER = 20;
const VALIDATE_AUTOMATICALLY_UP_TO = 500;
const HISTORY_PAGE = 20;
const MEMPOOL_PAGE = 50;

/** Page for a 64-hex-digit search: the block or transaction of that hash, whichever the node has. */
export async function searchPage(hash) {
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

export async function summaryPage() {
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

/** Asks the node to replay its chain (GET /validate) and shows the verdict in {@code target}. */
export async function checkValidity(target) {
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

export async function blockPage(id) {
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
      b.height > 0
        ? ['Previous', h('span', { class: 'mono' }, b.previous_hash)]
        : ['Network id', h('span', { class: 'mono' }, b.previous_hash)], // block 0 has no parent: it holds the network id (docs/PROTOCOL.md)
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

export async function transactionPage(id) {
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

export async function addressPage(address) {
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

export async function mempoolPage() {
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
