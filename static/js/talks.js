// Talks: loaded by pages that show a talk, and by site.js when a boosted navigation brings one in.
// Talk states from the visitor's own clock, so a site frozen on any day stays right. Elements with
// data-talk-start/-end (UTC instants) get data-state = upcoming | live | past, and of their [data-show]
// parts only those naming that state lose the `hidden` attribute (CSS keeps a hidden part's room in a
// stack, so nothing moves). Also: countdowns, the start in the visitor's time zone, the
// talks index order, and the dismissible banner (remembered per talk in localStorage, under its data-dismiss-key).
(function () {
  "use strict";
  var HOUR = 3600000;

  function when(el, name) { return Date.parse(el.getAttribute(name)); }

  function stateOf(el, now) {
    var start = when(el, "data-talk-start"), end = when(el, "data-talk-end");
    if (isNaN(start) || isNaN(end)) { return el.getAttribute("data-state"); }
    return now < start ? "upcoming" : now < end ? "live" : "past";
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function countdown(ms) {
    var hours = Math.floor(ms / HOUR), days = Math.floor(hours / 24);
    hours -= days * 24;
    if (days > 0) { return "Starts in " + plural(days, "day") + ", " + plural(hours, "hour") + "."; }
    return hours > 0 ? "Starts in " + plural(hours, "hour") + "." : "Starts in less than an hour.";
  }

  function localTime(el) {
    if (el.getAttribute("data-talk-all-day") !== "false" || !window.Intl) { return ""; }
    var format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short"
    });
    return " (" + format.format(new Date(when(el, "data-talk-start"))) + ", your time)";
  }

  function each(root, selector, fn) {
    if (root.matches && root.matches(selector)) { fn(root); }
    Array.prototype.forEach.call(root.querySelectorAll(selector), fn);
  }

  // The parts of `el` itself, not those of a talk element nested inside it.
  function showState(el, state) {
    each(el, "[data-show]", function (part) {
      if (part.closest("[data-talk-start]") !== el) { return; }
      var hide = (" " + part.getAttribute("data-show") + " ").indexOf(" " + state + " ") < 0;
      if (part.hidden !== hide) { part.hidden = hide; }
    });
  }

  function update(el, now) {
    var state = stateOf(el, now);
    if (el.getAttribute("data-state") !== state) { el.setAttribute("data-state", state); }
    showState(el, state);
    each(el, "[data-talk-countdown]", function (span) {
      var text = countdown(when(el, "data-talk-start") - now);
      if (state === "upcoming" && span.textContent !== text) { span.textContent = text; }
    });
  }

  function showLocalTime(el) {
    var text = localTime(el);
    each(el, "[data-talk-local]", function (span) {
      if (text) { span.textContent = text; span.hidden = false; }
    });
  }

  function storage(key, value) {
    try {
      if (value) { window.localStorage.setItem(key, value); }
      return window.localStorage.getItem(key);
    } catch (e) { return null; }  // storage disabled: the banner simply stays
  }

  // The banner's data-dismiss-key names where its dismissal is remembered (site.js reads it too).
  function setUpBanner(banner) {
    var key = banner.getAttribute("data-dismiss-key");
    var button = banner.querySelector("[data-talk-dismiss]");
    if (!key) { return; }
    if (storage(key)) { banner.hidden = true; return; }
    if (!button || !button.hidden) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      storage(key, "dismissed");
      banner.hidden = true;
      var main = document.getElementById("main");
      if (main) { main.focus({ preventScroll: true }); }
    });
  }

  // The index lists upcoming talks (live first, then soonest) and past ones (latest first).
  function regroup(index, now) {
    var lists = {}, items = { upcoming: [], past: [] };
    each(index, "[data-talk-group]", function (group) { lists[group.getAttribute("data-talk-group")] = group; });
    if (!lists.upcoming || !lists.past) { return; }
    each(index, "li[data-talk-start]", function (li) {
      items[stateOf(li, now) === "past" ? "past" : "upcoming"].push(li);
    });
    items.upcoming.sort(function (a, b) {
      return (stateOf(b, now) === "live") - (stateOf(a, now) === "live") || when(a, "data-talk-start") - when(b, "data-talk-start");
    });
    items.past.sort(function (a, b) { return when(b, "data-talk-start") - when(a, "data-talk-start"); });
    Object.keys(items).forEach(function (name) {
      var list = lists[name].querySelector("ol, ul"), empty = lists[name].querySelector("[data-talk-empty]");
      items[name].forEach(function (li, i) {
        if (list.children[i] !== li) { list.insertBefore(li, list.children[i] || null); }
      });
      if (empty) { empty.hidden = items[name].length > 0; }
    });
  }

  function refresh(root) {
    var now = Date.now();
    each(root, "[data-talk-start]", function (el) { update(el, now); });
    each(root, ".talks-index", function (index) { regroup(index, now); });
  }

  function init(root) {
    each(root, "[data-talk-start]", showLocalTime);
    each(root, ".talk-banner[data-dismiss-key]", setUpBanner);
    refresh(root);
  }

  // The script is deferred, so the document is parsed when it runs: set everything up now, before
  // the first paint where the browser allows it. Content that htmx swaps in later is set up by the
  // observer, which runs before the next paint too (htmx's own load event comes after its settle delay).
  init(document);
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      Array.prototype.forEach.call(record.addedNodes, function (node) {
        if (node.nodeType === 1) { init(node); }
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  window.setInterval(function () { refresh(document); }, 30000);
})();
