/*
 * Building the page, as text only: every value from the node or from the address bar reaches the
 * page through textContent, createTextNode or attribute values of links built here, never as markup.
 */
import { segment } from './api.js';

/** createElement with properties and children; strings become text nodes, never markup. */
export function h(tag, props) {
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

export function blockLink(heightOrHash, text) {
  return link(['block', heightOrHash], text === undefined ? String(heightOrHash) : text);
}

export function txLink(id, text) {
  return link(['tx', id], text === undefined ? shortHash(id) : text, 'mono');
}

export function addressLink(address) {
  if (address === 'coinbase') {
    return h('span', { class: 'badge wait' }, 'coinbase');
  }
  return link(['address', address], address, 'mono');
}

export function shortHash(hex) {
  const text = String(hex);
  return text.length > 20 ? text.slice(0, 10) + '…' + text.slice(-8) : text;
}

export function when(ms) {
  if (typeof ms !== 'number') {
    return '';
  }
  const date = new Date(ms);
  if (isNaN(date.getTime())) {
    return String(ms);
  }
  return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

export function ago(ms) {
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

export function duration(seconds) {
  if (seconds < 120) {
    return seconds.toFixed(1) + ' s';
  }
  return (seconds / 60).toFixed(1) + ' min';
}

export function fields(pairs) {
  const list = h('dl', { class: 'fields' });
  pairs.forEach(function (pair) {
    if (pair && pair[1] !== undefined && pair[1] !== null) {
      list.appendChild(h('dt', null, pair[0]));
      list.appendChild(h('dd', { 'data-field': pair[2] }, pair[1]));
    }
  });
  return list;
}

export function stat(label, value, name) {
  return h('div', { class: 'stat' }, h('div', { class: 'label' }, label),
    h('div', { class: 'value', 'data-field': name }, value));
}

export function table(headers, rows) {
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

export function message(text, className) {
  return h('p', { class: className || 'note' }, text);
}

export function failure(reply) {
  return message(reply.error, 'error');
}

/** A result line under a form: text only, red for errors. */
export function resultLine() {
  return h('div', { class: 'result', 'data-field': 'result' });
}

export function showResult(target, ok, parts) {
  target.replaceChildren(h('p', { class: ok ? 'ok' : 'error' }, parts));
}
