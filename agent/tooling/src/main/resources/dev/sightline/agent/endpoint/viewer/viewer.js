// Sightline trace viewer: plain JavaScript, no library, nothing loaded from elsewhere.
// Every value from the application (span names, URLs, SQL, user agents) goes into the page as
// text (textContent, attributes), never as HTML.
(function () {
  'use strict';

  var TOKEN_KEY = 'sightline.endpoint.token';
  var MAX_LIST_ROWS = 500;
  var REFRESH_MILLIS = 5000;

  var state = {
    summaries: [],
    bufferCapacity: 0,
    spanCount: 0,
    trace: null,       // { id, spans, byId }
    selected: null,    // span id
    view: null
  };

  function $(id) { return document.getElementById(id); }

  /** el('td', {className: 'num', title: 'x'}, 'text', childNode...) */
  function el(tag, props) {
    var node = document.createElement(tag);
    if (props) {
      for (var key in props) {
        if (!Object.prototype.hasOwnProperty.call(props, key) || props[key] == null) continue;
        if (key === 'dataset') {
          for (var d in props.dataset) node.dataset[d] = props.dataset[d];
        } else if (key === 'style') {
          for (var s in props.style) node.style[s] = props.style[s];
        } else {
          node[key] = props[key];
        }
      }
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child == null) continue;
      node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function token() {
    try { return localStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
  }

  /** GET a JSON document of the endpoint; null (and the token form) when refused. */
  function api(path) {
    var headers = { 'Accept': 'application/json' };
    var t = token();
    if (t) headers['Authorization'] = 'Bearer ' + t;
    return fetch(path, { headers: headers, cache: 'no-store' }).then(function (response) {
      if (response.status === 403) {
        return response.text().then(function (reason) {
          askForToken(reason.trim());
          return null;
        });
      }
      $('token-form').hidden = true;
      if (!response.ok && response.status !== 503) {
        throw new Error(path + ' answered ' + response.status);
      }
      return response.json();
    });
  }

  function askForToken(reason) {
    $('token-reason').textContent = reason || 'This endpoint needs its token.';
    $('token-form').hidden = false;
    $('token-input').focus();
  }

  // --- formatting

  function millis(value) {
    if (value == null || isNaN(value)) return '';
    if (value < 1) return value.toFixed(2) + ' ms';
    if (value < 10) return value.toFixed(1) + ' ms';
    if (value < 1000) return Math.round(value) + ' ms';
    return (value / 1000).toFixed(value < 10000 ? 2 : 1) + ' s';
  }

  function clock(micros) {
    var date = new Date(micros / 1000);
    function pad(n, w) { n = String(n); while (n.length < w) n = '0' + n; return n; }
    return pad(date.getHours(), 2) + ':' + pad(date.getMinutes(), 2) + ':' + pad(date.getSeconds(), 2) + '.' +
      pad(date.getMilliseconds(), 3);
  }

  function kindBadge(kind) {
    var letters = { SERVER: 'SRV', CLIENT: 'CLI', PRODUCER: 'PRD', CONSUMER: 'CNS', INTERNAL: 'INT' };
    return el('span', { className: 'kind kind-' + kind, title: kind }, letters[kind] || kind);
  }

  function parentTag(situation) {
    if (situation === 'remote') {
      return el('span', { className: 'tag', title: 'The parent span belongs to another process' }, 'parent in another process');
    }
    if (situation === 'missing') {
      return el('span', { className: 'tag', title: 'The parent span has not ended yet or is no longer in the buffer' },
        'parent not received');
    }
    return null;
  }

  /** What a bare "GET" client span called: its URL without scheme and query. */
  function hint(span) {
    var url = span.attributes && span.attributes['url.full'];
    if (typeof url !== 'string' || span.name.indexOf('/') >= 0) return null;
    return url.replace(/^[a-z]+:\/\//i, '').replace(/[?#].*$/, '');
  }

  function valueText(value) {
    if (value === null || value === undefined) return '';
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  }

  // --- views

  function decodeOrKeep(text) {
    try { return decodeURIComponent(text); } catch (e) { return text; }
  }

  function route() {
    var hash = location.hash.replace(/^#/, '');
    var params = {};
    hash.split('&').forEach(function (part) {
      var eq = part.indexOf('=');
      if (eq > 0) params[part.substring(0, eq)] = decodeOrKeep(part.substring(eq + 1));
      else if (part) params[part] = '';
    });
    if (params.trace) {
      show('trace');
      openTrace(params.trace.toLowerCase(), params.span || null);
    } else if ('dependencies' in params) {
      show('dependencies');
      loadDependencies();
    } else {
      show('traces');
      loadList();
    }
  }

  function show(view) {
    state.view = view;
    $('traces-view').hidden = view !== 'traces';
    $('trace-view').hidden = view !== 'trace';
    $('dependencies-view').hidden = view !== 'dependencies';
    $('tab-traces').className = view === 'dependencies' ? '' : 'active';
    $('tab-dependencies').className = view === 'dependencies' ? 'active' : '';
    $('forget-token').hidden = !token();
  }

  function refresh() {
    if (state.view === 'traces') loadList();
    else if (state.view === 'trace' && state.trace) openTrace(state.trace.id, state.selected);
    else route();
  }

  // --- trace list

  function loadList() {
    document.body.dataset.state = 'loading';
    return api('traces?view=summary').then(function (doc) {
      if (!doc) return;
      state.summaries = doc.traces;
      state.bufferCapacity = doc.bufferCapacity;
      state.spanCount = doc.spanCount;
      $('service').textContent = doc.service || '';
      renderList();
    }).catch(failed($('list-status')));
  }

  function filters() {
    var slower = parseFloat($('filter-slower').value);
    return {
      errors: $('filter-errors').checked,
      slower: isNaN(slower) ? 0 : slower,
      text: $('filter-text').value.trim().toLowerCase(),
      trace: $('filter-trace').value.trim().toLowerCase()
    };
  }

  function matches(summary, f) {
    if (f.errors && !summary.errorCount) return false;
    if (f.slower && !(summary.durationMillis > f.slower)) return false;
    if (f.trace && summary.traceId.indexOf(f.trace) !== 0) return false;
    if (f.text) {
      var found = summary.rootName.toLowerCase().indexOf(f.text) >= 0 ||
        (summary.service || '').toLowerCase().indexOf(f.text) >= 0;
      for (var i = 0; !found && i < summary.names.length; i++) {
        found = summary.names[i].toLowerCase().indexOf(f.text) >= 0;
      }
      if (!found) return false;
    }
    return true;
  }

  function renderList() {
    var f = filters();
    var shown = state.summaries.filter(function (s) { return matches(s, f); });
    var body = $('trace-list').tBodies[0];
    var rows = document.createDocumentFragment();
    shown.slice(0, MAX_LIST_ROWS).forEach(function (s) {
      var row = el('tr', { className: 'trace-row', dataset: { traceId: s.traceId }, title: 'trace ' + s.traceId },
        el('td', { className: 'mono', title: s.start }, clock(s.startMicros)),
        el('td', null, s.service || ''),
        el('td', null, kindBadge(s.rootKind), s.rootName, parentTag(s.rootParent)),
        el('td', { className: 'num' }, millis(s.durationMillis)),
        el('td', { className: 'num' }, s.spanCount),
        el('td', null, s.errorCount ? el('span', { className: 'error-mark' }, '\u2716 ' + s.errorCount) : ''));
      rows.appendChild(row);
    });
    clear(body);
    body.appendChild(rows);
    var status = shown.length + ' of ' + state.summaries.length + ' traces';
    if (shown.length > MAX_LIST_ROWS) status += ' (the newest ' + MAX_LIST_ROWS + ' shown; narrow the filters)';
    status += ' \u00b7 ' + state.spanCount + ' spans kept of ' + state.bufferCapacity + ', newest first';
    $('list-status').textContent = state.summaries.length ? status :
      'No finished spans yet: send the application a request, then refresh.';
    document.body.dataset.state = 'ready';
  }

  // --- one trace

  function openTrace(traceId, spanId) {
    document.body.dataset.state = 'loading';
    $('trace-title').textContent = 'Trace ' + traceId;
    return api('traces?traceId=' + encodeURIComponent(traceId)).then(function (doc) {
      if (!doc) return;
      $('service').textContent = doc.service || '';
      var trace = doc.traces[0];
      if (!trace) {
        state.trace = null;
        clear($('span-rows'));
        clear($('axis'));
        $('trace-meta').textContent = '';
        $('trace-status').textContent = 'This trace is not in the buffer: it keeps the last ' + doc.bufferCapacity +
          ' finished spans, and spans appear only once they end.';
        document.body.dataset.state = 'ready';
        return;
      }
      var keep = state.trace && state.trace.id === traceId ? state.selected : null;
      renderTrace(traceId, trace.spans);
      var select = spanId || keep;
      if (select && state.trace.byId[select]) selectSpan(select, false);
      else renderDetails(null);
      document.body.dataset.state = 'ready';
    }).catch(failed($('trace-status')));
  }

  /** Spans in tree order: each after its parent, siblings by start; spans whose parent is elsewhere at the top. */
  function treeOrder(spans, byId) {
    var children = Object.create(null);
    var tops = [];
    spans.forEach(function (span) {
      if (span.parentSpanId && byId[span.parentSpanId] && span.parentSpanId !== span.spanId) {
        (children[span.parentSpanId] = children[span.parentSpanId] || []).push(span);
      } else {
        tops.push(span);
      }
    });
    var ordered = [];
    var visited = Object.create(null);
    function visit(span, depth) {
      if (visited[span.spanId]) return;
      visited[span.spanId] = true;
      ordered.push({ span: span, depth: depth });
      (children[span.spanId] || []).forEach(function (child) { visit(child, depth + 1); });
    }
    tops.forEach(function (span) { visit(span, 0); });
    // a parent cycle (never from the SDK) would leave spans unvisited: show them rather than drop them
    spans.forEach(function (span) { visit(span, 0); });
    return ordered;
  }

  function renderTrace(traceId, spans) {
    var byId = Object.create(null);
    spans.forEach(function (span) { byId[span.spanId] = span; });
    state.trace = { id: traceId, spans: spans, byId: byId };
    var start = Infinity;
    var end = -Infinity;
    var errors = 0;
    spans.forEach(function (span) {
      start = Math.min(start, span.startMicros);
      end = Math.max(end, span.startMicros + span.durationMillis * 1000);
      if (span.status === 'ERROR') errors++;
    });
    var total = Math.max(end - start, 1);
    state.trace.start = start;
    $('trace-meta').textContent = millis(total / 1000) + ' \u00b7 ' + spans.length + ' spans' +
      (errors ? ' \u00b7 ' + errors + ' with errors' : '') + ' \u00b7 started ' + new Date(start / 1000).toISOString();
    $('trace-status').textContent = '';

    var axis = $('axis');
    clear(axis);
    var ticks = el('div', { className: 'ticks' });
    [0, 0.25, 0.5, 0.75, 1].forEach(function (at) {
      ticks.appendChild(el('span', { className: 'tick' + (at === 1 ? ' last' : ''), style: { left: (at * 100) + '%' } },
        millis(total * at / 1000)));
    });
    axis.appendChild(el('div', { className: 'label' }, el('span', { className: 'muted' }, 'Span')));
    axis.appendChild(ticks);

    var rows = document.createDocumentFragment();
    treeOrder(spans, byId).forEach(function (entry) {
      var span = entry.span;
      var left = (span.startMicros - start) / total * 100;
      var width = span.durationMillis * 1000 / total * 100;
      var situation = !span.parentSpanId || byId[span.parentSpanId] ? null : (span.parentRemote ? 'remote' : 'missing');
      // the duration after the bar, or before it when the bar ends near the right edge, or inside a bar that fills the row
      var place = left + width <= 80 ? { cls: '', at: left + width } : left > 12 ? { cls: ' left', at: left } : { cls: ' inside', at: left + width };
      var label = el('span', { className: 'bar-label' + place.cls, style: { left: place.at + '%' } }, millis(span.durationMillis));
      var row = el('div', {
        className: 'span-row' + (span.status === 'ERROR' ? ' error' : ''),
        dataset: { spanId: span.spanId, parentSpanId: span.parentSpanId || '', depth: String(entry.depth) },
        title: span.name + ' \u00b7 ' + millis(span.durationMillis)
      },
      el('div', { className: 'label' },
        el('span', { className: 'guide', style: { width: (entry.depth * 16 + 4) + 'px' } }),
        kindBadge(span.kind),
        el('span', { className: 'span-name' }, span.name),
        hint(span) ? el('span', { className: 'hint' }, hint(span)) : null,
        span.status === 'ERROR' ? el('span', { className: 'error-mark', title: 'error' }, '\u00a0!') : null,
        parentTag(situation)),
      el('div', { className: 'timeline' },
        el('div', { className: 'bar kind-' + span.kind, style: { left: left + '%', width: width + '%' } }),
        label));
      rows.appendChild(row);
    });
    var container = $('span-rows');
    clear(container);
    container.appendChild(rows);
  }

  function selectSpan(spanId, updateHash) {
    state.selected = spanId;
    var previous = $('span-rows').querySelector('.span-row.selected');
    if (previous) previous.classList.remove('selected');
    var rows = $('span-rows').children;
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].dataset.spanId === spanId) {
        rows[i].classList.add('selected');
        break;
      }
    }
    renderDetails(state.trace.byId[spanId]);
    if (updateHash) {
      history.replaceState(null, '', '#trace=' + state.trace.id + '&span=' + spanId);
    }
  }

  function attributeTable(attributes) {
    var table = el('table', { className: 'attributes' });
    Object.keys(attributes || {}).sort().forEach(function (key) {
      table.appendChild(el('tr', { dataset: { key: key } },
        el('td', { className: 'key' }, key),
        el('td', { className: 'value mono' }, valueText(attributes[key]))));
    });
    return table;
  }

  function renderDetails(span) {
    var panel = $('span-details');
    clear(panel);
    if (!span) {
      panel.appendChild(el('p', { className: 'muted' }, 'Click a span for its attributes and events.'));
      return;
    }
    var trace = state.trace;
    panel.appendChild(el('h3', null, kindBadge(span.kind), span.name));
    var facts = el('table', { className: 'facts' });
    function fact(key, value) {
      facts.appendChild(el('tr', null, el('td', { className: 'key' }, key), el('td', { className: 'value' }, value)));
    }
    fact('status', el('span', { className: 'status-' + span.status }, span.status + (span.statusMessage ? ': ' + span.statusMessage : '')));
    fact('duration', millis(span.durationMillis));
    fact('starts at', '+' + millis((span.startMicros - trace.start) / 1000) + ' (' + span.start + ')');
    fact('span id', el('span', { className: 'mono' }, span.spanId));
    if (span.parentSpanId) {
      var parent = trace.byId[span.parentSpanId];
      fact('parent', parent
        ? el('a', { href: '#trace=' + trace.id + '&span=' + parent.spanId, className: 'mono' }, parent.name + ' (' + parent.spanId + ')')
        : el('span', null, el('span', { className: 'mono' }, span.parentSpanId),
          parentTag(span.parentRemote ? 'remote' : 'missing')));
    }
    fact('trace id', el('span', { className: 'mono' }, trace.id));
    fact('scope', span.scope);
    panel.appendChild(facts);

    panel.appendChild(el('h4', null, 'Attributes'));
    panel.appendChild(attributeTable(span.attributes));

    if (span.events && span.events.length) {
      panel.appendChild(el('h4', null, 'Events'));
      span.events.forEach(function (event) {
        var attributes = Object.assign({}, event.attributes);
        var stack = attributes['exception.stacktrace'];
        delete attributes['exception.stacktrace'];
        panel.appendChild(el('p', { className: 'event' + (event.name === 'exception' ? ' error-mark' : '') },
          '+' + millis((event.timeMicros - trace.start) / 1000) + '  ' + event.name));
        panel.appendChild(attributeTable(attributes));
        if (stack) panel.appendChild(el('pre', { className: 'stack' }, stack));
      });
    }
    if (span.links && span.links.length) {
      panel.appendChild(el('h4', null, 'Links'));
      span.links.forEach(function (link) {
        panel.appendChild(el('p', null, el('a', { href: '#trace=' + link.traceId + '&span=' + link.spanId, className: 'mono' },
          link.traceId + ' / ' + link.spanId)));
      });
    }
  }

  // --- dependencies

  function loadDependencies() {
    document.body.dataset.state = 'loading';
    return api('health').then(function (health) {
      if (!health) return;
      $('service').textContent = health.agent ? health.agent.service : '';
      var status = $('health-status');
      clear(status);
      status.appendChild(el('span', null, 'Service status '));
      status.appendChild(el('span', { className: 'status-' + health.status }, health.status));
      status.appendChild(el('span', { className: 'muted' }, ' \u00b7 agent ' + (health.agent ? health.agent.version : '') +
        ' \u00b7 up ' + millis(health.uptimeSeconds * 1000)));
      var body = $('dependency-list').tBodies[0];
      clear(body);
      var deps = health.dependencies || [];
      deps.forEach(function (d) {
        body.appendChild(el('tr', { dataset: { type: d.type, name: d.name } },
          el('td', null, d.type),
          el('td', { className: 'mono' }, d.name),
          el('td', null, el('span', { className: 'status-' + d.status }, d.status)),
          el('td', null, d.lastOutcome || ''),
          el('td', { className: 'num' }, d.calls),
          el('td', { className: 'num' }, d.errors),
          el('td', { className: 'mono', title: d.lastSeen || '' }, d.lastSeen ? clock(Date.parse(d.lastSeen) * 1000) : ''),
          el('td', null, d.recentErrors ? d.recentErrors + ' in 5 min' + (d.lastError ? ': ' + d.lastError : '') : '')));
      });
      if (!deps.length) {
        body.appendChild(el('tr', null, el('td', { colSpan: 8, className: 'muted' },
          'No dependency seen yet: databases, brokers and HTTP peers appear once the application calls them.')));
      }
      var exporter = health.exporter || {};
      $('exporter-status').textContent = 'Span export: ' + (exporter.destination || 'none') + ', last outcome ' +
        (exporter.lastOutcome || 'none yet') + ', exported ' + (exporter.exportedSpans || 0) + ', failed ' +
        (exporter.failedSpans || 0) + ', dropped ' + (exporter.droppedSpans || 0) +
        (exporter.lastError ? ' \u00b7 last error: ' + exporter.lastError : '');
      document.body.dataset.state = 'ready';
    }).catch(failed($('health-status')));
  }

  function failed(where) {
    return function (error) {
      where.textContent = 'Could not load: ' + error.message;
      document.body.dataset.state = 'error';
    };
  }

  // --- wiring

  var autoTimer = null;

  document.addEventListener('DOMContentLoaded', function () {
    ['filter-errors', 'filter-slower', 'filter-text', 'filter-trace'].forEach(function (id) {
      $(id).addEventListener('input', renderList);
    });
    $('filters').addEventListener('submit', function (event) { event.preventDefault(); });
    $('trace-list').addEventListener('click', function (event) {
      var row = event.target.closest('tr.trace-row');
      if (row) location.hash = 'trace=' + row.dataset.traceId;
    });
    $('span-rows').addEventListener('click', function (event) {
      var row = event.target.closest('.span-row');
      if (row) selectSpan(row.dataset.spanId, true);
    });
    $('refresh').addEventListener('click', refresh);
    $('auto-refresh').addEventListener('change', function () {
      clearInterval(autoTimer);
      autoTimer = this.checked ? setInterval(refresh, REFRESH_MILLIS) : null;
    });
    $('token-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var value = $('token-input').value.trim();
      if (!value) return;
      try { localStorage.setItem(TOKEN_KEY, value); } catch (e) { /* private mode: ask again next time */ }
      $('token-input').value = '';
      $('token-form').hidden = true;
      $('forget-token').hidden = false;
      route();
    });
    $('forget-token').addEventListener('click', function (event) {
      event.preventDefault();
      try { localStorage.removeItem(TOKEN_KEY); } catch (e) { /* nothing kept */ }
      this.hidden = true;
      route();
    });
    window.addEventListener('hashchange', route);
    route();
  });
})();
