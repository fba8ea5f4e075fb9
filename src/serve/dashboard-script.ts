/** Where the dashboard serves its one script (its own origin; the CSP allows nothing else). */
export const DASHBOARD_SCRIPT_PATH = '/static/dashboard.js';

/**
 * The dashboard's script, plain JavaScript: live pages reload themselves every `data-refresh`
 * seconds with a button to pause (kept per tab), and hovering or focusing a chart mark shows its
 * value in a floating box that is also a status region for screen readers.
 */
export const DASHBOARD_SCRIPT = `'use strict';
(function () {
  var body = document.body;
  var box = document.createElement('div');
  box.className = 'hover';
  box.setAttribute('role', 'status');
  box.hidden = true;
  body.appendChild(box);
  function show(target, x, y) {
    var mark = target && target.closest ? target.closest('svg.chart .mark, svg.chart .series') : null;
    var title = mark ? mark.querySelector('title') : null;
    if (!title) { box.hidden = true; return; }
    box.textContent = title.textContent;
    box.style.left = (x + 14) + 'px';
    box.style.top = (y + 14) + 'px';
    box.hidden = false;
  }
  document.addEventListener('mouseover', function (e) { show(e.target, e.pageX, e.pageY); });
  document.addEventListener('mouseleave', function () { box.hidden = true; });
  var seconds = Number(body.getAttribute('data-refresh') || 0);
  if (seconds > 0) {
    var paused = sessionStorage.getItem('keel-live-paused') === '1';
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'live';
    button.setAttribute('aria-pressed', paused ? 'true' : 'false');
    button.textContent = paused ? 'Live updates paused: resume' : 'Pause live updates (every ' + seconds + ' s)';
    button.addEventListener('click', function () {
      sessionStorage.setItem('keel-live-paused', paused ? '0' : '1');
      location.reload();
    });
    var header = document.querySelector('header.top') || document.querySelector('main');
    header.appendChild(button);
    if (!paused) setTimeout(function () { location.reload(); }, seconds * 1000);
  }
})();
`;
