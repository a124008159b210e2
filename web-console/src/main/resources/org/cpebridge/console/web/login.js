'use strict';
// The login page: the first visit sets the household password, later visits log in with it.
(async () => {
  const form = document.getElementById('login');
  const message = document.getElementById('message');
  const password = document.getElementById('password');
  const confirm = document.getElementById('confirm');
  const response = await fetch('/api/login-state', {credentials: 'same-origin'});
  const state = await response.json();
  const firstVisit = !state.passwordSet;
  if (firstVisit) {
    document.getElementById('intro').textContent =
      'Choose a password for this bridge (at least 8 characters). Everyone in the home who may change its settings needs it.';
    document.getElementById('confirm-label').hidden = false;
    confirm.hidden = false;
    confirm.required = true;
    password.autocomplete = 'new-password';
    document.getElementById('submit').textContent = 'Set password';
  } else {
    document.getElementById('intro').textContent = 'Enter the password of this bridge.';
  }
  form.hidden = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    if (firstVisit && password.value !== confirm.value) {
      message.textContent = 'The two passwords differ.';
      return;
    }
    const result = await fetch(firstVisit ? '/api/setup' : '/api/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': state.token},
      body: JSON.stringify({password: password.value}),
    });
    if (result.ok) {
      location.href = '/';
      return;
    }
    const body = await result.json().catch(() => ({}));
    message.textContent = body.error || ('Refused (' + result.status + ')');
  });
})();
