'use strict';
// The console after login: pairing and devices. Device state arrives as server-sent events; nothing polls.
let csrf = '';

async function api(path, options = {}) {
  const init = {credentials: 'same-origin', ...options};
  if (init.method && init.method !== 'GET') {
    init.headers = {'Content-Type': 'application/json', 'X-CSRF-Token': csrf, ...(init.headers || {})};
  }
  const response = await fetch(path, init);
  if (response.status === 401) {
    location.href = '/login';
    throw new Error('logged out');
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.error || ('refused (' + response.status + ')'));
  }
  return body;
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'text') node.textContent = value; else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

// ---- navigation
function show() {
  const page = ['#devices', '#privacy'].includes(location.hash) ? location.hash.substring(1) : 'pairing';
  for (const id of ['pairing', 'devices', 'privacy']) document.getElementById(id).hidden = id !== page;
  if (page === 'privacy') loadPrivacy();
  // Networks come and go with their adapters: asked again each time the page is shown.
  if (page === 'devices') loadNetworks().catch(() => {});
}
window.addEventListener('hashchange', show);

// ---- pairing
let countdownTimer = null;
function showWindow(window) {
  clearInterval(countdownTimer);
  document.getElementById('window').hidden = !window;
  document.getElementById('no-window').hidden = !!window;
  if (!window) return;
  // A fresh URL per window, so the browser never shows a cached code.
  document.getElementById('qr').src = '/api/pairing/qr.svg?t=' + encodeURIComponent(window.closesAt);
  document.getElementById('manual-code').textContent = window.manualCode;
  const closesAt = Date.now() + window.secondsLeft * 1000;
  const countdown = document.getElementById('countdown');
  const tick = () => {
    const left = Math.max(0, Math.round((closesAt - Date.now()) / 1000));
    countdown.textContent = Math.floor(left / 60) + ' min ' + String(left % 60).padStart(2, '0') + ' s';
    if (left === 0) { clearInterval(countdownTimer); loadPairing(); }
  };
  tick();
  countdownTimer = setInterval(tick, 1000);
}

async function loadPairing() {
  const pairing = await api('/api/pairing');
  document.getElementById('no-matter').hidden = pairing.matter;
  document.getElementById('open-window').hidden = !pairing.matter || !!pairing.window;
  document.getElementById('close-window').hidden = !pairing.window;
  if (!pairing.matter) {
    document.getElementById('window').hidden = true;
    document.getElementById('no-window').hidden = true;
  } else {
    showWindow(pairing.window);
  }
  const list = document.getElementById('fabrics');
  list.replaceChildren(...(pairing.fabrics.length === 0
    ? [el('li', {text: 'None yet.'})]
    : pairing.fabrics.map(fabricItem)));
}

function fabricItem(fabric) {
  const name = (fabric.label || fabric.ecosystem) + ' (' + fabric.ecosystem + ')';
  const remove = el('button', {type: 'button', class: 'secondary', text: 'Remove'});
  remove.addEventListener('click', async () => {
    if (!confirm('Remove ' + name + '? It will no longer see or control any device of this bridge.')) return;
    const message = document.getElementById('pairing-message');
    message.textContent = '';
    try {
      await api('/api/pairing/remove', {method: 'POST', body: JSON.stringify({fabricIndex: fabric.index})});
    } catch (e) {
      message.textContent = e.message;
    }
    await loadPairing();
  });
  const since = fabric.added ? 'added ' + new Date(fabric.added).toLocaleString() : 'added before this bridge kept the date';
  return el('li', {'data-fabric': String(fabric.index)}, el('span', {text: name + ', ' + since + ' '}), remove);
}

document.getElementById('close-window').addEventListener('click', async () => {
  const message = document.getElementById('pairing-message');
  message.textContent = '';
  try {
    await api('/api/pairing/close', {method: 'POST', body: '{}'});
  } catch (e) {
    message.textContent = e.message;
  }
  await loadPairing();
});

document.getElementById('open-window').addEventListener('click', async () => {
  const message = document.getElementById('pairing-message');
  message.textContent = '';
  try {
    await api('/api/pairing/window', {method: 'POST', body: '{}'});
  } catch (e) {
    message.textContent = e.message;
  }
  await loadPairing();
});

// ---- devices
const cards = new Map();
function render(device) {
  const values = el('dl');
  values.append(el('dt', {text: 'Room'}), el('dd', {text: device.room || '–', 'data-key': 'room'}));
  values.append(el('dt', {text: 'Radio'}), el('dd', {text: device.radio}));
  values.append(el('dt', {text: 'Reachable'}),
    el('dd', {text: device.reachable ? 'yes' : 'no' + (device.reason ? ' (' + device.reason + ')' : ''),
      class: device.reachable ? '' : 'unreachable', 'data-key': 'reachable'}));
  if (device.battery !== null) {
    values.append(el('dt', {text: 'Battery'}), el('dd', {text: device.battery + ' %', 'data-key': 'battery'}));
  }
  for (const v of device.values) {
    values.append(el('dt', {text: v.key}), el('dd', {text: String(v.value), 'data-key': v.key}));
  }
  const message = el('p', {role: 'alert'});
  const labelForm = (field, label, button) => {
    const input = el('input', {value: device[field], 'aria-label': label, maxlength: '64', name: field});
    const form = el('form', {class: 'rename'}, input, el('button', {type: 'submit', text: button}));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      message.textContent = '';
      try {
        render(await api('/api/devices/' + field, {method: 'POST',
          body: JSON.stringify({id: device.id, [field]: input.value})}));
      } catch (e) {
        message.textContent = e.message;
      }
    });
    return form;
  };
  const rename = labelForm('name', 'Name', 'Rename');
  const room = labelForm('room', 'Room', 'Set room');
  // Matter: whether Google Home, Apple Home and the like see this device at all.
  values.append(el('dt', {text: 'Matter'}),
    el('dd', {text: device.inMatter ? 'shown' : 'left out', 'data-key': 'matter'}));
  const matter = el('button', {type: 'button', class: 'secondary', name: 'matter',
    text: device.inMatter ? 'Leave out of Matter' : 'Show in Matter'});
  matter.addEventListener('click', async () => {
    message.textContent = '';
    try {
      render(await api('/api/devices/matter', {method: 'POST',
        body: JSON.stringify({id: device.id, inMatter: !device.inMatter})}));
    } catch (e) {
      message.textContent = e.message;
    }
  });
  const card = el('li', {'data-device': device.id},
    el('h3', {text: device.name || device.model || device.id}),
    el('p', {class: 'muted', text: [device.vendor, device.model].filter(Boolean).join(' ')}),
    values, rename, room, matter, message);
  const old = cards.get(device.id);
  if (old) {
    // A live update must not eat what the person is typing: edited fields and the focus carry over.
    for (const typed of old.querySelectorAll('input[name]')) {
      const fresh = card.querySelector(`input[name="${typed.name}"]`);
      if (fresh && typed.value !== typed.defaultValue) fresh.value = typed.value;
      if (fresh && document.activeElement === typed) setTimeout(() => fresh.focus());
    }
  }
  const list = document.getElementById('device-list');
  if (old) old.replaceWith(card); else list.append(card);
  cards.set(device.id, card);
}

// ---- adding devices: a radio network opened for new devices for a while (Zigbee's permit join, the DECT base's
// registration window). The page says it is open only once the adapter confirmed it, then counts down locally.
const JOIN_SECONDS = 60;
let joinCountdown = null;
async function loadNetworks() {
  const {networks} = await api('/api/networks');
  document.getElementById('networks').replaceChildren(...networks.filter(n => n.join).map(network => {
    const button = el('button', {type: 'button', 'data-adapter': network.adapter,
      text: 'Add a ' + network.radio + ' device (' + JOIN_SECONDS + ' s)'});
    if (!network.up) button.disabled = true;
    button.addEventListener('click', async () => {
      const message = document.getElementById('join-message');
      clearInterval(joinCountdown);
      message.textContent = 'Opening ' + network.radio + '…';
      try {
        await api('/api/networks/join', {method: 'POST',
          body: JSON.stringify({adapter: network.adapter, seconds: JOIN_SECONDS})});
        const end = Date.now() + JOIN_SECONDS * 1000;
        const until = new Date(end).toLocaleTimeString();
        const confirmed = network.technology === 'dect-ule' ? 'the DECT base confirmed its registration mode'
          : 'the ' + network.radio + ' network confirmed';
        const show = () => {
          const left = Math.max(0, Math.round((end - Date.now()) / 1000));
          if (left === 0) {
            clearInterval(joinCountdown);
            message.textContent = network.radio + ' no longer accepts new devices.';
            return;
          }
          message.textContent = network.radio + ' accepts new devices until ' + until + ' (' + left + ' s left; '
            + confirmed + '): start pairing on the device now. It appears below once it has joined.';
        };
        show();
        joinCountdown = setInterval(show, 1000);
      } catch (e) {
        message.textContent = e.message;
      }
    });
    return button;
  }));
}

async function loadDevices() {
  // The stream first, then the list: a change between the two is not lost.
  const events = new EventSource('/api/events');
  const state = document.getElementById('live-state');
  events.addEventListener('hello', async () => {
    state.textContent = 'Live';
    const list = await api('/api/devices');
    for (const device of list.devices) render(device);
  });
  events.addEventListener('device', e => render(JSON.parse(e.data)));
  events.addEventListener('removed', e => {
    const id = JSON.parse(e.data).id;
    cards.get(id)?.remove();
    cards.delete(id);
  });
  events.onerror = () => { state.textContent = 'Reconnecting…'; };
}

// ---- privacy
const CLASS_WORDS = {
  IDENTITY: 'vendor, model and serial', INVENTORY: 'which devices you have', HEALTH: 'whether they work, battery',
  STATE: 'readings and on/off', ACTIVITY: 'when they are used', ENERGY: 'energy use', CONTROL: 'control them',
};
// The log is filtered by the bridge, over the whole log; the newest matching rows come back.
let logRequest = 0;
async function loadLog() {
  const query = new URLSearchParams();
  const value = id => document.getElementById(id).value.trim();
  // datetime-local is the browser's local time; the bridge takes instants.
  const instant = id => value(id) ? new Date(value(id)).toISOString() : '';
  for (const [name, v] of [['controller', value('log-filter')], ['operation', value('log-operation')],
    ['decision', value('log-decision')], ['from', instant('log-from')], ['to', instant('log-to')]]) {
    if (v) query.set(name, v);
  }
  const mine = ++logRequest;
  const log = await api('/api/privacy/log?' + query.toString());
  if (mine !== logRequest) return;  // a newer filter's answer wins
  const operations = document.getElementById('log-operation');
  const known = new Set([...operations.options].map(o => o.value));
  for (const operation of log.operations) {
    if (!known.has(operation)) operations.append(el('option', {value: operation, text: operation}));
  }
  const entries = n => n + (n === 1 ? ' entry' : ' entries');
  document.getElementById('log-count').textContent = log.matched === log.logSize
    ? entries(log.logSize) : log.matched + ' of ' + entries(log.logSize) + ' match'
      + (log.matched > log.log.length ? ' (the newest ' + log.log.length + ' shown)' : '');
  document.querySelector('#log tbody').replaceChildren(...log.log.slice().reverse().map(r =>
    el('tr', {'data-sequence': String(r.sequence), 'data-decision': r.decision},
      el('td', {text: new Date(r.time).toLocaleString()}), el('td', {text: r.controller}),
      el('td', {text: r.operation}), el('td', {text: r.paths}), el('td', {text: r.decision}))));
}

async function loadPrivacy() {
  const privacy = await api('/api/privacy');
  document.getElementById('no-usp').hidden = privacy.available;
  document.getElementById('privacy-body').hidden = !privacy.available;
  if (!privacy.available) return;
  const classes = document.getElementById('grant-classes');
  if (classes.querySelectorAll('input').length === 0) {
    for (const name of privacy.classes) {
      const box = el('input', {type: 'checkbox', value: name, id: 'class-' + name});
      classes.append(el('label', {for: 'class-' + name}, box, ' ' + (CLASS_WORDS[name] || name)));
    }
  }
  document.getElementById('controllers').replaceChildren(...privacy.controllers.map(c => el('li',
    {'data-controller': c.endpointId},
    el('h3', {text: c.endpointId}),
    el('p', {class: 'muted', text: (c.roles.length ? 'Role: ' + c.roles.join(', ') : 'No role')
      + (c.enabled ? '' : ' (switched off)')}),
    el('p', {text: c.words}))));
  document.querySelector('#grants tbody').replaceChildren(...privacy.grants.map(g => {
    const revoke = el('button', {type: 'button', class: 'secondary', text: 'Revoke'});
    revoke.addEventListener('click', async () => {
      await api('/api/privacy/revoke', {method: 'POST', body: JSON.stringify({number: g.number})});
      await loadPrivacy();
    });
    return el('tr', {'data-grant': String(g.number)}, el('td', {text: g.controller}),
      el('td', {text: g.classes.map(c => CLASS_WORDS[c] || c).join(', ')}), el('td', {text: g.target}),
      el('td', {text: new Date(g.expires).toLocaleString()}), el('td', {text: g.reason}), el('td', {}, revoke));
  }));
  document.getElementById('no-grants').hidden = privacy.grants.length > 0;
  document.getElementById('log-verification').textContent = privacy.logIntact
    ? 'intact (' + privacy.logSize + ' entries)' : privacy.logVerification;
  await loadLog();
}

for (const id of ['log-filter', 'log-operation', 'log-decision', 'log-from', 'log-to']) {
  document.getElementById(id).addEventListener(id === 'log-filter' ? 'input' : 'change',
    () => loadLog().catch(e => { document.getElementById('log-count').textContent = e.message; }));
}
document.getElementById('log-filters').addEventListener('submit', event => event.preventDefault());
document.getElementById('grant-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const message = document.getElementById('grant-message');
  message.textContent = '';
  const classes = [...document.querySelectorAll('#grant-classes input:checked')].map(b => b.value).join(',');
  try {
    await api('/api/privacy/grants', {method: 'POST', body: JSON.stringify({
      controller: document.getElementById('grant-controller').value,
      target: document.getElementById('grant-target').value, classes,
      durationSeconds: Number(document.getElementById('grant-duration').value),
      reason: document.getElementById('grant-reason').value,
    })});
    await loadPrivacy();
  } catch (e) {
    message.textContent = e.message;
  }
});

document.getElementById('logout').addEventListener('click', async () => {
  await api('/api/logout', {method: 'POST', body: '{}'}).catch(() => {});
  location.href = '/login';
});

(async () => {
  csrf = (await api('/api/session')).csrf;
  show();
  await loadPairing();
  await loadDevices();
})();
