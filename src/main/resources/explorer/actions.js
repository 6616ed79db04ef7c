/*
 * The actions page: sending from a named account (signature mode dev), sending a transfer signed in
 * this page (signing.js), mining, registering peers, resolving and validating.
 */
import { api, post, segment } from './api.js';
import { addressLink, blockLink, failure, fields, h, message, resultLine, showResult, table, txLink } from './dom.js';
import { checkValidity } from './pages.js';
import { transactionId } from './protocol.js';
import { generateKey, keyFileText, readKeyFile, signTransfer } from './signing.js';

/** The actions page: the send forms the node's signature mode allows, then mining, peers and validation. */
export async function actionsPage() {
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
