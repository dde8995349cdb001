// The web preview's `window.kiosk`: the same two functions the Electron preload exposes,
// carried over HTTP (calls) and server-sent events (events). Served only by the preview host.
(function () {
  'use strict';
  var listeners = new Map();
  var source = null;

  function ensureSource() {
    if (source) return;
    source = new EventSource('/api/events');
    source.onmessage = function (message) {
      var data;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      var set = listeners.get(data.event);
      if (set) set.forEach(function (fn) { fn(data.payload); });
    };
  }

  var kiosk = {
    call: function (method, input) {
      return fetch('/api/call', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method: method, input: input === undefined ? {} : input }),
      })
        // A failed request rejects, as a failed Electron IPC call does: the desk shows it as
        // "cannot reach the desk service", not as an internal error of the service.
        .then(function (res) { return res.json(); });
    },
    onEvent: function (event, listener) {
      ensureSource();
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
      return function () { listeners.get(event).delete(listener); };
    },
  };
  Object.defineProperty(window, 'kiosk', { value: Object.freeze(kiosk), writable: false });
})();
