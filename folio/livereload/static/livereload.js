// Live reload, for `flask run` only (folio/livereload): served by the feature itself, never published.
//
// The page was rendered at an epoch (data-epoch); GET data-endpoint?since=EPOCH answers with the changes after
// it, waiting for one when there is none yet (a long poll). A change to a page, a template, the settings or a
// script reloads the page, keeping its scroll position and the roles that were expanded; a stylesheet is
// swapped in place; an image is loaded again.
//
// Connections: a browser opens at most 6 to one host, so one tab polls for all of them. The visible tabs queue
// for a Web Lock; the one holding it polls and passes each answer to the others over a BroadcastChannel. A
// hidden tab leaves the queue (giving up the lock and its request) and ignores what is broadcast; when shown
// again it asks once what it missed. Without Web Locks (an address other than localhost is not a secure
// context) each visible tab polls for itself.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !window.fetch || !window.AbortController || !window.JSON) return;
  var endpoint = me.getAttribute("data-endpoint");
  var boot = me.getAttribute("data-boot");
  var epoch = parseInt(me.getAttribute("data-epoch"), 10) || 0;
  var errorPage = me.hasAttribute("data-error");
  var NAME = "folio:livereload";
  var STATE = NAME + ":state";
  var TOGGLE = "a.role-toggle";

  var bus = typeof BroadcastChannel === "function" ? new BroadcastChannel(NAME) : null;
  var locks = bus && navigator.locks && typeof navigator.locks.request === "function" ? navigator.locks : null;

  var running = false;     // visible and listening
  var reloading = false;
  var polling = null;      // AbortController of the long poll in flight
  var queued = null;       // AbortController of this tab's place in the lock queue
  var release = null;      // ends the lock holder's turn
  var catchingUp = null;   // AbortController of the one-off request in flight
  var again = false;       // another one-off request is wanted once this one is answered
  var gone = false;        // the server has no live reload any more

  function url(wait) {
    return endpoint + "?since=" + epoch + "&boot=" + encodeURIComponent(boot) + (wait ? "" : "&wait=0");
  }

  function ask(wait, controller) {
    return fetch(url(wait), { cache: "no-store", credentials: "same-origin", signal: controller.signal })
      .then(function (response) {
        if (!response.ok) {
          var error = new Error("live reload: HTTP " + response.status);
          error.status = response.status;
          throw error;
        }
        return response.json();
      });
  }

  function aborted(error) { return error && error.name === "AbortError"; }

  // -- what a message means for this page ---------------------------------------------------
  function apply(message) {
    if (!running || reloading || !message) return;
    if (message.boot !== boot) return reload();  // the server restarted: its code may have changed
    if (message.asked_boot !== boot || message.since > epoch) return catchUp();  // it does not cover our epoch
    if (message.reset) return reload();  // we are further behind than the server remembers
    var sheets = [], images = [], full = false;
    (message.changes || []).forEach(function (change) {
      if (change.epoch <= epoch) return;
      if (change.kind === "css") sheets.push(change);
      else if (change.kind === "image") images.push(change);
      else full = true;
    });
    if (full) return reload();
    if (message.epoch > epoch) epoch = message.epoch;
    sheets.forEach(swapSheet);
    images.forEach(refreshImage);
  }

  function pathOf(href) {
    try { return new URL(href, window.location.href).pathname; } catch (e) { return null; }
  }

  // The new sheet goes in beside the old one, which leaves once the new one has loaded: no unstyled flash.
  function swapSheet(change) {
    var target = new URL(change.href, window.location.href).href;
    document.querySelectorAll('link[rel~="stylesheet"]').forEach(function (link) {
      if (link.hasAttribute("data-livereload-old") || pathOf(link.href) !== change.path || link.href === target) return;
      var fresh = link.cloneNode(false);
      link.setAttribute("data-livereload-old", "");
      fresh.setAttribute("href", change.href);
      fresh.onload = fresh.onerror = function () { if (link.parentNode) link.parentNode.removeChild(link); };
      link.parentNode.insertBefore(fresh, link.nextSibling);
    });
  }

  // Pages carry an image's width and height (folio/web/images.py): a new size needs the page again. Raster
  // images are shown from variants (folio/imaging, /_img/…) whose names change with the file: the page again.
  function refreshImage(change) {
    if (/\.(jpe?g|png|gif|webp|avif)$/i.test(change.path) && document.querySelector('img[srcset*="/_img/"]')) {
      return reload();
    }
    Array.prototype.forEach.call(document.images, function (img) {
      if (pathOf(img.currentSrc || img.src) !== change.path) return;
      if (img.srcset) return reload();
      var width = img.naturalWidth, height = img.naturalHeight;
      img.addEventListener("load", function resized() {
        img.removeEventListener("load", resized);
        if (width && height && (img.naturalWidth !== width || img.naturalHeight !== height)) reload();
      });
      img.setAttribute("src", change.href);
    });
    document.querySelectorAll('link[rel~="icon"], link[rel="apple-touch-icon"]').forEach(function (link) {
      if (pathOf(link.href) === change.path) link.setAttribute("href", change.href);
    });
  }

  // -- reloading, with the scroll position and the expanded roles ----------------------------
  function reload() {
    if (reloading) return;
    reloading = true;
    stop();
    save();
    window.location.reload();
  }

  function readState() {
    try { return JSON.parse(window.sessionStorage.getItem(STATE) || "null"); } catch (e) { return null; }
  }

  function save() {
    var saved = readState();
    if (errorPage && saved && saved.href === window.location.href) return;  // keep what the page itself had
    var roles = [];
    document.querySelectorAll(TOGGLE + '[aria-expanded="true"]').forEach(function (toggle) {
      roles.push(toggle.getAttribute("aria-controls"));
    });
    try {
      window.sessionStorage.setItem(STATE, JSON.stringify({
        href: window.location.href, x: window.scrollX, y: window.scrollY, roles: roles
      }));
    } catch (e) { /* storage disabled: the page reloads at the browser's own scroll position */ }
  }

  function restore() {
    var saved = readState();
    if (!saved) return;
    if (saved.href !== window.location.href) {
      window.sessionStorage.removeItem(STATE);
      return;
    }
    if (errorPage) return;  // kept until the page is back
    window.sessionStorage.removeItem(STATE);
    var regions = [];
    (saved.roles || []).forEach(function (id) {
      var toggle = document.querySelector(TOGGLE + '[aria-controls="' + (window.CSS && CSS.escape ? CSS.escape(id) : id) + '"]');
      var region = toggle && document.getElementById(id);
      if (!region || toggle.getAttribute("aria-expanded") === "true") return;
      regions.push(region);
      toggle.click();  // site.js and htmx fetch the details, as a visitor's click would
    });
    var started = Date.now();
    (function scrollWhenReady() {
      var pending = regions.some(function (region) {
        return region.hidden && !region.querySelector(".role-error");
      });
      if (pending && Date.now() - started < 3000) return window.requestAnimationFrame(scrollWhenReady);
      window.scrollTo(saved.x || 0, saved.y || 0);
    })();
  }

  // -- listening ----------------------------------------------------------------------------
  function catchUp() {
    if (catchingUp) { again = true; return; }
    catchingUp = new AbortController();
    ask(false, catchingUp).then(function (message) {
      catchingUp = null;
      apply(message);
    }, function () {
      catchingUp = null;  // the long poll, or the next show, tries again
    }).then(function () {
      if (again && running && !reloading) { again = false; catchUp(); }
    });
  }

  // Polls until stopped; `share` passes each answer to the other tabs.
  function pollLoop(share) {
    return new Promise(function (done) {
      var failures = 0;
      release = done;
      (function next() {
        if (!running || reloading || release !== done) return done();
        polling = new AbortController();
        ask(true, polling).then(function (message) {
          polling = null;
          failures = 0;
          if (share && bus) bus.postMessage(message);
          apply(message);
          window.setTimeout(next, message.retry || 0);
        }, function (error) {
          polling = null;
          if (aborted(error)) return done();
          if (error.status === 404) {  // served again without live reload (FOLIO_LIVERELOAD=0): stop asking
            gone = true;
            stop();
            return done();
          }
          failures += 1;  // the server is restarting or stopped: try again, less and less often
          window.setTimeout(next, Math.min(250 * failures, 2000));
        });
      })();
    });
  }

  function start() {
    if (running || reloading || gone || document.visibilityState === "hidden") return;
    running = true;
    catchUp();  // what changed while this page loaded or was hidden
    if (!locks) { pollLoop(false); return; }
    queued = new AbortController();
    locks.request(NAME, { signal: queued.signal }, function () {
      queued = null;
      if (!running) return null;
      return pollLoop(true);
    }).catch(function () { /* left the queue: hidden, or leaving */ });
  }

  function stop() {
    running = false;
    [polling, queued, catchingUp].forEach(function (controller) { if (controller) controller.abort(); });
    polling = queued = catchingUp = null;
    again = false;
    if (release) { var done = release; release = null; done(); }
  }

  if (bus) bus.onmessage = function (event) { apply(event.data); };
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") stop();
    else start();
  });
  window.addEventListener("pagehide", stop);
  window.addEventListener("pageshow", function (event) { if (event.persisted) start(); });

  // After htmx and site.js have set the page up: they start on DOMContentLoaded, with listeners added before
  // this one (this deferred script runs after theirs, and before DOMContentLoaded).
  var began = false;
  function ready() {
    if (began) return;
    began = true;
    window.setTimeout(function () {
      restore();
      start();
    }, 0);
  }
  if (document.readyState === "complete") ready();
  else {
    document.addEventListener("DOMContentLoaded", ready);
    window.addEventListener("load", ready);
  }
})();
