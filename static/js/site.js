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

  // A part of a page that needs a feature's script names it (data-script); the page loads it in its head.
  // A boosted navigation keeps this page's scripts, so when one swaps such a part in, load its script now,
  // and until it runs hide what the visitor dismissed (data-dismiss-key: a localStorage key the feature's
  // script sets), so that it never flashes.
  document.addEventListener("htmx:afterSwap", function () {
    document.querySelectorAll("[data-dismiss-key]").forEach(function (part) {
      try {
        if (window.localStorage.getItem(part.getAttribute("data-dismiss-key"))) part.hidden = true;
      } catch (e) { /* storage disabled: the part stays */ }
    });
    document.querySelectorAll("[data-script]").forEach(function (part) {
      var src = part.getAttribute("data-script");
      if (document.querySelector('script[src="' + src + '"]')) return;
      var script = document.createElement("script");
      script.src = src;
      document.head.appendChild(script);
    });
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
