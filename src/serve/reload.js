// veiviser serve: reload the page when the site is rebuilt, and show build errors
// over it until they are fixed. Only ever served by `veiviser serve`.
(function () {
  'use strict';
  var overlay = null;

  function clear() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function line(text, bold) {
    var div = document.createElement('div');
    div.textContent = text;
    div.style.margin = '0 0 0.75em';
    if (bold) {
      div.style.fontWeight = 'bold';
    }
    return div;
  }

  function show(errors) {
    clear();
    overlay = document.createElement('div');
    overlay.id = 'veiviser-build-errors';
    overlay.setAttribute('role', 'alert');
    var s = overlay.style;
    s.position = 'fixed';
    s.left = '1rem';
    s.right = '1rem';
    s.bottom = '1rem';
    s.maxHeight = '60vh';
    s.overflow = 'auto';
    s.zIndex = '2147483647';
    s.boxSizing = 'border-box';
    s.padding = '1rem 1.25rem';
    s.background = '#fff';
    s.color = '#1a1a1a';
    s.border = '4px solid #b00020';
    s.borderRadius = '6px';
    s.boxShadow = '0 4px 24px rgba(0, 0, 0, 0.35)';
    s.font = '14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
    s.whiteSpace = 'pre-wrap';
    s.textAlign = 'left';
    overlay.appendChild(line('veiviser: the build failed (' + errors.length +
      ' error' + (errors.length === 1 ? '' : 's') + '); this is the last good version of the page.', true));
    errors.forEach(function (e) {
      var text = (e.location || '') + ': ' + (e.message || '');
      if (e.help) {
        text += '\n  help: ' + e.help;
      }
      overlay.appendChild(line(text, false));
    });
    document.body.appendChild(overlay);
  }

  // The first folder of this page's address: its municipality, or '' for the list.
  var site = location.pathname.split('/')[1] || '';

  var source = new EventSource('/__veiviser/events');
  source.addEventListener('reload', function (event) {
    var data = {};
    try {
      data = JSON.parse(event.data || '{}');
    } catch (ignored) {}
    var slugs = data.slugs;
    if (site === 'admin') {
      // The web editor: never reloaded under the editor's hands; errors still show.
      clear();
      return;
    }
    if (!Array.isArray(slugs) || site === '' || site === 'index.html' || slugs.indexOf(site) >= 0) {
      clear();
      location.reload();
    } else {
      clear();
    }
  });
  // EventSource also fires a plain 'error' when the connection drops (it reconnects
  // by itself); only the server's 'error' events carry data.
  source.addEventListener('error', function (event) {
    if (!event.data) {
      return;
    }
    try {
      show(JSON.parse(event.data).errors || []);
    } catch (ignored) {}
  });
})();
