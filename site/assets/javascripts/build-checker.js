/*
 * iocc build checker: patch verdicts for Exchange build numbers, in the browser.
 *
 * It implements the SAME rules as compiler/products/verdict.py, from the SAME patch table
 * (dist/patch/all.json for the fleet page, dist/patch/<advisory>.json for an advisory page, published
 * under files/patch/ on the site); a Chromium test compares both on many builds. No remote resources,
 * no HTML built from data: every text goes in via textContent.
 */
(function () {
  "use strict";

  var FORMAT = "iocc-patch-table/2";
  var MAX_INPUT = 64;
  var N = "([0-9]{1,5})";
  var FOUR = new RegExp("^" + N + "\\." + N + "\\." + N + "\\." + N + "$");
  var VERSION = new RegExp(
    "^version[ \\t]+" + N + "\\." + N + "[ \\t]*\\([ \\t]*build[ \\t]+" + N + "\\." + N + "[ \\t]*\\)$", "i");
  var THREE = new RegExp("^" + N + "\\." + N + "\\." + N + "$");
  var VERSION3 = new RegExp(
    "^version[ \\t]+" + N + "\\." + N + "[ \\t]*\\([ \\t]*build[ \\t]+" + N + "[ \\t]*\\)$", "i");
  var WORST = ["vulnerable", "unknown build", "fixed", "not affected"];

  function own(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
  function trim(text) { return text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ""); }
  function norm(name) { return trim(name).replace(/[ \t]+/g, " ").toLowerCase(); }

  // keys are arrays of four numbers; compare as Python compares tuples
  function cmp(a, b) {
    for (var i = 0; i < 4; i++) {
      if (a[i] !== b[i]) { return a[i] < b[i] ? -1 : 1; }
    }
    return 0;
  }
  function show(key) { return key.join("."); }

  function render(template, params, lang) {
    return template.replace(/\{([a-z_]+)\}/g, function (_, name) {
      var value = own(params, name) ? params[name] : "";
      return typeof value === "string" ? value : value[lang];
    });
  }

  function parse(raw) {
    var text = trim(raw);
    if (!text) { return { kind: "empty", text: "" }; }
    if (Array.from(text).length > MAX_INPUT) { return { kind: "malformed", text: text }; }
    var m = FOUR.exec(text) || VERSION.exec(text);
    if (m) {
      return { kind: "build", key: m.slice(1, 5).map(function (x) { return parseInt(x, 10); }), text: text };
    }
    var three = THREE.exec(text) || VERSION3.exec(text);
    if (three) {
      return { kind: "no-revision", text: text,
        short: three.slice(1, 4).map(function (x) { return String(parseInt(x, 10)); }).join(".") };
    }
    return { kind: "text", text: text };
  }

  function finding(fields) {
    var base = { advisory: null, verdict: "", reason: "", params: {}, fixed: [], open: [],
      action: { kind: "none", params: {}, target: null, kb: null } };
    Object.keys(fields).forEach(function (k) { base[k] = fields[k]; });
    return base;
  }

  function unknown(reason, params) {
    return finding({ verdict: "unknown build", reason: reason, params: params,
      action: { kind: "check", params: {}, target: null, kb: null } });
  }

  function Line(data) {
    var self = this;
    this.id = data.id;
    this.name = data.name;
    this.vendor = data.vendor;
    this.cloud = data.deployment === "cloud";
    this.first = data.first;
    this.releases = data.releases;
    this.byId = {};
    this.releases.forEach(function (r) { self.byId[r.id] = r; });
    this.bases = this.releases.filter(function (r) { return r.kind === "rtm" || r.kind === "sp" || r.kind === "cu"; });
    this.rolled = {};
    this.releases.forEach(function (r) { if (r.kind === "ru") { self.rolled[r.base] = true; } });
  }
  Line.prototype.baseOf = function (key) {
    var below = this.bases.filter(function (b) { return cmp(b.key, key) <= 0; });
    if (!below.length) { return null; }
    var base = below[below.length - 1];
    if (base.key[2] !== key[2] && !own(this.rolled, base.id)) { return null; }
    return base;
  };
  Line.prototype.exact = function (key) {
    for (var i = 0; i < this.releases.length; i++) {
      if (cmp(this.releases[i].key, key) === 0) { return this.releases[i]; }
    }
    return null;
  };

  function fixesOf(adv, product) {
    var out = {};
    var order = [];
    adv.cves.forEach(function (c) {
      if (c.products.indexOf(product) >= 0) { out[c.cve] = []; order.push(c.cve); }
    });
    adv.fixes.forEach(function (fix) {
      if (fix.product !== product) { return; }
      fix.cves.forEach(function (cve) {
        if (own(out, cve)) { out[cve].push({ updates: fix.updates, included_in: fix.included_in }); }
      });
    });
    return { byCve: out, cves: order.slice().sort() };
  }

  function closed(fixes, line, key, base) {
    for (var i = 0; i < fixes.length; i++) {
      var fix = fixes[i];
      if (fix.included_in !== null && cmp(key, line.byId[fix.included_in].key) >= 0) { return true; }
      for (var j = 0; j < fix.updates.length; j++) {
        var r = line.byId[fix.updates[j]];
        if (base && r.base === base.id && cmp(key, r.key) >= 0) { return true; }
      }
    }
    return false;
  }

  function lowest(fixes, line, base) {
    var options = [];
    fixes.forEach(function (fix) {
      if (fix.included_in !== null && cmp(base.key, line.byId[fix.included_in].key) >= 0) { options.push(base.key); }
      fix.updates.forEach(function (u) { if (line.byId[u].base === base.id) { options.push(line.byId[u].key); } });
    });
    if (!options.length) { return null; }
    return options.reduce(function (a, b) { return cmp(a, b) <= 0 ? a : b; });
  }

  function target(openFixes, line, key, base) {
    var candidates = [base].concat(line.bases.filter(function (b) { return cmp(b.key, base.key) > 0; }));
    var cves = Object.keys(openFixes).sort();
    for (var i = 0; i < candidates.length; i++) {
      var cand = candidates[i];
      var needed = cves.map(function (c) { return lowest(openFixes[c], line, cand); });
      if (needed.some(function (n) { return n === null; })) { continue; }
      var goal = needed.reduce(function (a, b) { return cmp(a, b) >= 0 ? a : b; });
      if (cand === base && cmp(goal, key) <= 0) { continue; }
      var release = line.exact(goal);
      var params = { target: show(goal), update: release.name, kb: release.kb ? " (" + release.kb + ")" : "" };
      if (cand === base) {
        return { kind: "install", params: params, target: show(goal), kb: release.kb };
      }
      params.cu = cand.name;
      var kind = cmp(goal, cand.key) === 0 ? "upgrade" : "upgrade-install";
      return { kind: kind, params: params, target: show(goal), kb: release.kb };
    }
    return { kind: "no-fix", params: { open: cves.join(", ") }, target: null, kb: null };
  }

  function worst(findings) {
    return findings.reduce(function (a, b) { return WORST.indexOf(a.verdict) <= WORST.indexOf(b.verdict) ? a : b; });
  }

  function Checker(table) {
    var self = this;
    if (!table || table.format !== FORMAT) { throw new Error("not a patch table of format " + FORMAT); }
    this.scope = table.scope;
    this.messages = table.messages;
    this.advisories = table.advisories;
    this.lines = {};
    this.byPrefix = {};
    this.names = {};
    table.products.forEach(function (p) {
      var line = new Line(p);
      self.lines[p.id] = line;
      p.prefixes.forEach(function (prefix) { (self.byPrefix[prefix] = self.byPrefix[prefix] || []).push(line); });
      [line.id, line.name, line.vendor + " " + line.name].forEach(function (n) { self.names[norm(n)] = line.id; });
    });
    this.known = Object.keys(this.byPrefix).sort().map(function (k) { return k + " " + self.byPrefix[k][0].name; }).join(", ");
  }

  Checker.prototype.describe = function (f, lang) {
    var words = this.messages[lang || "en"];
    return {
      verdict: words["verdict." + f.verdict],
      reason: render(words["reason." + f.reason], f.params, lang || "en"),
      action: render(words["action." + f.action.kind], f.action.params, lang || "en")
    };
  };

  Checker.prototype.line = function (key) {
    var found = (this.byPrefix[key[0] + "." + key[1]] || []).filter(function (l) {
      return l.first === null || cmp(l.first, key) <= 0;
    });
    if (!found.length) { return null; }
    return found.reduce(function (a, b) { return cmp(a.first || [0, 0, 0, 0], b.first || [0, 0, 0, 0]) >= 0 ? a : b; });
  };

  Checker.prototype.listing = function (adv, line) {
    for (var i = 0; i < adv.not_affected.length; i++) {
      var e = adv.not_affected[i];
      if (e.product === line.id) {
        return finding({ advisory: adv.id, verdict: "not affected", reason: "not-affected",
          params: { detail: { de: e.reason.de, en: e.reason.en }, product: line.name } });
      }
    }
    if (!adv.affected.some(function (a) { return a.product === line.id; })) {
      return finding({ advisory: adv.id, verdict: "not affected", reason: "not-listed", params: { product: line.name } });
    }
    return null;
  };

  Checker.prototype.advisory = function (adv, line, key, base) {
    var listed = this.listing(adv, line);
    if (listed) { return listed; }
    var entry = adv.affected.filter(function (a) { return a.product === line.id; })[0];
    var params = { product: line.name, build: show(key) };
    if (entry.since !== null && cmp(key, entry.since) < 0) {
      params.since = show(entry.since);
      return finding({ advisory: adv.id, verdict: "not affected", reason: "before-affected", params: params });
    }
    var f = fixesOf(adv, line.id);
    var fixed = f.cves.filter(function (c) { return closed(f.byCve[c], line, key, base); });
    var still = f.cves.filter(function (c) { return fixed.indexOf(c) < 0; });
    params.fixed = String(fixed.length); params.total = String(f.cves.length); params.open = still.join(", ");
    if (!still.length) {
      return finding({ advisory: adv.id, verdict: "fixed", reason: "all-fixed", params: params, fixed: fixed });
    }
    if (!base) {
      return finding({ advisory: adv.id, verdict: "unknown build", reason: "unknown-release", params: params,
        fixed: fixed, open: still, action: { kind: "check", params: {}, target: null, kb: null } });
    }
    var open = {};
    still.forEach(function (c) { open[c] = f.byCve[c]; });
    return finding({ advisory: adv.id, verdict: "vulnerable", reason: fixed.length ? "some-fixed" : "none-fixed",
      params: params, fixed: fixed, open: still, action: target(open, line, key, base) });
  };

  Checker.prototype.overall = function (findings, line, key, base) {
    var self = this;
    if (!findings.length) {
      return finding({ verdict: "not affected", reason: "no-advisory", params: { product: line.name } });
    }
    var w = worst(findings);
    var opened = [];
    findings.forEach(function (f) { f.open.forEach(function (c) { if (opened.indexOf(c) < 0) { opened.push(c); } }); });
    opened.sort();
    var params = { product: line.name, build: show(key), open: opened.join(", "),
      count: String(findings.filter(function (f) { return f.verdict === "vulnerable"; }).length) };
    if (w.verdict !== "vulnerable" || !base) {
      var reason = { "fixed": "all-advisories-fixed", "not affected": "none-applies" }[w.verdict] || "unknown-release";
      var action = { kind: w.verdict === "unknown build" ? "check" : "none", params: {}, target: null, kb: null };
      return finding({ verdict: w.verdict, reason: reason, params: params, action: action });
    }
    var fixes = {};
    self.advisories.forEach(function (adv) {
      var f = fixesOf(adv, line.id);
      f.cves.forEach(function (c) {
        if (opened.indexOf(c) >= 0) { fixes[c] = (fixes[c] || []).concat(f.byCve[c]); }
      });
    });
    return finding({ verdict: "vulnerable", reason: "some-advisories", params: params, open: opened,
      action: target(fixes, line, key, base) });
  };

  Checker.prototype.assess = function (raw) {
    var self = this;
    var p = parse(raw);
    var result = { input: raw, build: null, product: null, product_name: null, release: null, base: null, findings: [] };
    if (p.kind === "text" && own(this.names, norm(p.text))) {
      var named = this.lines[this.names[norm(p.text)]];
      result.product = named.id; result.product_name = named.name;
      result.findings = this.advisories.map(function (adv) {
        return self.listing(adv, named) || finding({ advisory: adv.id, verdict: "unknown build",
          reason: named.cloud ? "no-build" : "name-only", params: { product: named.name },
          action: { kind: "check", params: {}, target: null, kb: null } });
      });
      if (result.findings.length) {
        var w = worst(result.findings);
        result.overall = finding({ verdict: w.verdict, reason: w.reason, params: w.params, action: w.action });
      } else {
        result.overall = finding({ verdict: "not affected", reason: "no-advisory", params: { product: named.name } });
      }
      return result;
    }
    if (p.kind !== "build") {
      result.overall = unknown(p.kind === "text" ? "malformed" : p.kind, { build: p.short || "" });
      return result;
    }
    var key = p.key;
    result.build = show(key);
    var line = this.line(key);
    if (!line) {
      result.overall = unknown("unknown-product", { prefix: key[0] + "." + key[1], known: this.known, build: show(key) });
      return result;
    }
    var base = line.baseOf(key);
    var exact = line.exact(key);
    result.product = line.id; result.product_name = line.name;
    result.release = exact ? exact.name : null; result.base = base ? base.name : null;
    result.findings = this.advisories.map(function (adv) { return self.advisory(adv, line, key, base); });
    result.overall = this.overall(result.findings, line, key, base);
    return result;
  };

  // ---- the pages ----

  function text(tag, content, cls) {
    var el = document.createElement(tag);
    el.textContent = content;
    if (cls) { el.className = cls; }
    return el;
  }

  function verdictClass(verdict) { return "iocc-verdict iocc-verdict--" + verdict.replace(" ", "-"); }

  function verdictCell(checker, f, lang) {
    var words = checker.describe(f, lang);
    var cell = document.createElement("td");
    var badge = text("span", words.verdict, verdictClass(f.verdict));
    badge.setAttribute("data-verdict", f.verdict);
    cell.appendChild(badge);
    if (f.open.length) { cell.appendChild(text("span", " " + f.open.join(", "), "iocc-verdict__open")); }
    cell.title = [words.reason, words.action].filter(Boolean).join(" ");
    return cell;
  }

  // one box on an advisory page: one build, that advisory's verdict
  function showOne(box, checker, lang, raw) {
    var a = checker.assess(raw);
    var f = a.findings.length ? a.findings[0] : a.overall;
    var words = checker.describe(f, lang);
    var result = box.querySelector("[data-iocc-result]");
    var fields = { verdict: words.verdict, product: a.release || a.base || a.product_name || "",
      reason: words.reason, action: words.action };
    Object.keys(fields).forEach(function (name) {
      var el = result.querySelector('[data-field="' + name + '"]');
      if (el) { el.textContent = fields[name]; el.hidden = !fields[name]; }
    });
    var badge = result.querySelector('[data-field="verdict"]');
    if (badge) {  // colour and word together, never colour alone
      badge.className = verdictClass(f.verdict);
      badge.setAttribute("data-verdict", f.verdict);
    }
    result.setAttribute("data-verdict", f.verdict);
    result.hidden = false;
  }

  // the fleet page: many builds (one a line, or server,build), every advisory
  function inventory(textValue) {
    var lines = textValue.replace(/^\ufeff/, "").split(/\r?\n/).filter(function (l) { return trim(l); });
    if (!lines.length) { return []; }
    var sep = lines[0].split(";").length > lines[0].split(",").length ? ";" : ",";
    var head = lines[0].toLowerCase().split(sep).map(trim);
    var iServer = head.indexOf("server"), iBuild = head.indexOf("build");
    if (iServer >= 0 && iBuild >= 0) {
      return lines.slice(1).map(function (l) {
        var cells = l.split(sep);
        return { server: trim(cells[iServer] || ""), build: cells[iBuild] || "" };
      });
    }
    return lines.map(function (l) {
      var cells = l.split(sep);
      return cells.length > 1 ? { server: trim(cells[0]), build: cells[1] } : { server: "", build: l };
    });
  }

  function showFleet(box, checker, lang, rows) {
    var table = box.querySelector("[data-iocc-fleet-table]");
    var body = table.querySelector("tbody");
    var summary = box.querySelector("[data-iocc-summary]");
    body.textContent = "";
    var counts = {};
    rows.forEach(function (row) {
      var a = checker.assess(row.build);
      counts[a.overall.verdict] = (counts[a.overall.verdict] || 0) + 1;
      var tr = document.createElement("tr");
      tr.setAttribute("data-verdict", a.overall.verdict);
      tr.appendChild(text("td", row.server));
      tr.appendChild(text("td", a.build || trim(row.build)));
      tr.appendChild(text("td", a.release || a.base || a.product_name || ""));
      tr.appendChild(verdictCell(checker, a.overall, lang));
      checker.advisories.forEach(function (adv) {
        var f = a.findings.filter(function (x) { return x.advisory === adv.id; })[0] || a.overall;
        tr.appendChild(verdictCell(checker, f, lang));
      });
      var words = checker.describe(a.overall, lang);
      tr.appendChild(text("td", [a.overall.action.target || "", words.action || words.reason].filter(Boolean).join(" ")));
      body.appendChild(tr);
    });
    var words = checker.messages[lang];
    summary.textContent = render(words["summary.checked"], { count: String(rows.length) }, lang) + ": " +
      WORST.filter(function (v) { return counts[v]; }).map(function (v) { return counts[v] + " " + words["verdict." + v]; }).join(", ");
    table.hidden = !rows.length;
    summary.hidden = !rows.length;
  }

  function fleetHead(box, checker, lang) {
    var row = box.querySelector("[data-iocc-fleet-table] thead tr");
    if (!row || row.getAttribute("data-iocc-filled")) { return; }
    row.setAttribute("data-iocc-filled", "1");
    var last = row.lastElementChild;
    checker.advisories.forEach(function (adv) {
      var th = text("th", adv.title[lang]);
      th.setAttribute("scope", "col");
      row.insertBefore(th, last);
    });
  }

  function setUp(box) {
    if (box.getAttribute("data-iocc-ready")) { return; }
    box.setAttribute("data-iocc-ready", "1");
    var url = box.getAttribute("data-table-url");
    var lang = box.getAttribute("data-lang") === "de" ? "de" : "en";
    var fleet = box.hasAttribute("data-iocc-fleet");
    var form = box.querySelector("form");
    var status = box.querySelector("[data-iocc-status]");
    if (!url || !form) { return; }
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + url); }
        return response.json();
      })
      .then(function (table) {
        var checker = new Checker(table);
        var field = form.querySelector("textarea, input[type=text]");
        var upload = form.querySelector("input[type=file]");
        if (fleet) { fleetHead(box, checker, lang); }
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          if (fleet) { showFleet(box, checker, lang, inventory(field.value)); } else { showOne(box, checker, lang, field.value); }
        });
        // Enter checks in the one-line field (a form does that); in the list, Ctrl+Enter or Cmd+Enter does
        field.addEventListener("keydown", function (event) {
          if (field.tagName === "TEXTAREA" && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            if (form.requestSubmit) { form.requestSubmit(); } else { showFleet(box, checker, lang, inventory(field.value)); }
          }
        });
        if (upload) {
          upload.addEventListener("change", function () {
            var file = upload.files && upload.files[0];
            if (!file) { return; }
            file.text().then(function (content) { field.value = content; showFleet(box, checker, lang, inventory(content)); });
          });
        }
        Array.prototype.forEach.call(form.querySelectorAll("button"), function (b) { b.disabled = false; });
        box.setAttribute("data-iocc-loaded", "1");
      })
      .catch(function (error) {
        if (status) { status.hidden = false; }
        box.setAttribute("data-iocc-error", String(error));
      });
  }

  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-iocc-build-checker]"), setUp);
  }

  window.ioccBuildChecker = { Checker: Checker, FORMAT: FORMAT, inventory: inventory };
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUpAll);  // mkdocs-material instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
