// Progressive enhancement only: the site works without this file.
(function () {
  "use strict";
  // After a boosted navigation swaps the main region, move focus there so screen readers and
  // keyboard users start at the new content (htmx updates the title and history itself).
  document.addEventListener("htmx:afterSettle", function (event) {
    var main = document.getElementById("main");
    if (main && event.detail && event.detail.boosted) {
      main.focus({ preventScroll: true });
    }
  });
})();

/* --- roles: expandable entries on role pages (folio/role_pages.py, README "Experience") --- */
// Each role's toggle is a link to the role's own page carrying an hx-get to its details fragment.
// htmx fetches the fragment on the first activation; this script folds and unfolds it afterwards
// without fetching again, adds Space, Expand all / Collapse all, the #slug deep link, the inline
// error when a fragment fails, and expands every role before printing.
(function () {
  "use strict";
  var TOGGLE = "a.role-toggle";

  function regionOf(toggle) { return document.getElementById(toggle.getAttribute("aria-controls")); }
  function toggleOf(region) { return document.querySelector(TOGGLE + '[aria-controls="' + region.id + '"]'); }
  function isLoaded(region) { return region.hasAttribute("data-loaded"); }
  function isRoleRegion(el) { return !!(el && el.classList && el.classList.contains("role-details") && toggleOf(el)); }

  function show(toggle, open) {
    regionOf(toggle).hidden = !open;
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  }

  function expand(toggle) {
    var region = regionOf(toggle);
    if (isLoaded(region)) show(toggle, true);
    else if (!region.hasAttribute("aria-busy")) toggle.click();  // htmx fetches it
  }

  // Capture phase, so this runs before htmx's click listener on the link itself.
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest ? event.target.closest(TOGGLE) : null;
    if (!toggle) return;
    var region = regionOf(toggle);
    if (!region) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      event.stopPropagation();  // the browser opens the role page in a new tab or window
      return;
    }
    if (isLoaded(region) || region.hasAttribute("aria-busy")) {
      event.preventDefault();
      event.stopPropagation();
      if (isLoaded(region)) show(toggle, region.hidden);
    }
  }, true);

  // Links activate on Enter only; the toggle acts as a disclosure button, so Space works too.
  document.addEventListener("keydown", function (event) {
    if (event.key !== " " || !event.target.matches || !event.target.matches(TOGGLE)) return;
    event.preventDefault();
    if (!event.repeat) event.target.click();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-roles-action]") : null;
    if (!button) return;
    var open = button.getAttribute("data-roles-action") === "expand";
    document.querySelectorAll(TOGGLE).forEach(function (toggle) {
      if (open) expand(toggle);
      else if (isLoaded(regionOf(toggle))) show(toggle, false);
    });
  });

  function roleRequest(event) {
    var elt = event.detail && event.detail.elt;
    return elt && elt.matches && elt.matches(TOGGLE) ? elt : null;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var toggle = roleRequest(event);
    if (toggle) regionOf(toggle).setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var toggle = roleRequest(event);
    if (toggle) regionOf(toggle).removeAttribute("aria-busy");
  });

  // htmx 2 does not swap 4xx/5xx responses; make sure a host's error page never lands in a role.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (isRoleRegion(event.detail.target) && event.detail.xhr && event.detail.xhr.status >= 400) {
      event.detail.shouldSwap = false;
    }
  });

  var scrollTo = null;  // the role a deep link opened, scrolled to once its details are in
  document.addEventListener("htmx:afterSwap", function (event) {
    var region = event.detail.target;
    if (!isRoleRegion(region)) return;
    region.setAttribute("data-loaded", "");
    show(toggleOf(region), true);
    if (scrollTo && scrollTo.contains(region)) {
      scrollTo.scrollIntoView();
      scrollTo = null;
    }
  });

  function failed(event) {
    var toggle = roleRequest(event);
    if (!toggle) return;
    var region = regionOf(toggle);
    var note = document.createElement("p");
    var link = document.createElement("a");
    note.className = "role-error";
    note.setAttribute("role", "alert");
    link.href = toggle.getAttribute("href");
    link.textContent = "read them on the role’s own page";
    note.append("The details could not be loaded: ", link, ".");
    region.removeAttribute("data-loaded");  // the next activation tries again
    region.replaceChildren(note);
    show(toggle, true);
  }
  ["htmx:responseError", "htmx:sendError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, failed);
  });

  function openFromHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var wrapper = id ? document.getElementById(id) : null;
    var toggle = wrapper && wrapper.classList.contains("role") ? wrapper.querySelector(TOGGLE) : null;
    if (!toggle) return;
    scrollTo = isLoaded(regionOf(toggle)) ? null : wrapper;
    expand(toggle);
    wrapper.scrollIntoView();
  }

  function init() {
    document.querySelectorAll(".roles").forEach(function (roles) {
      roles.classList.add("roles-enhanced");
      roles.querySelectorAll(".roles-controls[hidden]").forEach(function (controls) { controls.hidden = false; });
    });
  }

  // Printing cannot wait for a request, and beforeprint is the last moment to change what prints:
  // show every role, fetching the details not loaded yet synchronously (small, same-origin files).
  var beforePrint = null;
  window.addEventListener("beforeprint", function () {
    beforePrint = [];
    document.querySelectorAll(TOGGLE).forEach(function (toggle) {
      var region = regionOf(toggle);
      beforePrint.push([toggle, !region.hidden]);
      if (!isLoaded(region)) loadNow(toggle, region);
      if (isLoaded(region)) show(toggle, true);
    });
  });
  window.addEventListener("afterprint", function () {
    (beforePrint || []).forEach(function (pair) { if (isLoaded(regionOf(pair[0]))) show(pair[0], pair[1]); });
    beforePrint = null;
  });

  function loadNow(toggle, region) {
    var request = new XMLHttpRequest();
    try {
      request.open("GET", toggle.getAttribute("hx-get"), false);
      request.send();
    } catch (error) {
      return;
    }
    if (request.status === 200) {
      region.innerHTML = request.responseText;
      region.setAttribute("data-loaded", "");
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    init();
    openFromHash();
  });
  window.addEventListener("hashchange", openFromHash);
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail && event.detail.boosted) init();
  });
})();

/* --- talks --- */
// Talk states from the visitor's own clock, so a site frozen on any day stays right. Elements with
// data-talk-start/-end (UTC instants) get data-state = upcoming | live | past; CSS then shows their
// [data-show] parts for that state. Also: countdowns, the start in the visitor's time zone, the
// talks index order, and the dismissible banner (remembered per talk in localStorage).
(function () {
  "use strict";
  var STORE = "folio:talk-dismissed:";
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

  function update(el, now) {
    var state = stateOf(el, now);
    if (el.getAttribute("data-state") !== state) { el.setAttribute("data-state", state); }
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

  function storage(slug, value) {
    try {
      if (value) { window.localStorage.setItem(STORE + slug, value); }
      return window.localStorage.getItem(STORE + slug);
    } catch (e) { return null; }  // storage disabled: the banner simply stays
  }

  function setUpBanner(banner) {
    var slug = banner.getAttribute("data-talk");
    var button = banner.querySelector("[data-talk-dismiss]");
    if (storage(slug)) { banner.hidden = true; return; }
    if (!button || !button.hidden) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      storage(slug, "dismissed");
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
    each(root, ".talk-banner[data-talk]", setUpBanner);
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
