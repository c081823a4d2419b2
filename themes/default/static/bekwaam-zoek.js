// Bekwaam search: finds competencies, examples, tips and pages as you type.
//
// The index is made by `bekwaam build` (see docs/zoekindex.md): a manifest,
// term chunks and one fragment per page, all plain scripts that hand their
// data to window.bekwaamSearch, so they load over HTTP and from file://.
// This script never stems: it matches what is typed against the surface
// forms the build found in the handbook (exact, and by prefix for the word
// being typed) and looks up their stems' postings.
//
// Results are built with createElement and textContent only: no text from the
// index or the query is ever parsed as HTML.
(function () {
  "use strict";

  var script = document.currentScript;
  var root = script ? script.src.replace(/[^/]*$/, "") : "";
  var texts = document.body.dataset;
  var indexDir = root + (texts.searchPath || "zoek/");
  // Results shown at first, and added by each press on "Meer resultaten":
  // each result may need a file of its own, and from file:// every file
  // costs a few milliseconds, one after the other.
  var PAGE_SIZE = 6;
  var MAX_PREFIX_FORMS = 40;

  // ---- Loading the index: each file is a <script> that calls back. ----

  var manifest = null;
  var waiting = {};
  var chunks = {};
  var pages = {};
  var manifestPromise = null;

  function load(url, key) {
    if (waiting[key]) {
      return waiting[key].promise;
    }
    var entry = {};
    entry.promise = new Promise(function (resolve, reject) {
      entry.resolve = resolve;
      var tag = document.createElement("script");
      tag.src = url;
      tag.async = true;
      tag.onerror = function () {
        delete waiting[key];
        reject(new Error("not loaded: " + url));
      };
      // A script runs before its load event: a file that ran without
      // registering its data (damaged, or from another version) fails
      // here, instead of leaving the search waiting for ever.
      tag.onload = function () {
        if (!entry.arrived) {
          delete waiting[key];
          reject(new Error("no data in: " + url));
        }
      };
      document.head.appendChild(tag);
    });
    waiting[key] = entry;
    return entry.promise;
  }

  function arrived(key, value) {
    var entry = waiting[key];
    if (entry) {
      entry.arrived = true;
      entry.resolve(value);
    }
  }

  var api = window.bekwaamSearch || {};
  window.bekwaamSearch = api;
  api.manifest = function (data) {
    manifest = data;
    arrived("manifest", data);
  };
  api.chunk = function (index, data) {
    var forms = data.f;
    chunks[index] = { forms: forms, stems: data.s };
    arrived("chunk" + index, chunks[index]);
  };
  api.page = function (index, data) {
    pages[index] = data;
    arrived("page" + index, data);
  };

  function loadManifest() {
    if (!manifestPromise) {
      // The manifest has a fixed name: a fresh copy each time, so a page
      // opened before a redeploy finds the new chunks.
      manifestPromise = load(indexDir + "index.js?" + Date.now(), "manifest").catch(function (e) {
        manifestPromise = null;
        throw e;
      });
    }
    return manifestPromise;
  }

  function loadChunk(index) {
    if (chunks[index]) {
      return Promise.resolve(chunks[index]);
    }
    return load(indexDir + manifest.chunks[index][1], "chunk" + index);
  }

  function loadPage(index) {
    if (pages[index]) {
      return Promise.resolve(pages[index]);
    }
    var bucket = manifest.buckets[Math.floor(index / manifest.bucket)];
    return load(indexDir + "p/" + index + "." + bucket + ".js", "page" + index);
  }

  // ---- Words, as the build cuts them. ----

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // Words and numbers; "collega's" → "collega", "zo'n" → "zon".
  function words(text) {
    var folded = fold(text);
    var out = [];
    var current = "";
    var isWordChar = function (c) {
      return /[\p{L}\p{N}]/u.test(c);
    };
    for (var i = 0; i < folded.length; i++) {
      var c = folded[i];
      if (isWordChar(c)) {
        current += c;
      } else if ((c === "'" || c === "\u2019") && current) {
        var next = folded[i + 1] || "";
        var after = folded[i + 2] || "";
        if (next === "s" && !isWordChar(after)) {
          i += 1;
        } else if (!isWordChar(next)) {
          out.push(current);
          current = "";
        }
      } else if (current) {
        out.push(current);
        current = "";
      }
    }
    if (current) {
      out.push(current);
    }
    return out;
  }

  // ---- Looking up words. ----

  // The chunk that holds `word`: the last one whose first form is not after it.
  function chunkFor(word) {
    var list = manifest.chunks;
    var lo = 0;
    var hi = list.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (list[mid][0] <= word) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  // The chunks that may hold forms starting with `prefix` (at most two: a
  // short prefix in a large handbook would otherwise read much of the index).
  function chunksForPrefix(prefix) {
    var first = chunkFor(prefix);
    var result = [first];
    for (var i = first + 1; i < manifest.chunks.length && result.length < 2; i++) {
      if (manifest.chunks[i][0].indexOf(prefix) === 0) {
        result.push(i);
      } else {
        break;
      }
    }
    return result;
  }

  function findForm(chunk, word) {
    var forms = chunk.forms;
    var lo = 0;
    var hi = forms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (forms[mid][0] < word) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  // {doc: score} for one typed word, and the surface forms it matched.
  function lookUp(word, prefix) {
    var wanted = prefix ? chunksForPrefix(word) : [chunkFor(word)];
    return Promise.all(wanted.map(loadChunk)).then(function (loaded) {
      var scores = {};
      var matched = [];
      loaded.forEach(function (chunk) {
        var at = findForm(chunk, word);
        var seenStems = {};
        for (var i = at; i < chunk.forms.length; i++) {
          var form = chunk.forms[i][0];
          var exact = form === word;
          if (!exact && !(prefix && form.indexOf(word) === 0)) {
            break;
          }
          if (matched.length >= MAX_PREFIX_FORMS && !exact) {
            break;
          }
          matched.push(form);
          var stem = chunk.forms[i][1];
          if (seenStems[stem] === true || (seenStems[stem] === false && !exact)) {
            continue;
          }
          seenStems[stem] = exact;
          var postings = chunk.stems[stem];
          // A word that only starts with what was typed counts a bit less
          // than the word itself.
          var weight = exact ? 1 : 0.75;
          var doc = 0;
          for (var p = 0; p < postings.length; p += 2) {
            doc += postings[p];
            var score = postings[p + 1] * weight;
            // A prefix matching several words counts the best one.
            if (!scores[doc] || scores[doc] < score) {
              scores[doc] = score;
            }
          }
        }
      });
      return { scores: scores, forms: matched };
    });
  }

  // ---- Documents: kind and competency from the id alone. ----

  var KINDS = ["competentie", "voorbeeld", "tip", "pagina"];

  function describe(id) {
    var page = Math.floor(id / manifest.slots);
    var slot = id % manifest.slots;
    var found = null;
    manifest.competencies.forEach(function (c) {
      if (c.p === page) {
        found = c;
      }
    });
    if (!found) {
      return { page: page, slot: slot, kind: 3, competency: null };
    }
    var kind = slot === 0 ? 0 : slot <= found.e ? 1 : 2;
    return { page: page, slot: slot, kind: kind, competency: found };
  }

  // ---- The query. ----

  // Resolves to {results: [...], forms: [...], words: n}.
  function query(text, filter, limit) {
    filter = filter || {};
    limit = limit || PAGE_SIZE;
    return loadManifest().then(function () {
      var all = words(text);
      var open = text.length > 0 && /[\p{L}\p{N}]$/u.test(text);
      var list = [];
      var tooShort = false;
      all.forEach(function (word, i) {
        var last = i === all.length - 1;
        if (manifest.stop.indexOf(word) !== -1 && !(last && open)) {
          return;
        }
        // One or two letters are too little to go on while typing; the
        // term chunks they lead to are fetched now, so that the third
        // letter only waits for its results.
        if (last && open && word.length < 3) {
          tooShort = true;
          chunksForPrefix(word).forEach(function (index) {
            loadChunk(index).catch(function () {});
          });
          return;
        }
        list.push({ word: word, prefix: last && open });
      });
      if (list.length === 0) {
        return { results: [], total: 0, forms: [], words: 0, tooShort: tooShort };
      }
      return Promise.all(
        list.map(function (w) {
          return lookUp(w.word, w.prefix);
        })
      ).then(function (found) {
        var totals = {};
        var counts = {};
        var forms = [];
        found.forEach(function (f) {
          forms = forms.concat(f.forms);
          Object.keys(f.scores).forEach(function (doc) {
            totals[doc] = (totals[doc] || 0) + f.scores[doc];
            counts[doc] = (counts[doc] || 0) + 1;
          });
        });
        var ranked = Object.keys(totals)
          .map(Number)
          .map(function (id) {
            var d = describe(id);
            d.id = id;
            d.score = totals[id];
            d.matched = counts[id];
            return d;
          })
          .filter(function (d) {
            if (filter.kind !== undefined && filter.kind !== null && d.kind !== filter.kind) {
              return false;
            }
            if (filter.competency && (!d.competency || d.competency.n !== filter.competency)) {
              return false;
            }
            return true;
          });
        // Results that match every word first, then by score.
        ranked.sort(function (a, b) {
          return b.matched - a.matched || b.score - a.score || a.id - b.id;
        });
        var total = ranked.length;
        var top = ranked.slice(0, limit);
        var wantedPages = [];
        top.forEach(function (d) {
          if (wantedPages.indexOf(d.page) === -1) {
            wantedPages.push(d.page);
          }
        });
        return Promise.all(wantedPages.map(loadPage)).then(function () {
          var results = top.map(function (d) {
            var page = pages[d.page];
            var entry = null;
            page.d.forEach(function (e) {
              if (e[0] === d.slot) {
                entry = e;
              }
            });
            entry = entry || [d.slot, page.t, null, ""];
            return {
              id: d.id,
              kind: KINDS[d.kind],
              kindIndex: d.kind,
              competency: d.competency ? { number: d.competency.n, title: d.competency.t } : null,
              page: page.t,
              path: page.u,
              anchor: entry[2],
              title: entry[1],
              text: entry[3],
              score: d.score,
              matchedAll: d.matched === list.length,
            };
          });
          return { results: results, total: total, forms: unique(forms), words: list.length };
        });
      });
    });
  }
  api.query = query;

  function unique(list) {
    var seen = {};
    return list.filter(function (x) {
      if (seen[x]) {
        return false;
      }
      seen[x] = true;
      return true;
    });
  }

  // The address of a result, with the words to mark on arrival.
  function href(result, forms) {
    var path = result.path;
    if (location.protocol === "file:" && (path === "" || path.slice(-1) === "/")) {
      path += "index.html";
    }
    var url = root + path;
    if (forms.length) {
      url += "?gezocht=" + encodeURIComponent(forms.join(" "));
    }
    if (result.anchor) {
      url += "#" + encodeURIComponent(result.anchor);
    }
    return url;
  }
  api.href = href;

  // ---- Marking words in text. ----

  // Splits `text` into [piece, isMatch] by the folded words in `forms`.
  function pieces(text, forms) {
    var out = [];
    var re = /[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*/gu;
    var last = 0;
    var m;
    while ((m = re.exec(text)) !== null) {
      var w = words(m[0])[0] || "";
      if (forms.indexOf(w) !== -1) {
        if (m.index > last) {
          out.push([text.slice(last, m.index), false]);
        }
        out.push([m[0], true]);
        last = m.index + m[0].length;
      }
    }
    if (last < text.length) {
      out.push([text.slice(last), false]);
    }
    return out;
  }

  function appendMarked(parent, text, forms) {
    pieces(text, forms).forEach(function (piece) {
      if (piece[1]) {
        var mark = document.createElement("mark");
        mark.textContent = piece[0];
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(piece[0]));
      }
    });
  }

  // About 170 characters around the first matched word; a short text is
  // shown whole, and a word near the end gets the text before it.
  function snippet(text, forms) {
    if (!text) {
      return "";
    }
    var re = /[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*/gu;
    var m;
    var at = 0;
    while ((m = re.exec(text)) !== null) {
      if (forms.indexOf(words(m[0])[0] || "") !== -1) {
        at = m.index;
        break;
      }
    }
    var start = Math.max(0, Math.min(at - 60, text.length - 170));
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space !== -1 && space < at ? space + 1 : start;
    }
    var end = Math.min(text.length, start + 170);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      end = cut > at ? cut : end;
    }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  // On a page opened from a result: mark the words that were searched for.
  function markArrival() {
    var params = new URLSearchParams(location.search);
    var wanted = params.get("gezocht");
    var main = document.getElementById("inhoud");
    if (!wanted || !main) {
      return;
    }
    var forms = words(wanted);
    var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) {
      var parent = walker.currentNode.parentNode;
      if (parent && !/^(SCRIPT|STYLE|MARK)$/.test(parent.nodeName)) {
        nodes.push(walker.currentNode);
      }
    }
    var marked = 0;
    nodes.forEach(function (node) {
      if (marked > 300) {
        return;
      }
      var parts = pieces(node.nodeValue, forms);
      if (parts.length === 1 && !parts[0][1]) {
        return;
      }
      var fragment = document.createDocumentFragment();
      parts.forEach(function (piece) {
        if (piece[1]) {
          var mark = document.createElement("mark");
          mark.className = "search-hit";
          mark.textContent = piece[0];
          fragment.appendChild(mark);
          marked += 1;
        } else {
          fragment.appendChild(document.createTextNode(piece[0]));
        }
      });
      node.parentNode.replaceChild(fragment, node);
    });
  }

  // ---- The search field and its results. ----

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  // The results panel is made here, not sent with every page: its texts
  // come from the form's data attributes. It goes just before <main>.
  function makePanel(form) {
    var words = form.dataset;
    var panel = element("section", "search-results");
    panel.id = "zoekresultaten";
    panel.setAttribute("aria-label", words.results || "");
    panel.hidden = true;
    var wrap = panel.appendChild(element("div", "wrap"));
    var filters = wrap.appendChild(element("div", "search-filters"));
    var kinds = filters.appendChild(element("div", "search-kinds"));
    kinds.setAttribute("role", "group");
    kinds.setAttribute("aria-label", words.kind || "");
    [words.all].concat((words.kindsOnly || "").split("|")).forEach(function (label, i) {
      var button = kinds.appendChild(element("button", null, label));
      button.type = "button";
      button.setAttribute("data-kind", i === 0 ? "" : String(i - 1));
      button.setAttribute("aria-pressed", String(i === 0));
    });
    var close = filters.appendChild(element("button", "search-close", words.close));
    close.type = "button";
    close.setAttribute("data-close", "");
    wrap.appendChild(element("p", "search-status")).setAttribute("role", "status");
    wrap.appendChild(element("ol", "search-list"));
    var more = wrap.appendChild(element("button", "search-more", words.more));
    more.type = "button";
    more.hidden = true;
    var main = document.getElementById("inhoud") || document.querySelector("main");
    if (main && main.parentNode) {
      main.parentNode.insertBefore(panel, main);
    } else {
      document.body.appendChild(panel);
    }
    return panel;
  }

  // The filter by competency, once the manifest has named them.
  function makeCompetencyFilter(panel, text, competencies) {
    var label = element("label", "search-competency", text + " ");
    var select = label.appendChild(document.createElement("select"));
    select.appendChild(element("option", null, texts.filterAll)).value = "0";
    competencies.forEach(function (c) {
      select.appendChild(element("option", null, c.n + ". " + c.t)).value = String(c.n);
    });
    var close = panel.querySelector("[data-close]");
    close.parentNode.insertBefore(label, close);
    return select;
  }

  function ui() {
    var form = document.querySelector("form[data-search]");
    if (!form) {
      return;
    }
    // A theme may still send the panel with its pages.
    var panel = document.getElementById("zoekresultaten") || makePanel(form);
    var input = form.querySelector("input");
    input.setAttribute("aria-controls", panel.id);
    var list = panel.querySelector("ol");
    var status = panel.querySelector("[role=status]");
    var kindButtons = Array.prototype.slice.call(panel.querySelectorAll("[data-kind]"));
    var competency = panel.querySelector("select");
    var close = panel.querySelector("[data-close]");
    var more = panel.querySelector(".search-more");
    var filter = { kind: null, competency: 0 };
    var limit = PAGE_SIZE;
    var timer = null;
    var asked = 0;
    form.hidden = false;

    function setStatus(text) {
      status.textContent = text;
    }

    function show() {
      panel.hidden = false;
    }

    function hide() {
      panel.hidden = true;
    }

    function remember(text) {
      var url = new URL(location.href);
      if (text) {
        url.searchParams.set("zoek", text);
      } else {
        url.searchParams.delete("zoek");
      }
      history.replaceState(history.state, "", url.href);
    }

    function empty() {
      while (list.firstChild) {
        list.removeChild(list.firstChild);
      }
      if (more) {
        more.hidden = true;
      }
    }

    function render(text, found) {
      empty();
      var kinds = (texts.kinds || "").split("|");
      found.results.forEach(function (result) {
        var link = list.appendChild(element("li")).appendChild(element("a", "search-result"));
        link.href = href(result, found.forms);
        link.appendChild(
          element(
            "span",
            "search-meta",
            (kinds[result.kindIndex] || result.kind) +
              (result.competency
                ? " · " + result.competency.number + ". " + result.competency.title
                : result.kind === "pagina" && result.title !== result.page
                  ? " · " + result.page
                  : "")
          )
        );
        appendMarked(link.appendChild(element("span", "search-title")), result.title, found.forms);
        appendMarked(
          link.appendChild(element("span", "search-snippet")),
          snippet(result.text, found.forms),
          found.forms
        );
      });
      if (more) {
        more.hidden = !(found.total > found.results.length);
      }
      if (found.tooShort) {
        // Only one or two letters so far: nothing to say yet.
        setStatus("");
      } else if (found.total === 0) {
        setStatus((texts.searchNone || "").replace("{q}", text));
      } else if (found.total === 1) {
        setStatus(texts.searchOne);
      } else {
        setStatus((texts.searchMany || "").replace("{n}", String(found.total)));
      }
    }

    // A new search shows the first PAGE_SIZE results; "Meer resultaten"
    // asks again for more (`showMore`), and focuses the first new one.
    function run(showMore) {
      var text = input.value.trim();
      remember(text);
      if (!text) {
        hide();
        return;
      }
      show();
      addCompetencyFilter();
      var ticket = ++asked;
      if (!manifest) {
        setStatus(texts.searching);
      }
      if (showMore !== true) {
        limit = PAGE_SIZE;
      }
      var shown = list.children.length;
      query(input.value, filter, limit).then(
        function (found) {
          addCompetencyFilter();
          if (ticket === asked) {
            render(text, found);
            var next = showMore === true && list.children[shown];
            if (next && next.querySelector("a")) {
              next.querySelector("a").focus();
            }
          }
        },
        function () {
          // The index could not be loaded (a file missing or damaged on the
          // share): say so, and try again with the next keystroke.
          if (ticket === asked) {
            empty();
            setStatus(texts.searchFailed || texts.searchNone.replace("{q}", text));
          }
        }
      );
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, 80);
    });
    input.addEventListener("focus", function () {
      loadManifest().catch(function () {});
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      run();
      var first = list.querySelector("a");
      if (first) {
        first.focus();
      }
    });

    kindButtons.forEach(function (button) {
      button.addEventListener("click", function () {
        var kind = button.dataset.kind;
        filter.kind = kind === "" ? null : Number(kind);
        kindButtons.forEach(function (b) {
          b.setAttribute("aria-pressed", String(b === button));
        });
        run();
      });
    });
    // The filter by competency: sent with the page by an older theme, or
    // made once the manifest is here (it names the competencies).
    function addCompetencyFilter() {
      if (competency || !manifest || !manifest.competencies || !manifest.competencies.length) {
        return;
      }
      competency = makeCompetencyFilter(panel, form.dataset.competency || "", manifest.competencies);
      listenToCompetency();
    }
    function listenToCompetency() {
      competency.addEventListener("change", function () {
        filter.competency = Number(competency.value);
        run();
      });
    }
    if (competency) {
      listenToCompetency();
    }
    loadManifest().then(addCompetencyFilter, function () {});
    if (more) {
      more.addEventListener("click", function () {
        limit += PAGE_SIZE;
        run(true);
      });
    }
    if (close) {
      close.addEventListener("click", function () {
        hide();
        input.focus();
      });
    }

    // Keys: / focuses the field, arrows move through results, Esc closes.
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.nodeName));
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        input.focus();
        input.select();
        return;
      }
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "Escape" && !panel.hidden && (target === input || at !== -1 || panel.contains(target))) {
        hide();
        input.focus();
      } else if (event.key === "ArrowDown" && (target === input || at !== -1) && links.length) {
        event.preventDefault();
        links[Math.min(at + 1, links.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at !== -1) {
        event.preventDefault();
        if (at === 0) {
          input.focus();
        } else {
          links[at - 1].focus();
        }
      }
    });

    // A search in the address (?zoek=…), shared or come back to with Back;
    // or words typed while this script was loading.
    var asked0 = new URLSearchParams(location.search).get("zoek");
    if (asked0 && !input.value) {
      input.value = asked0;
    }
    if (input.value.trim()) {
      run();
    } else if (document.activeElement === input) {
      loadManifest().catch(function () {});
    }
    window.addEventListener("pageshow", function (event) {
      if (event.persisted && input.value.trim()) {
        run();
      }
    });
  }

  markArrival();
  ui();
})();
