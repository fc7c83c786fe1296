// Drover dashboard: confirmations for actions, and Chart.js charts drawn from data-chart attributes (the pages carry
// no inline script, so the Content-Security-Policy can forbid it). Runs again on content htmx swaps in (live rows).
(function () {
  'use strict';

  document.addEventListener('submit', function (e) {
    var message = e.target.getAttribute('data-confirm');
    if (message && !window.confirm(message)) {
      e.preventDefault();
    }
  });

  function draw(canvas) {
    if (canvas.dataset.drawn || typeof Chart === 'undefined') return;
    canvas.dataset.drawn = '1';
    var spec = JSON.parse(canvas.getAttribute('data-chart'));
    var spark = canvas.hasAttribute('data-spark');
    new Chart(canvas, {
      type: 'line',
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s) {
          return { label: s.label, data: s.data, borderColor: s.color, backgroundColor: s.color,
                   borderWidth: spark ? 1.5 : 2, pointRadius: spark ? 0 : 1.5, tension: 0.25, spanGaps: true };
        })
      },
      options: {
        animation: false, responsive: !spark, maintainAspectRatio: false,
        plugins: { legend: { display: !spark }, tooltip: { enabled: !spark } },
        scales: spark ? { x: { display: false }, y: { display: false, beginAtZero: true } }
                      : { x: { ticks: { maxTicksLimit: 12, maxRotation: 0 } },
                          y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }

  function drawAll(root) {
    (root || document).querySelectorAll('canvas[data-chart]').forEach(draw);
  }

  document.addEventListener('DOMContentLoaded', function () { drawAll(document); });
  document.addEventListener('htmx:load', function (e) { drawAll(e.target.parentNode || document); });
})();
