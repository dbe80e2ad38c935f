// The page of the local web server: posts a Firehose file to /hourlyHigh and draws each company's hourly highs.
// Plain JavaScript and SVG: nothing is loaded from anywhere else.
(function () {
  'use strict';

  var COLOURS = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#bc4c00', '#1b7c83', '#bf3989', '#4d2d00',
    '#6e7781', '#ff8182', '#54aeff', '#2da44e'];
  var SVG = 'http://www.w3.org/2000/svg';
  var file = document.getElementById('file');
  var drop = document.getElementById('drop');
  var status = document.getElementById('status');

  file.addEventListener('change', function () {
    if (file.files.length > 0) {
      load(file.files[0]);
    }
  });
  drop.addEventListener('dragover', function (event) {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', function () {
    drop.classList.remove('over');
  });
  drop.addEventListener('drop', function (event) {
    event.preventDefault();
    drop.classList.remove('over');
    if (event.dataTransfer.files.length > 0) {
      load(event.dataTransfer.files[0]);
    }
  });

  // With profile kinesis the page also follows the hourly-high updates as the stream publishes them (read-only);
  // the plain web server has no such feed, and the page then only charts files.
  var live = {};
  if (window.EventSource) {
    var feed = new EventSource('hourly-highs/live');
    feed.addEventListener('hourly-high', function (event) {
      var update = JSON.parse(event.data);
      live[update.name + '|' + update.hour] = update;
      var results = Object.keys(live).sort().map(function (key) { return live[key]; });
      draw(results);
      say('Live from the stream: ' + results.length + ' hourly highs of ' + companies(results).length
        + ' companies', false);
    });
    feed.onerror = function () {
      if (feed.readyState === EventSource.CLOSED) {
        feed.close();
      }
    };
  }

  function load(chosen) {
    say('Reading ' + chosen.name + '…', false);
    fetch('hourlyHigh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-ndjson', 'Accept': 'application/json' },
      body: chosen
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) {
          throw new Error(answer.detail || answer.title || ('HTTP ' + response.status));
        }
        return answer;
      });
    }).then(function (answer) {
      draw(answer.results);
      say(answer.results.length + ' hourly highs of ' + companies(answer.results).length + ' companies from '
        + chosen.name + (answer.rejectedCount > 0 ? '; ' + answer.rejectedCount + ' records rejected' : ''), false);
    }).catch(function (error) {
      say('Could not read ' + chosen.name + ': ' + error.message, true);
    });
  }

  function say(text, error) {
    status.textContent = text;
    status.classList.toggle('error', error);
  }

  function companies(results) {
    var names = [];
    results.forEach(function (result) {
      if (names.indexOf(result.name) < 0) {
        names.push(result.name);
      }
    });
    return names;
  }

  // "2020-05-14T09:00-04:00" → 9: the hour as the records wrote it, whatever the browser's time zone
  function hourOf(timestamp) {
    return parseInt(timestamp.substring(11, 13), 10);
  }

  function draw(results) {
    var chart = document.getElementById('chart');
    var legend = document.getElementById('legend');
    var rows = document.querySelector('#highs tbody');
    chart.replaceChildren();
    legend.replaceChildren();
    rows.replaceChildren();
    document.getElementById('results').hidden = false;
    if (results.length === 0) {
      return;
    }
    var left = 56, right = 16, top = 16, bottom = 32, width = 640, height = 360;
    var hours = results.map(function (result) { return hourOf(result.hour); });
    var highs = results.map(function (result) { return Number(result.high); });
    var firstHour = Math.min.apply(null, hours), lastHour = Math.max.apply(null, hours);
    var low = Math.min.apply(null, highs), high = Math.max.apply(null, highs);
    if (lastHour === firstHour) { lastHour = firstHour + 1; }
    if (high === low) { high = low + 1; }
    function x(hour) { return left + (hour - firstHour) / (lastHour - firstHour) * (width - left - right); }
    function y(value) { return height - bottom - (value - low) / (high - low) * (height - top - bottom); }

    element(chart, 'line', { 'class': 'axis', x1: left, y1: height - bottom, x2: width - right, y2: height - bottom });
    element(chart, 'line', { 'class': 'axis', x1: left, y1: top, x2: left, y2: height - bottom });
    for (var hour = firstHour; hour <= lastHour; hour++) {
      element(chart, 'text', { x: x(hour), y: height - bottom + 16, 'text-anchor': 'middle' }).textContent = hour + 'h';
    }
    [low, (low + high) / 2, high].forEach(function (value) {
      element(chart, 'text', { x: left - 6, y: y(value) + 4, 'text-anchor': 'end' }).textContent = value.toFixed(2);
    });

    companies(results).forEach(function (name, index) {
      var colour = COLOURS[index % COLOURS.length];
      var series = results.filter(function (result) { return result.name === name; });
      var group = element(chart, 'g', { 'class': 'series', 'data-company': name });
      element(group, 'polyline', {
        stroke: colour,
        points: series.map(function (result) { return x(hourOf(result.hour)) + ',' + y(Number(result.high)); }).join(' ')
      });
      series.forEach(function (result) {
        var point = element(group, 'circle', {
          cx: x(hourOf(result.hour)), cy: y(Number(result.high)), r: 3, fill: colour,
          'data-hour': hourOf(result.hour), 'data-high': result.high, 'data-ts': result.ts,
          'data-count': result.count
        });
        element(point, 'title', {}).textContent = name + ' ' + hourOf(result.hour) + 'h: ' + result.high;
        var row = rows.insertRow();
        [name, String(hourOf(result.hour)).padStart(2, '0'), String(result.high), result.ts].forEach(function (text) {
          row.insertCell().textContent = text;
        });
      });
      var item = document.createElement('li');
      var swatch = document.createElement('span');
      swatch.style.background = colour;
      swatch.setAttribute('aria-hidden', 'true');
      item.append(swatch, name);
      legend.append(item);
    });
  }

  function element(parent, name, attributes) {
    var created = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { created.setAttribute(key, attributes[key]); });
    parent.appendChild(created);
    return created;
  }
}());
