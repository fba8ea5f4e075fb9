/** Where the dashboard serves its one script (its own origin; the CSP allows nothing else). */
export const DASHBOARD_SCRIPT_PATH = '/static/dashboard.js';

/** Most runs one comparison overlays. */
export const MAX_COMPARED_RUNS = 10;

/**
 * The dashboard's script, plain JavaScript: live pages reload themselves every `data-refresh`
 * seconds with a button to pause (kept per tab), and hovering or focusing a chart mark shows its
 * value in a floating box that is also a status region for screen readers; on the run comparison
 * page, changing a control reloads the page with the new selection in its query string.
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
  // Run comparison: the chart is drawn by the server from the query string, so a change of any
  // control rebuilds the URL and loads it (the CSP's form-action 'none' rules out a form submit).
  var form = document.querySelector('form.compare');
  if (form) {
    var go = function () {
      var q = [];
      var els = form.elements;
      for (var i = 0; i < els.length; i++) {
        var el = els[i];
        if (!el.name || ((el.type === 'checkbox') && !el.checked)) continue;
        q.push(encodeURIComponent(el.name) + '=' + encodeURIComponent(el.value));
      }
      location.assign('/compare?' + q.join('&'));
    };
    var range = form.querySelector('input[type=range]');
    var shown = form.querySelector('output');
    if (range && shown) range.addEventListener('input', function () { shown.textContent = range.value; });
    form.addEventListener('change', function (e) {
      var runs = form.querySelectorAll('input[name=run]:checked');
      if (runs.length > ${MAX_COMPARED_RUNS} && e.target.checked) { e.target.checked = false; shown.textContent = 'at most ${MAX_COMPARED_RUNS} runs'; return; }
      go();
    });
    form.addEventListener('submit', function (e) { e.preventDefault(); go(); });
  }
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
