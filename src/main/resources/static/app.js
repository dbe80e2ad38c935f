// The page: charts hourly highs per company, from a file posted to /hourlyHigh (the web server's page) or from the
// stream as it is published (the stream service's page, live.html). Plain JavaScript and SVG: nothing is loaded from
// anywhere else.
(function () {
  'use strict';

  var COLOURS = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#bc4c00', '#1b7c83', '#bf3989', '#4d2d00',
    '#6e7781', '#9a6700', '#3e1f79', '#116329'];
  var SVG = 'http://www.w3.org/2000/svg';
  var MAX_LISTED_REJECTIONS = 100;
  var PANEL_HEIGHT = 150;
  var COMPARED_HEIGHT = 320;
  var MARGIN = { left: 64, right: 12, top: 10, bottom: 26 };

  var state = { results: [], windows: null, file: null, sort: { column: 'name', descending: false } };
  var live = document.body.dataset.source === 'stream';
  document.getElementById('results').innerHTML = resultsSection(live);
  var status = document.getElementById('status');
  var tooltip = document.getElementById('tooltip');

  document.querySelectorAll('input[name=view]').forEach(function (input) {
    input.addEventListener('change', render);
  });
  document.querySelectorAll('#highs th button').forEach(function (button) {
    button.addEventListener('click', function () {
      var column = button.dataset.column;
      state.sort = { column: column, descending: state.sort.column === column ? !state.sort.descending : false };
      drawTable();
    });
  });
  var resizing = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizing);
    resizing = setTimeout(render, 150);
  });
  document.addEventListener('click', function (event) {
    if (!event.target.closest || !event.target.closest('circle')) {
      tooltip.hidden = true;
    }
  });

  if (live) {
    follow();
  } else {
    chooseFiles();
  }

  // The charts, their controls and the table: the same on both pages, but for what only a file has (windows, and
  // rejected records).
  function resultsSection(live) {
    return '<h2 id="chart-heading">Highest high per company and hour</h2>'
      + '<div class="controls"><fieldset><legend>Show</legend>'
      + '<label><input type="radio" name="view" value="each" checked> each company on its own scale</label>'
      + '<label><input type="radio" name="view" value="compared"> all compared, in % from the first hour</label>'
      + '</fieldset>'
      + (live ? '' : '<fieldset><legend>Sliding windows</legend>'
        + '<label><input type="checkbox" id="windows"> high–low band of</label>'
        + '<label class="visually-hidden" for="window-spec">window size and slide</label>'
        + '<select id="window-spec"><option value="PT15M,PT5M" selected>15 min every 5 min</option>'
        + '<option value="PT30M,PT10M">30 min every 10 min</option>'
        + '<option value="PT1H,PT15M">1 hour every 15 min</option></select></fieldset>')
      + '</div><div id="panels"></div>'
      + (live ? '' : '<section id="rejections" aria-labelledby="rejected-summary" hidden>'
        + '<h3 id="rejected-summary"></h3><ol id="rejected"></ol></section>')
      + '<details open><summary>The same as a table</summary><table id="highs">'
      + '<caption>Hourly highs, on the records\' own clock</caption><thead><tr>'
      + '<th scope="col"><button type="button" data-column="name">Company</button></th>'
      + '<th scope="col"><button type="button" data-column="hour">Hour</button></th>'
      + '<th scope="col" class="number"><button type="button" data-column="high">High</button></th>'
      + '<th scope="col"><button type="button" data-column="ts">At</button></th>'
      + '</tr></thead><tbody></tbody></table></details>';
  }

  // --- the web server's page: a file of records -------------------------------------------------------------------

  function chooseFiles() {
    var file = document.getElementById('file');
    var drop = document.getElementById('drop');
    var windows = document.getElementById('windows');
    var spec = document.getElementById('window-spec');
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
    windows.addEventListener('change', loadWindows);
    spec.addEventListener('change', loadWindows);
  }

  function load(chosen) {
    say('Reading ' + chosen.name + '…', false);
    state.file = chosen;
    state.windows = null;
    Promise.all([post('hourlyHigh', chosen), chosen.text()]).then(function (answers) {
      var answer = answers[0];
      state.results = answer.results;
      render();
      listRejections(answer, answers[1], isCsv(chosen));
      say(plural(answer.results.length, 'hourly high') + ' of ' + plural(companies(answer.results).length, 'company')
        + ' from ' + chosen.name + (answer.rejectedCount > 0
          ? '; ' + plural(answer.rejectedCount, 'record') + ' rejected (listed below)' : ''), false);
      loadWindows();
    }).catch(function (error) {
      say('Could not read ' + chosen.name + ': ' + error.message, true);
    });
  }

  function loadWindows() {
    var wanted = document.getElementById('windows').checked;
    if (!wanted || !state.file) {
      state.windows = null;
      render();
      return;
    }
    var spec = document.getElementById('window-spec').value.split(',');
    post('slidingWindows?size=' + spec[0] + '&slide=' + spec[1], state.file).then(function (answer) {
      state.windows = answer.results;
      render();
    }).catch(function (error) {
      say('Could not compute the windows: ' + error.message, true);
    });
  }

  // a CSV file (a spreadsheet's or yfinance's export) is read by its header; anything else as JSON records
  function isCsv(file) {
    return file.type === 'text/csv' || /\.csv$/i.test(file.name);
  }

  function post(path, body) {
    return fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': isCsv(body) ? 'text/csv' : 'application/x-ndjson', 'Accept': 'application/json' },
      body: body
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) {
          throw new Error(answer.detail || answer.title || ('HTTP ' + response.status));
        }
        return answer;
      });
    });
  }

  // A rejection names its record by index, counting records; the file's non-blank lines are its records, after the
  // header row of a CSV file (in a JSON array, the index is all there is).
  function listRejections(answer, text, csv) {
    var section = document.getElementById('rejections');
    var list = document.getElementById('rejected');
    list.replaceChildren();
    section.hidden = answer.rejectedCount === 0;
    if (answer.rejectedCount === 0) {
      return;
    }
    var lines = null;
    if (!/^\s*\[/.test(text)) {
      lines = [];
      text.split('\n').forEach(function (line, number) {
        if (line.trim() !== '') {
          lines.push(number + 1);
        }
      });
      if (csv) {
        lines.shift();
      }
    }
    answer.rejected.slice(0, MAX_LISTED_REJECTIONS).forEach(function (rejection) {
      var item = document.createElement('li');
      var where = lines && lines[rejection.index] ? 'line ' + lines[rejection.index] : 'record ' + (rejection.index + 1);
      item.textContent = where + ': ' + rejection.reason;
      list.append(item);
    });
    var listed = Math.min(answer.rejected.length, MAX_LISTED_REJECTIONS);
    document.getElementById('rejected-summary').textContent = plural(answer.rejectedCount, 'record') + ' rejected'
      + (answer.rejectedCount > listed ? ' (the first ' + listed + ' listed)' : '');
  }

  // --- the stream service's page: what was published, then each update as it comes ---------------------------------

  function follow() {
    var highs = {};
    var drawing = null;
    function add(update) {
      var key = update.name + '|' + update.hour;
      // the documented rule: the highest high, the earliest ts among equal highs
      if (!highs[key] || replaces(update, highs[key])) {
        highs[key] = update;
      }
    }
    function show() {
      state.results = Object.keys(highs).sort().map(function (key) { return highs[key]; });
      if (!drawing) {
        drawing = setTimeout(function () {
          drawing = null;
          render();
        }, 200);
      }
    }
    connection('connecting');
    fetch('hourly-highs', { headers: { 'Accept': 'application/json' } }).then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      return response.json();
    }).then(function (answer) {
      answer.results.forEach(add);
      show();
      say(plural(state.results.length, 'hourly high') + ' of ' + plural(companies(state.results).length, 'company')
        + ' published so far', false);
    }).catch(function (error) {
      say('Could not read what was published: ' + error.message, true);
    });
    var received = 0;
    var feed = new EventSource('hourly-highs/live');
    feed.onopen = function () {
      connection(received > 0 ? 'live' : 'waiting');
    };
    feed.addEventListener('hourly-high', function (event) {
      received++;
      add(JSON.parse(event.data));
      connection('live');
      show();
      say(plural(state.results.length, 'hourly high') + ' of ' + plural(companies(state.results).length, 'company')
        + '; ' + plural(received, 'update') + ' since this page opened', false);
    });
    feed.onerror = function () {
      connection(feed.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    };
  }

  function connection(what) {
    var badge = document.getElementById('connection');
    var words = {
      connecting: 'connecting…',
      waiting: 'live — waiting for the first update',
      live: 'live',
      reconnecting: 'reconnecting…',
      closed: 'disconnected: reload the page'
    };
    badge.textContent = words[what];
    badge.dataset.state = what;
  }

  function replaces(candidate, current) {
    var higher = Number(candidate.high) - Number(current.high);
    if (higher !== 0) {
      return higher > 0;
    }
    return Date.parse(candidate.ts) < Date.parse(current.ts);
  }

  // --- drawing ----------------------------------------------------------------------------------------------------

  function render() {
    document.getElementById('results').hidden = state.results.length === 0;
    if (state.results.length === 0) {
      return;
    }
    var compared = document.querySelector('input[name=view]:checked').value === 'compared';
    var panels = document.getElementById('panels');
    panels.replaceChildren();
    tooltip.hidden = true;
    var names = companies(state.results);
    var hours = hourRange(state.results);
    if (compared) {
      drawCompared(panels, names, hours);
    } else {
      names.forEach(function (name, index) {
        drawPanel(panels, name, COLOURS[index % COLOURS.length], hours);
      });
    }
    drawTable();
  }

  function drawPanel(panels, name, colour, hours) {
    var series = seriesOf(name);
    var decimals = precision(series.map(function (result) { return result.high; }));
    var values = series.map(function (result) { return Number(result.high); });
    var bands = windowsOf(name);
    bands.forEach(function (window) {
      values.push(Number(window.high), Number(window.low));
    });
    var domain = padded(Math.min.apply(null, values), Math.max.apply(null, values));
    var figure = document.createElement('figure');
    figure.className = 'panel';
    figure.dataset.company = name;
    var caption = document.createElement('figcaption');
    var top = series.reduce(function (best, result) { return Number(result.high) > Number(best.high) ? result : best; });
    var title = document.createElement('strong');
    title.textContent = name;
    caption.append(title, ' day\'s high ' + price(top.high, decimals) + ' at ' + clock(top.ts));
    figure.append(caption);
    panels.append(figure);
    var chart = svg(figure, PANEL_HEIGHT, domain, hours, function (value) { return price(value, decimals); });
    chart.svg.setAttribute('aria-label', name + ' hourly highs');
    if (bands.length > 0) {
      drawBand(chart, bands, colour, function (value) { return value; });
    }
    drawSeries(chart, name, series, colour, decimals, function (result) { return Number(result.high); });
  }

  function drawCompared(panels, names, hours) {
    var base = {};
    var values = [];
    names.forEach(function (name) {
      var series = seriesOf(name);
      base[name] = Number(series[0].high);
      series.forEach(function (result) {
        values.push(percent(result.high, base[name]));
      });
      windowsOf(name).forEach(function (window) {
        values.push(percent(window.high, base[name]), percent(window.low, base[name]));
      });
    });
    var figure = document.createElement('figure');
    figure.className = 'panel compared';
    var caption = document.createElement('figcaption');
    caption.textContent = 'Each company\'s hourly high as % from its first hour\'s high';
    figure.append(caption);
    panels.append(figure);
    var chart = svg(figure, COMPARED_HEIGHT, padded(Math.min.apply(null, values), Math.max.apply(null, values)), hours,
      function (value) { return (value > 0 ? '+' : '') + value.toFixed(1) + ' %'; });
    chart.svg.setAttribute('aria-label', 'hourly highs compared');
    var legend = document.createElement('ul');
    legend.className = 'legend';
    names.forEach(function (name, index) {
      var colour = COLOURS[index % COLOURS.length];
      var series = seriesOf(name);
      var decimals = precision(series.map(function (result) { return result.high; }));
      var bands = windowsOf(name);
      if (bands.length > 0) {
        drawBand(chart, bands, colour, function (value) { return percent(value, base[name]); });
      }
      drawSeries(chart, name, series, colour, decimals, function (result) { return percent(result.high, base[name]); });
      var item = document.createElement('li');
      var swatch = document.createElement('span');
      swatch.style.background = colour;
      swatch.setAttribute('aria-hidden', 'true');
      item.append(swatch, name);
      legend.append(item);
    });
    figure.append(legend);
  }

  // An SVG as wide as its panel in CSS pixels, so that its text keeps its size at any width.
  function svg(figure, height, domain, hours, label) {
    var width = Math.max(figure.clientWidth, 200);
    var chart = element(figure, 'svg', {
      width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img',
      'data-y-min': domain[0], 'data-y-max': domain[1],
      'data-plot-top': MARGIN.top, 'data-plot-bottom': height - MARGIN.bottom,
      'data-plot-left': MARGIN.left, 'data-plot-right': width - MARGIN.right,
      'data-hour-first': hours[0], 'data-hour-last': hours[1]
    });
    var plot = { left: MARGIN.left, right: width - MARGIN.right, top: MARGIN.top, bottom: height - MARGIN.bottom };
    var scale = {
      svg: chart,
      x: function (hour) {
        return plot.left + (hour - hours[0] + 0.5) / (hours[1] - hours[0] + 1) * (plot.right - plot.left);
      },
      y: function (value) {
        return plot.bottom - (value - domain[0]) / (domain[1] - domain[0]) * (plot.bottom - plot.top);
      }
    };
    element(chart, 'line', { 'class': 'axis', x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom });
    element(chart, 'line', { 'class': 'axis', x1: plot.left, y1: plot.top, x2: plot.left, y2: plot.bottom });
    var every = Math.ceil((hours[1] - hours[0] + 1) * 44 / (plot.right - plot.left)); // ~44 px a label
    for (var hour = hours[0]; hour <= hours[1]; hour += every) {
      element(chart, 'text', { x: scale.x(hour), y: plot.bottom + 17, 'text-anchor': 'middle' }).textContent =
        (hour % 24) + 'h';
    }
    [domain[0], (domain[0] + domain[1]) / 2, domain[1]].forEach(function (value) {
      element(chart, 'line', { 'class': 'grid', x1: plot.left, y1: scale.y(value), x2: plot.right, y2: scale.y(value) });
      element(chart, 'text', { x: plot.left - 6, y: scale.y(value) + 4, 'text-anchor': 'end' }).textContent = label(value);
    });
    return scale;
  }

  function drawSeries(chart, name, series, colour, decimals, value) {
    var group = element(chart.svg, 'g', { 'class': 'series', 'data-company': name });
    element(group, 'polyline', {
      stroke: colour,
      points: series.map(function (result) {
        return chart.x(hourIndex(result.hour)) + ',' + chart.y(value(result));
      }).join(' ')
    });
    series.forEach(function (result) {
      var text = name + ' · ' + hourLabel(result.hour) + ' · high ' + price(result.high, decimals) + ' at '
        + clock(result.ts);
      var point = element(group, 'circle', {
        cx: chart.x(hourIndex(result.hour)), cy: chart.y(value(result)), r: 4, fill: colour, tabindex: 0,
        'data-hour': result.hour, 'data-high': result.high, 'data-ts': result.ts, 'data-label': text
      });
      element(point, 'title', {}).textContent = text;
      var show = function () { showTooltip(point, text); };
      point.addEventListener('mouseenter', show);
      point.addEventListener('focus', show);
      point.addEventListener('click', show);
      point.addEventListener('mouseleave', function () { tooltip.hidden = true; });
    });
  }

  // A sliding window's high–low band, drawn at the middle of the window.
  function drawBand(chart, windows, colour, value) {
    var upper = [];
    var lower = [];
    windows.forEach(function (window) {
      var middle = (Date.parse(window.start) + Date.parse(window.end)) / 2;
      var x = chart.x(hourIndex(window.start) + fractionOfHour(window.start, middle) - 0.5);
      upper.push(x + ',' + chart.y(value(Number(window.high))));
      lower.unshift(x + ',' + chart.y(value(Number(window.low))));
    });
    element(chart.svg, 'polygon', { 'class': 'band', fill: colour, points: upper.concat(lower).join(' ') });
  }

  function showTooltip(point, text) {
    tooltip.textContent = text;
    tooltip.hidden = false;
    var box = point.getBoundingClientRect();
    var left = Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth
      - tooltip.offsetWidth - 4);
    tooltip.style.left = Math.max(4, left) + 'px';
    tooltip.style.top = (window.scrollY + box.top - tooltip.offsetHeight - 6) + 'px';
  }

  function drawTable() {
    var rows = document.querySelector('#highs tbody');
    rows.replaceChildren();
    var decimals = {};
    companies(state.results).forEach(function (name) {
      decimals[name] = precision(seriesOf(name).map(function (result) { return result.high; }));
    });
    var column = state.sort.column;
    var sorted = state.results.slice().sort(function (a, b) {
      var order = column === 'high' ? Number(a.high) - Number(b.high)
        : column === 'ts' ? Date.parse(a.ts) - Date.parse(b.ts)
          : column === 'hour' ? Date.parse(a.hour) - Date.parse(b.hour) || a.name.localeCompare(b.name)
            : a.name.localeCompare(b.name) || Date.parse(a.hour) - Date.parse(b.hour);
      return state.sort.descending ? -order : order;
    });
    sorted.forEach(function (result) {
      var row = rows.insertRow();
      [result.name, hourLabel(result.hour), price(result.high, decimals[result.name]), clock(result.ts)]
        .forEach(function (text, index) {
          var cell = row.insertCell();
          cell.textContent = text;
          if (index === 2) {
            cell.className = 'number';
          }
        });
    });
    document.querySelectorAll('#highs th').forEach(function (header) {
      var button = header.querySelector('button');
      header.setAttribute('aria-sort', button.dataset.column !== column ? 'none'
        : (state.sort.descending ? 'descending' : 'ascending'));
    });
  }

  // --- figures ----------------------------------------------------------------------------------------------------

  function seriesOf(name) {
    return state.results.filter(function (result) { return result.name === name; })
      .sort(function (a, b) { return Date.parse(a.hour) - Date.parse(b.hour); });
  }

  function windowsOf(name) {
    return (state.windows || []).filter(function (window) { return window.name === name; })
      .sort(function (a, b) { return Date.parse(a.start) - Date.parse(b.start); });
  }

  function companies(results) {
    var names = [];
    results.forEach(function (result) {
      if (names.indexOf(result.name) < 0) {
        names.push(result.name);
      }
    });
    return names.sort();
  }

  // Hours count on the records' own clock ("2020-05-14T09:00:00-04:00" is 9h on 14 May), whatever the browser's
  // time zone, from the first day charted (hourRange).
  var firstDay = 0;
  // whether the highs charted span more than one day (hourRange): the table's hours then carry their date
  var multiDay = false;
  function hourIndex(timestamp) {
    return (dayOf(timestamp) - firstDay) / 3600000 + parseInt(timestamp.substring(11, 13), 10);
  }

  function dayOf(timestamp) {
    return Date.UTC(+timestamp.substring(0, 4), +timestamp.substring(5, 7) - 1, +timestamp.substring(8, 10));
  }

  function fractionOfHour(hourStart, instant) {
    return (instant - Date.parse(hourStart.substring(0, 13) + ':00:00' + hourStart.substring(19))) / 3600000;
  }

  function hourRange(results) {
    firstDay = Math.min.apply(null, results.map(function (result) { return dayOf(result.hour); }));
    multiDay = results.some(function (result) { return dayOf(result.hour) !== firstDay; });
    var hours = results.map(function (result) { return hourIndex(result.hour); });
    return [Math.min.apply(null, hours), Math.max.apply(null, hours)];
  }

  function hourLabel(timestamp) {
    return (multiDay ? timestamp.substring(5, 10) + ' ' : '') + timestamp.substring(11, 13) + ':00';
  }

  function clock(timestamp) {
    return timestamp.substring(11, 16);
  }

  // Prices in cents, as exchanges quote these stocks (137.97000122070312 is a float's 137.97); a company whose prices
  // go below 1 (a coin) keeps four significant digits. The API and the table's sorting keep the exact values.
  function precision(prices) {
    var lowest = Math.min.apply(null, prices.map(function (value) { return Math.abs(Number(value)); }));
    if (!(lowest < 1) || lowest === 0) {
      return 2;
    }
    return Math.min(8, Math.max(2, 3 - Math.floor(Math.log10(lowest))));
  }

  function price(value, decimals) {
    return Number(value).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  }

  function percent(value, base) {
    return (Number(value) / base - 1) * 100;
  }

  // A domain around the values with a little room, never empty.
  function padded(low, high) {
    var room = (high - low) * 0.08 || Math.abs(high) * 0.01 || 1;
    return [low - room, high + room];
  }

  function plural(count, word) {
    var words = { company: 'companies' };
    return count.toLocaleString('en-US') + ' ' + (count === 1 ? word : (words[word] || word + 's'));
  }

  function say(text, error) {
    status.textContent = text;
    status.classList.toggle('error', error);
  }

  function element(parent, name, attributes) {
    var created = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { created.setAttribute(key, attributes[key]); });
    parent.appendChild(created);
    return created;
  }
}());
