/* policy-site: keep the notices of a published revision true after it was built.
 * Reads the branch's versions.json (as Material's version selector does) and says
 * whether this revision is superseded, not yet in force, or about to change.
 * No third-party requests, no storage, no cookies. */
(function () {
  "use strict";
  var box = document.querySelector(".policy-notices");
  if (!box || !window.fetch || !window.URL) return;
  var history = document.querySelector(".policy-history");
  var cfg = document.getElementById("__config");
  var base = ".";
  try { base = JSON.parse(cfg.textContent).base || "."; } catch (e) { /* keep "." */ }
  var here = new URL(base.replace(/\/?$/, "/"), window.location.href);
  var root = new URL("../", here);
  var current = box.getAttribute("data-policy-revision");
  var lang = box.getAttribute("data-policy-lang") || document.documentElement.lang;
  var prefix = box.getAttribute("data-policy-prefix") || "";
  var strings = JSON.parse(box.getAttribute("data-policy-strings") || "{}");

  /* Material's version selector sends a reader whose page the chosen revision does not have
   * to that revision's home in the default language. Choose here instead: the same page if
   * the revision has it (its sitemap.xml lists it), else its home in the reader's language.
   * A capture listener on the document runs before Material's, which listen on <body>. */
  document.addEventListener("click", function (ev) {
    var link = ev.target instanceof Element ? ev.target.closest(".md-version__link") : null;
    if (!link || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    ev.preventDefault();
    ev.stopPropagation();
    var target = new URL(link.href);
    var page = window.location.pathname.indexOf(here.pathname) === 0
      ? window.location.pathname.slice(here.pathname.length) : prefix;
    var go = function (path, hash) { window.location.assign(new URL(path, target).href + (hash || "")); };
    fetch(new URL("sitemap.xml", target).href, { credentials: "omit" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (xml) {
        var locs = Array.prototype.map.call(
          new DOMParser().parseFromString(xml, "application/xml").getElementsByTagName("loc"),
          function (loc) { return new URL(loc.textContent.trim()).pathname; });
        var home = locs.reduce(function (a, b) { return b.length < a.length ? b : a; }, locs[0] || "");
        if (home && locs.indexOf(home + page) >= 0) go(page, window.location.hash);
        else go(prefix);
      })
      .catch(function () { go(prefix); });
  }, true);
  /* versions.json's `languages`: "2019-04-01 (Japanese only)" */
  var markVersions = function (versions) {
    var labels = {}, header = document.querySelector(".md-header"), mark = function () {
      header.querySelectorAll(".md-version__link, .md-version__current").forEach(function (el) {
        var n = el.firstChild, t = n && n.nodeValue && n.nodeValue.trim();
        if (labels[t]) n.nodeValue = n.nodeValue.replace(t, labels[t]);
      });
    };
    versions.forEach(function (v) {
      var label = (strings.only || {})[v.properties && v.properties.languages];
      if (label) labels[v.title] = label.replace("{title}", v.title);
    });
    new MutationObserver(mark).observe(header, { childList: true, subtree: true });
    mark();
  };
  var effective = box.getAttribute("data-policy-effective") || current;
  var zone = box.getAttribute("data-policy-timezone") || undefined;
  var isDate = function (v) { return /^\d{4}-\d{2}-\d{2}$/.test(v); };
  /* Today on the reader's clock, in the site's time zone, as YYYY-MM-DD. */
  var todayInSite = function () {
    var now = new Date();
    try {
      var parts = {};
      new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
        .formatToParts(now).forEach(function (part) { parts[part.type] = part.value; });
      return parts.year + "-" + parts.month + "-" + parts.day;
    } catch (e) {
      return now.toISOString().slice(0, 10);
    }
  };
  var formatDate = function (iso) {
    try {
      return new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" })
        .format(new Date(iso + "T00:00:00Z"));
    } catch (e) { return iso; }
  };
  var notice = function (kind, text, links) {
    var p = document.createElement("p");
    p.className = "policy-notice policy-notice--" + kind;
    p.appendChild(document.createTextNode(text + " "));
    links.forEach(function (link, i) {
      if (i) p.appendChild(document.createTextNode(" · "));
      var a = document.createElement("a");
      a.href = new URL(link[1], root).href;
      a.textContent = link[0];
      p.appendChild(a);
    });
    return p;
  };
  /* The history page of a revision built years ago still lists every revision published since. */
  var refreshHistory = function (index) {
    if (!history || !index || !Array.isArray(index.revisions)) return;
    var words = JSON.parse(history.getAttribute("data-policy-strings") || "{}");
    var today = todayInSite();
    var dated = index.revisions.filter(function (rev) { return isDate(rev.effective); });
    var started = dated.filter(function (rev) { return rev.effective <= today; })
      .sort(function (a, b) { return a.effective < b.effective ? -1 : 1; });
    var inForceName = started.length ? started[started.length - 1].revision : null;
    var statusOf = function (rev) {
      return rev.effective > today ? "upcoming" : rev.revision === inForceName ? "in-force" : "superseded";
    };
    var items = history.querySelectorAll("li[data-revision]");
    var known = {};
    Array.prototype.forEach.call(items, function (li) { known[li.getAttribute("data-revision")] = li; });
    index.revisions.forEach(function (rev, i) {
      var li = known[rev.revision];
      if (!li) {
        li = document.createElement("li");
        li.className = "policy-history__item";
        li.setAttribute("data-revision", rev.revision);
        var head = document.createElement("p");
        var strong = document.createElement("strong");
        var time = document.createElement("time");
        time.setAttribute("datetime", rev.effective);
        time.textContent = formatDate(rev.effective);
        strong.appendChild(time);
        head.appendChild(strong);
        head.appendChild(document.createTextNode(" "));
        var label = document.createElement("span");
        head.appendChild(label);
        var only = document.createElement("span");
        only.className = "policy-history__only";
        only.textContent = (words.only || {})[rev.languages] || "";
        head.appendChild(only);
        if (rev.announced && words.announced) {
          var announced = document.createElement("span");
          announced.className = "policy-history__announced";
          announced.textContent = " " + words.announced.replace("{date}", formatDate(rev.announced));
          head.appendChild(announced);
        }
        li.appendChild(head);
        var summary = document.createElement("p");
        summary.textContent = (rev.summary || {})[lang] || "";
        li.appendChild(summary);
        var links = document.createElement("p");
        var text = document.createElement("a");
        text.href = new URL(rev.url + prefix, root).href;
        text.textContent = words.text;
        links.appendChild(text);
        if (i > 0) {
          links.appendChild(document.createTextNode(" · "));
          var changes = document.createElement("a");
          changes.href = new URL(rev.url + prefix + "changes/", root).href;
          changes.textContent = words.changes;
          links.appendChild(changes);
        }
        li.appendChild(links);
        /* newest first: before the first listed revision older than this one */
        var before = Array.prototype.filter.call(history.children, function (el) {
          var name = el.getAttribute("data-revision");
          return !name || name < rev.revision;
        })[0];
        history.insertBefore(li, before || null);
      }
      var status = statusOf(rev);
      li.setAttribute("data-status", status);
      var span = li.querySelector(".policy-status") || li.querySelector("p > span");
      if (span && words[status]) {
        span.className = "policy-status policy-status--" + status;
        span.textContent = words[status];
      }
    });
  };
  if (history) {
    fetch(new URL("revisions.json", root).href, { credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(refreshHistory)
      .catch(function () { /* keep what was built */ });
  }
  /* What is in force is decided here, from the effective dates of the revisions versions.json
   * lists and the reader's own clock in the site's time zone (the same rule as timeline.py):
   * aliases say nothing about it, so a page read days after a revision took effect is true
   * even if the daily publish has not run. */
  fetch(new URL("versions.json", root).href, { credentials: "omit" })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (versions) {
      if (!Array.isArray(versions)) return;
      markVersions(versions);
      var revs = versions.map(function (v) {
        var eff = (v.properties && typeof v.properties.effective === "string") ? v.properties.effective : v.version;
        return { name: v.version, effective: eff };
      }).filter(function (v) { return isDate(v.effective); });
      if (!revs.some(function (v) { return v.name === current; })) revs.push({ name: current, effective: effective });
      revs.sort(function (a, b) { return a.effective < b.effective ? -1 : a.effective > b.effective ? 1 : 0; });
      var today = todayInSite();
      var past = revs.filter(function (v) { return v.effective <= today; });
      var inForce = past.length ? past[past.length - 1] : null;
      var next = revs.filter(function (v) { return v.effective > effective; })[0];
      var coming = revs.filter(function (v) { return v.effective > today; })[0];
      var p = null;
      if (effective > today) {
        p = inForce
          ? notice("not-yet", strings.not_yet.replace("{date}", formatDate(effective)),
                   [[strings.read_current, inForce.name + "/" + prefix]])
          : notice("first", strings.first.replace("{date}", formatDate(effective)), []);
      } else if (inForce && inForce.name !== current) {
        p = notice("superseded", strings.superseded.replace("{date}", formatDate(next ? next.effective : inForce.effective)),
          [[strings.read_current, "latest/" + prefix]]);
      } else if (coming) {
        p = notice("upcoming", strings.upcoming.replace("{date}", formatDate(coming.effective)),
          [[strings.read_upcoming, coming.name + "/" + prefix], [strings.see_changes, coming.name + "/" + prefix + "changes/"]]);
      }
      while (box.firstChild) box.removeChild(box.firstChild);
      if (p) box.appendChild(p);
    })
    .catch(function () { /* offline or no versions.json: keep what was built */ });
})();

/* The version selector's accessible name holds the text it shows (WCAG 2.5.3 "label in name";
 * Lighthouse's label-content-name-mismatch): Material names the button "Select version" while
 * it shows the revision's date and alias. Its button is built by Material's script after
 * versions.json arrives, hence the observer on the header. */
(function () {
  "use strict";
  var header = document.querySelector(".md-header");
  if (!header || !window.MutationObserver) return;
  function name(button) {
    if (!button.hasAttribute("data-policy-label")) {
      button.setAttribute("data-policy-label", button.getAttribute("aria-label") || "");
    }
    var label = button.getAttribute("data-policy-label");
    var shown = button.textContent.replace(/\s+/g, " ").trim();
    var wanted = !label ? shown : shown ? shown + " (" + label + ")" : label;
    if (wanted && button.getAttribute("aria-label") !== wanted) button.setAttribute("aria-label", wanted);
  }
  function fix() { Array.prototype.forEach.call(header.querySelectorAll(".md-version__current"), name); }
  new MutationObserver(fix).observe(header, { childList: true, subtree: true, characterData: true });
  fix();
})();
