/*
 * iocc build checker: the verdict for an Exchange build number, in the browser.
 *
 * It implements the SAME rules as compiler/products/verdict.py, from the SAME patch table
 * (dist/patch/<advisory>.json, published under files/patch/ on the site); a Chromium test compares
 * both on many builds. No remote resources, no HTML built from data: every text goes in via
 * textContent.
 */
(function () {
  "use strict";

  var FORMAT = "iocc-patch-table/1";
  var MAX_INPUT = 64;
  var N = "([0-9]{1,5})";
  var FOUR = new RegExp("^" + N + "\\." + N + "\\." + N + "\\." + N + "$");
  var VERSION = new RegExp(
    "^version[ \\t]+" + N + "\\." + N + "[ \\t]*\\([ \\t]*build[ \\t]+" + N + "\\." + N + "[ \\t]*\\)$", "i");
  var THREE = new RegExp("^" + N + "\\." + N + "\\." + N + "$");
  var VERSION3 = new RegExp(
    "^version[ \\t]+" + N + "\\." + N + "[ \\t]*\\([ \\t]*build[ \\t]+" + N + "[ \\t]*\\)$", "i");

  function trim(text) {
    return text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
  }

  function norm(name) {
    return trim(name).replace(/[ \t]+/g, " ").toLowerCase();
  }

  function parts(build) {
    return build.split(".").map(function (x) { return parseInt(x, 10); });
  }

  // (c, d) >= (e, f), as Python compares tuples
  function atLeast(c, d, e, f) {
    return c > e || (c === e && d >= f);
  }

  function render(template, params, lang) {
    return template.replace(/\{([a-z_]+)\}/g, function (_, name) {
      var value = Object.prototype.hasOwnProperty.call(params, name) ? params[name] : "";
      return typeof value === "string" ? value : value[lang];
    });
  }

  function assessment(fields) {
    var base = {
      input: "", verdict: "", reason: "", action: "", params: {}, build: null, product: null,
      product_name: null, cu: null, kb: null, fixed_build: null, note: null
    };
    Object.keys(fields).forEach(function (key) { base[key] = fields[key]; });
    return base;
  }

  function Product(data) {
    var self = this;
    this.pid = data.id;
    this.name = data.name;
    this.rows = {};
    this.keys = [];
    this.rollup = null;
    data.rows.forEach(function (row) {
      if (row.rollup) {
        self.rollup = row;  // the last rollup row wins, as in Python
      } else {
        self.rows[row.key] = row;
      }
    });
    this.keys = Object.keys(this.rows).map(function (k) { return parseInt(k, 10); })
      .sort(function (a, b) { return a - b; });
    this.releases = {};
    data.fixed_releases.forEach(function (r) { self.releases[parts(r.build)[2]] = r; });
    this.release = data.fixed_releases.length ? data.fixed_releases[0] : null;
    this.upgrade = data.upgrade;
  }

  function Checker(table) {
    var self = this;
    if (!table || table.format !== FORMAT) {
      throw new Error("not a patch table of format " + FORMAT);
    }
    this.advisory = table.advisory;
    this.messages = table.messages;
    this.products = {};
    table.products.forEach(function (p) { self.products[p.prefix] = new Product(p); });
    this.known = table.products.map(function (p) { return p.prefix + " " + p.name; }).join(", ");
    this.unaffected = {};
    table.not_affected.forEach(function (entry) {
      [entry.id, entry.name, entry.vendor + " " + entry.name].forEach(function (name) {
        self.unaffected[norm(name)] = entry;
      });
    });
  }

  Checker.prototype.describe = function (a, lang) {
    var words = this.messages[lang || "en"];
    return {
      verdict: words["verdict." + a.verdict],
      reason: render(words["reason." + a.reason], a.params, lang || "en"),
      action: render(words["action." + a.action], a.params, lang || "en"),
      note: a.note ? render(words["note." + a.note], a.params, lang || "en") : ""
    };
  };

  Checker.prototype.assess = function (raw) {
    var text = trim(raw);
    if (!text) {
      return assessment({ input: raw, verdict: "unknown build", reason: "empty", action: "check" });
    }
    if (Array.from(text).length > MAX_INPUT) {
      return assessment({ input: raw, verdict: "unknown build", reason: "malformed", action: "check" });
    }
    var match = FOUR.exec(text) || VERSION.exec(text);
    if (!match) {
      return this.notABuild(raw, text);
    }
    var n = match.slice(1, 5).map(function (x) { return parseInt(x, 10); });
    var build = n.join(".");
    var product = this.products[n[0] + "." + n[1]];
    if (!product) {
      return assessment({
        input: raw, verdict: "unknown build", reason: "unknown-product", action: "check",
        params: { prefix: n[0] + "." + n[1], known: this.known, build: build }, build: build
      });
    }
    return this.within(raw, build, product, n[2], n[3]);
  };

  Checker.prototype.notABuild = function (raw, text) {
    var entry = Object.prototype.hasOwnProperty.call(this.unaffected, norm(text)) ? this.unaffected[norm(text)] : null;
    if (entry) {
      return assessment({
        input: raw, verdict: "not affected", reason: "not-affected", action: "none",
        params: { detail: { de: entry.reason.de, en: entry.reason.en }, product: entry.name },
        product: entry.id, product_name: entry.name
      });
    }
    var three = THREE.exec(text) || VERSION3.exec(text);
    if (three) {
      var short = three.slice(1, 4).map(function (x) { return String(parseInt(x, 10)); }).join(".");
      return assessment({
        input: raw, verdict: "unknown build", reason: "no-revision", action: "check", params: { build: short }
      });
    }
    return assessment({ input: raw, verdict: "unknown build", reason: "malformed", action: "check" });
  };

  Checker.prototype.within = function (raw, build, p, c, d) {
    var params = { product: p.name, build: build };
    var common = { input: raw, build: build, product: p.pid, product_name: p.name, params: params };
    var row = Object.prototype.hasOwnProperty.call(p.rows, c) ? p.rows[c] : null;
    var fixed, f;
    if (row) {
      params.cu = row.cu; params.kb = row.kb; params.fixed_build = row.fixed_build;
      f = parts(row.fixed_build);
      fixed = atLeast(c, d, f[2], f[3]);
      return assessment(Object.assign(common, {
        verdict: fixed ? "fixed" : "vulnerable", reason: fixed ? "cu-fixed" : "cu-below-fix",
        action: fixed ? "none" : "install", cu: row.cu, kb: row.kb, fixed_build: row.fixed_build,
        note: row.supported === false ? "unsupported-cu" : null
      }));
    }
    if (p.release) {
      f = parts(p.release.build);
      if (atLeast(c, d, f[2], f[3])) {
        var same = Object.prototype.hasOwnProperty.call(p.releases, c) ? p.releases[c] : null;
        params.release_cu = p.release.cu; params.release_build = p.release.build;
        return assessment(Object.assign(common, {
          verdict: "fixed", reason: "release-fixed", action: "none", cu: same ? same.cu : null
        }));
      }
    }
    if (p.rollup) {
      var r = p.rollup;
      params.cu = r.cu; params.kb = r.kb; params.fixed_build = r.fixed_build;
      f = parts(r.fixed_build);
      fixed = atLeast(c, d, f[2], f[3]);
      return assessment(Object.assign(common, {
        verdict: fixed ? "fixed" : "vulnerable", reason: fixed ? "rollup-fixed" : "rollup-below-fix",
        action: fixed ? "none" : "install", kb: r.kb, fixed_build: r.fixed_build
      }));
    }
    if (p.keys.length && c < p.keys[p.keys.length - 1]) {
      params.oldest_cu = p.rows[p.keys[0]].cu;
      params.cus = p.upgrade.cus.join(", ");
      params.kb = p.upgrade.kb;
      var action = "upgrade";
      if (p.release) {
        params.release_cu = p.release.cu; params.release_build = p.release.build;
        action = "upgrade-or-release";
      }
      return assessment(Object.assign(common, {
        verdict: "vulnerable", reason: c < p.keys[0] ? "older-than-listed" : "unlisted-cu",
        action: action, kb: p.upgrade.kb
      }));
    }
    return assessment(Object.assign(common, {
      verdict: "unknown build", reason: "newer-than-listed", action: "check"
    }));
  };

  // ---- the page ----

  function show(box, checker, lang, raw) {
    var a = checker.assess(raw);
    var words = checker.describe(a, lang);
    var result = box.querySelector("[data-iocc-result]");
    var fields = {
      verdict: words.verdict,
      product: [a.product_name, a.cu].filter(Boolean).join(" "),
      reason: words.reason,
      action: words.action,
      note: words.note
    };
    Object.keys(fields).forEach(function (name) {
      var el = result.querySelector('[data-field="' + name + '"]');
      if (el) {
        el.textContent = fields[name];
        el.hidden = !fields[name];
      }
    });
    result.setAttribute("data-verdict", a.verdict);
    result.hidden = false;
  }

  function setUp(box) {
    if (box.getAttribute("data-iocc-ready")) {
      return;
    }
    box.setAttribute("data-iocc-ready", "1");
    var url = box.getAttribute("data-table-url");
    var lang = box.getAttribute("data-lang") === "de" ? "de" : "en";
    var form = box.querySelector("form");
    var status = box.querySelector("[data-iocc-status]");
    if (!url || !form) {
      return;
    }
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + url); }
        return response.json();
      })
      .then(function (table) {
        var checker = new Checker(table);
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          show(box, checker, lang, form.querySelector("input").value);
        });
        form.querySelector("button").disabled = false;
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

  window.ioccBuildChecker = { Checker: Checker, FORMAT: FORMAT };
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUpAll);  // mkdocs-material instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
