// Saves the form as you type (two seconds after the last change), when the connection comes
// back, and when the page is hidden or left, so that nothing typed is lost. Without JavaScript the
// Save button does the same job.
(function () {
  'use strict';
  var form = document.querySelector('form[data-autosave]');
  if (!form || !window.fetch) {
    return;
  }

  var status = document.getElementById('autosave-status');
  var version = form.querySelector('input[name="Version"]');
  // What the page started from, for the merge of its next save: what this autosave stored, once stored.
  var origin = form.querySelector('input[name="Merge.Origin"]');
  var timer = null;
  var dirty = false;
  var saving = false;

  function say(key) {
    if (status && status.dataset[key]) {
      status.textContent = status.dataset[key];
    }
  }

  function save() {
    if (!dirty || saving) {
      return;
    }
    dirty = false;
    saving = true;
    // keepalive lets the request finish even when the page is being closed.
    fetch(form.dataset.autosave, { method: 'POST', body: new FormData(form), credentials: 'same-origin', keepalive: true })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status === 409 ? 'conflict' : 'failed');
        }
        return response.json();
      })
      .then(function (body) {
        version.value = body.version;
        if (origin && body.origin) {
          origin.value = body.origin;
        }
        say('saved');
      })
      .catch(function (error) {
        dirty = error.message !== 'conflict';
        say(error.message === 'conflict' ? 'conflict' : 'failed');
      })
      .then(function () {
        saving = false;
      });
  }

  form.addEventListener('input', function () {
    dirty = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 2000);
  });
  window.addEventListener('online', save);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden') {
      save();
    }
  });
  window.addEventListener('pagehide', save);
})();
