// Bekwaam search: finds competencies, examples, tips and pages as you type.
//
// The index is made by `bekwaam build` (see docs/zoekindex.md): a manifest,
// term chunks and one fragment per page, all plain scripts that hand their
// data to window.bekwaamSearch, so they load over HTTP and from file://.
// A query is analysed as the build analyses text: the same words, folding,
// stop words and stems (the stemmer of the handbook's language is the file
// bekwaam-stam-<lang>.js beside this one). A word is found by its stem; the
// word being typed also by the forms of the handbook that start with it.
// A word that finds nothing gets the nearest words of the handbook as
// suggestions.
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
  var LANG = (document.documentElement.lang || "nl").toLowerCase().slice(0, 2);

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
    chunks[index] = { keys: data.f, stems: data.s, parts: data.c || {} };
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

  // ---- Words, as the build cuts them (src/search/analyse.rs). ----

  var LETTER = /[\p{Alphabetic}\p{N}]/u;

  // Lower case without accents: "Creëren" → "creeren". Each character is
  // lowered on its own, as the build does.
  function fold(text) {
    var out = "";
    var plain = text.normalize("NFD").replace(/\p{M}/gu, "");
    for (var c of plain) {
      out += c.toLowerCase();
    }
    return out;
  }

  // Words and numbers; "collega's" → "collega", "zo'n" → "zon".
  function words(text) {
    var chars = Array.from(fold(text));
    var out = [];
    var joined = "";
    var run = "";
    function emit() {
      if (joined || run) {
        out.push(joined + run);
      }
      joined = "";
      run = "";
    }
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (LETTER.test(c)) {
        run += c;
        continue;
      }
      if ((c === "'" || c === "\u2019") && (run || joined)) {
        var first = chars[i + 1] || "";
        if (first === "s" && !LETTER.test(chars[i + 2] || "")) {
          // "'s" at the end: a plural or possessive ending, left out.
          emit();
          i += 1;
        } else if (first && LETTER.test(first)) {
          // Inside a word ("zo'n"): the word goes on.
          joined += run;
          run = "";
        } else {
          emit();
        }
        continue;
      }
      emit();
    }
    emit();
    return out;
  }

  // ---- Stems. ----

  var stemmer = null;
  var stemmerPromise = null;
  var stemCache = {};

  function loadStemmer() {
    var lang = LANG;
    if (!stemmerPromise) {
      stemmerPromise = new Promise(function (resolve, reject) {
        var known = function () {
          return api.stemmers && api.stemmers[lang];
        };
        if (known()) {
          resolve(known());
          return;
        }
        var tag = document.createElement("script");
        tag.src = root + "bekwaam-stam-" + lang + ".js";
        tag.onload = function () {
          return known() ? resolve(known()) : reject(new Error("no stemmer: " + lang));
        };
        tag.onerror = function () {
          reject(new Error("not loaded: " + tag.src));
        };
        document.head.appendChild(tag);
      }).then(
        function (found) {
          stemmer = found;
          stemCache = {};
          return found;
        },
        function (e) {
          stemmerPromise = null;
          throw e;
        }
      );
    }
    return stemmerPromise;
  }

  // The stem of a word; a word with a digit is its own stem.
  function stemOf(word) {
    var known = stemCache[word];
    if (known === undefined) {
      known = /[0-9]/.test(word) ? word : stemmer(word);
      stemCache[word] = known;
    }
    return known;
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

  function findKey(chunk, word) {
    var keys = chunk.keys;
    var lo = 0;
    var hi = keys.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (keys[mid][0] < word) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  // Adds a list of postings to `scores` (a Map of doc → {score, exact}),
  // each score times `weight`; a document found in several ways keeps its
  // best score, and is exact if one of the ways is. (Maps: the ids are
  // sparse numbers, which make plain objects slow.)
  function addPostings(scores, postings, weight, exact) {
    var doc = 0;
    for (var p = 0; p < postings.length; p += 2) {
      doc += postings[p];
      var score = postings[p + 1] * weight;
      var known = scores.get(doc);
      if (!known) {
        scores.set(doc, { score: score, exact: exact });
      } else {
        known.score = Math.max(known.score, score);
        known.exact = known.exact || exact;
      }
    }
  }

  // One query word: {scores: Map of doc → {score, exact},
  // stems, forms, parts, word}. By its stem, and while it is being typed
  // (`prefix`) also by the forms that start with it; a stem that is a part
  // of compounds also finds them, for less.
  function lookUp(word, prefix) {
    var stem = stemOf(word);
    var wanted = [chunkFor(stem)];
    if (prefix) {
      chunksForPrefix(word).forEach(function (i) {
        if (wanted.indexOf(i) === -1) {
          wanted.push(i);
        }
      });
    }
    return Promise.all(wanted.map(loadChunk)).then(function (loaded) {
      var result = { word: word, scores: new Map(), words: [], stems: [], forms: [], parts: [] };
      var own = loaded[0];
      var entry = own.keys[findKey(own, stem)];
      if (entry && entry[0] === stem && entry.length > 2) {
        result.words.push(word);
        result.stems.push(stem);
        addPostings(result.scores, own.stems[entry[2]], 1, true);
        var parts = own.parts[entry[2]];
        if (parts) {
          result.parts.push(stem);
          addPostings(result.scores, parts, 0.5, false);
        }
      }
      if (prefix) {
        loaded.forEach(function (chunk) {
          var seen = {};
          for (var i = findKey(chunk, word); i < chunk.keys.length; i++) {
            var key = chunk.keys[i];
            if (key[0].indexOf(word) !== 0 || result.forms.length >= MAX_PREFIX_FORMS) {
              break;
            }
            if (key[1] < 0) {
              continue;
            }
            result.forms.push(key[0]);
            if (!seen[key[1]]) {
              seen[key[1]] = true;
              // A word that only starts with what was typed counts a bit
              // less than the word itself.
              addPostings(result.scores, chunk.stems[key[1]], 0.75, true);
            }
          }
        });
      }
      return result;
    });
  }

  // ---- Suggestions: the nearest words of the handbook. ----

  // The edits a word may be away from a suggestion: more for longer words.
  function allowedEdits(word) {
    return word.length < 3 ? 0 : word.length < 6 ? 1 : 2;
  }

  // Edits from a to b: insertions, deletions, substitutions, and a swap of
  // two neighbours counted as one; above `max` it stops and says max + 1.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) {
      return max + 1;
    }
    var before = null;
    var previous = [];
    for (var j = 0; j <= b.length; j++) {
      previous.push(j);
    }
    for (var i = 1; i <= a.length; i++) {
      var row = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d = Math.min(d, before[j - 2] + 1);
        }
        row.push(d);
        best = Math.min(best, d);
      }
      if (best > max) {
        return max + 1;
      }
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  // Up to three words of the handbook near `word`, nearest first, then
  // the ones in more results. They are looked for in the chunks where the
  // word would be, and where it would be with its first letters swapped or
  // its first letter gone.
  function suggest(word) {
    var max = allowedEdits(word);
    if (!max) {
      return Promise.resolve([]);
    }
    var starts = [word, word.charAt(1) + word.charAt(0) + word.slice(2), word.slice(1)];
    var wanted = unique(starts.map(chunkFor));
    return Promise.all(wanted.map(loadChunk)).then(function (loaded) {
      var found = [];
      loaded.forEach(function (chunk) {
        chunk.keys.forEach(function (key) {
          if (key[1] < 0 || manifest.stop.indexOf(key[0]) !== -1) {
            return;
          }
          var d = distance(word, key[0], max);
          if (d <= max) {
            found.push({ word: key[0], edits: d, weight: chunk.stems[key[1]].length });
          }
        });
      });
      found.sort(function (a, b) {
        return a.edits - b.edits || b.weight - a.weight || (a.word < b.word ? -1 : 1);
      });
      var stems = {};
      return found
        .filter(function (f) {
          var stem = stemOf(f.word);
          var fresh = !stems[stem];
          stems[stem] = true;
          return fresh;
        })
        .slice(0, 3)
        .map(function (f) {
          return f.word;
        });
    });
  }

  // ---- Documents: kind and competency from the id alone. ----

  // The kinds by index: the order of the theme texts `kinds` and of the
  // filter's `data-kind`.
  var KINDS = ["competentie", "voorbeeld", "tip", "pagina", "gedrag", "reflectievraag"];
  // The filter buttons in reading order (the order of a competency page).
  var KIND_ORDER = [0, 4, 1, 2, 5, 3];

  // A competency page's slots: 0 the introduction, then `e` examples, `s`
  // tips, `g` behaviour indicators and `r` reflection questions.
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
    var kind = 0;
    if (slot > 0) {
      var tips = found.e + found.s;
      var indicators = tips + (found.g || 0);
      kind = slot <= found.e ? 1 : slot <= tips ? 2 : slot <= indicators ? 4 : 5;
    }
    return { page: page, slot: slot, kind: kind, competency: found };
  }

  // True if the handbook has results of the kind with this index (a
  // handbook without indicators or questions gets no filter for them).
  function hasKind(kind) {
    var key = kind === 4 ? "g" : kind === 5 ? "r" : null;
    return (
      !key ||
      manifest.competencies.some(function (c) {
        return c[key] > 0;
      })
    );
  }

  // ---- The query. ----

  // What to mark in a text: the stems and forms a query found, and the
  // stems it found inside compounds.
  function marksOf(found) {
    var marks = { words: [], stems: [], forms: [], parts: [] };
    found.forEach(function (f) {
      marks.words = marks.words.concat(f.words);
      marks.stems = marks.stems.concat(f.stems);
      marks.forms = marks.forms.concat(f.forms);
      marks.parts = marks.parts.concat(f.parts);
    });
    return marks;
  }

  // Resolves to {results, total, marks, words, missing: [{word, suggestions}]}.
  function query(text, filter, limit) {
    filter = filter || {};
    limit = limit || PAGE_SIZE;
    return loadManifest()
      .then(function () {
        return loadStemmer();
      })
      .then(function () {
        var all = words(text);
        var open = text.length > 0 && LETTER.test(Array.from(text).pop());
        var list = [];
        var tooShort = false;
        all.forEach(function (word, i) {
          var last = i === all.length - 1;
          var stop = manifest.stop.indexOf(word) !== -1;
          if (stop && !(last && open)) {
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
          list.push({ word: word, prefix: last && open, stop: stop });
        });
        var empty = { results: [], total: 0, marks: marksOf([]), words: 0, missing: [] };
        if (list.length === 0) {
          empty.tooShort = tooShort;
          return empty;
        }
        // Two words in a row may be one compound of the handbook ("buurt
        // huis"): written together, they find it as both words.
        var joined = list.slice(1).map(function (w, i) {
          return lookUp(list[i].word + w.word, w.prefix);
        });
        return Promise.all(
          list
            .map(function (w) {
              return lookUp(w.word, w.prefix);
            })
            .concat(joined)
        ).then(function (found) {
          var own = found.slice(0, list.length);
          found.slice(list.length).forEach(function (both, i) {
            join(own[i], both);
            join(own[i + 1], both);
          });
          return rank(list, own, filter, limit);
        });
      });
  }

  // Whether a result of `order` and `id` comes before `other`.
  function before(order, id, other) {
    return order > other.order || (order === other.order && id < other.id);
  }

  // Adds what a compound of two query words found to one of them.
  function join(word, compound) {
    compound.scores.forEach(function (found, doc) {
      var known = word.scores.get(doc);
      if (!known) {
        word.scores.set(doc, { score: found.score, exact: found.exact });
      } else {
        known.score = Math.max(known.score, found.score);
        known.exact = known.exact || found.exact;
      }
    });
    ["words", "stems", "forms", "parts"].forEach(function (key) {
      word[key] = word[key].concat(compound[key]);
    });
  }

  // The results of the looked-up words: those that match the most words
  // first, then those that have more of them as words of their own (not
  // inside a compound), then by score.
  function rank(list, found, filter, limit) {
    // Per result: {score: the sum, matched: words, exact: words as such}.
    var all = new Map();
    var missing = [];
    found.forEach(function (f, i) {
      if (!f.scores.size && !list[i].stop) {
        missing.push(f.word);
      }
      f.scores.forEach(function (one, doc) {
        var sum = all.get(doc);
        if (!sum) {
          sum = { score: 0, matched: 0, exact: 0 };
          all.set(doc, sum);
        }
        sum.score += one.score;
        sum.matched += 1;
        sum.exact += one.exact ? 1 : 0;
      });
    });
    // One number per result orders it (a word may score up to 255 and
    // counts at most 64 times), and only the best `limit` are kept in
    // order: a short prefix matches thousands of results.
    var filtered = (filter.kind !== undefined && filter.kind !== null) || filter.competency;
    var total = 0;
    var best = [];
    all.forEach(function (sum, id) {
      if (filtered) {
        var d = describe(id);
        if (filter.kind !== undefined && filter.kind !== null && d.kind !== filter.kind) {
          return;
        }
        if (filter.competency && (!d.competency || d.competency.n !== filter.competency)) {
          return;
        }
      }
      total += 1;
      var order = (sum.matched * 64 + sum.exact) * 1e5 + sum.score;
      if (best.length === limit && !before(order, id, best[limit - 1])) {
        return;
      }
      var at = best.length;
      while (at > 0 && before(order, id, best[at - 1])) {
        at -= 1;
      }
      best.splice(at, 0, { order: order, id: id });
      if (best.length > limit) {
        best.pop();
      }
    });
    var top = best.map(function (b) {
      var d = describe(b.id);
      d.id = b.id;
      var sum = all.get(b.id);
      d.score = sum.score;
      d.matched = sum.matched;
      d.exact = sum.exact;
      return d;
    });
    var wantedPages = unique(
      top.map(function (d) {
        return d.page;
      })
    );
    var suggestions = Promise.all(
      missing.map(function (word) {
        return suggest(word).then(function (near) {
          return { word: word, suggestions: near };
        });
      })
    );
    return Promise.all([suggestions, Promise.all(wantedPages.map(loadPage))]).then(function (done) {
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
          inCompound: d.exact < d.matched,
        };
      });
      return {
        results: results,
        total: total,
        marks: marksOf(found),
        words: list.length,
        missing: done[0],
      };
    });
  }
  api.query = query;

  // The words of a text as the build indexes them: [form, stem], with a
  // null stem for a stop word (for the tests that hold the two to one).
  api.analyse = function (text) {
    return Promise.all([loadManifest(), loadStemmer()]).then(function () {
      return words(text).map(function (word) {
        return [word, manifest.stop.indexOf(word) !== -1 ? null : stemOf(word)];
      });
    });
  };

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

  // The address of a result, with the words to mark on arrival: the words
  // searched for (`gezocht`) and the stems found inside compounds (`deel`).
  function href(result, marks) {
    var path = result.path;
    if (location.protocol === "file:" && (path === "" || path.slice(-1) === "/")) {
      path += "index.html";
    }
    var url = root + path;
    var searched = unique(marks.words.concat(marks.forms));
    var query = [];
    if (searched.length) {
      query.push("gezocht=" + encodeURIComponent(searched.join(" ")));
    }
    if (marks.parts.length) {
      query.push("deel=" + encodeURIComponent(unique(marks.parts).join(" ")));
    }
    if (query.length) {
      url += "?" + query.join("&");
    }
    if (result.anchor) {
      url += "#" + encodeURIComponent(result.anchor);
    }
    return url;
  }
  api.href = href;

  // ---- Marking words in text. ----

  // Whether a folded word is one the query found: one of its stems or
  // forms, or a compound that holds one of the stems it found in compounds.
  function marker(marks) {
    var stems = {};
    var forms = {};
    marks.stems.forEach(function (s) {
      stems[s] = true;
    });
    marks.forms.forEach(function (f) {
      forms[f] = true;
    });
    return function (word) {
      if (!word) {
        return false;
      }
      if (forms[word] || stems[stemOf(word)]) {
        return true;
      }
      return marks.parts.some(function (part) {
        return word.length >= part.length + 4 && word.indexOf(part) !== -1;
      });
    };
  }

  var WORD = /[\p{Alphabetic}\p{N}\p{M}]+(?:['\u2019][\p{Alphabetic}\p{N}\p{M}]+)*/gu;

  // Splits `text` into [piece, isMatch] by `marked` (a marker).
  function pieces(text, marked) {
    var out = [];
    var last = 0;
    var m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) {
      if (marked(words(m[0])[0])) {
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

  function appendMarked(parent, text, marked, className) {
    pieces(text, marked).forEach(function (piece) {
      if (piece[1]) {
        var mark = element("mark", className, piece[0]);
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(piece[0]));
      }
    });
  }

  // About 170 characters around the first matched word; a short text is
  // shown whole, and a word near the end gets the text before it.
  function snippet(text, marked) {
    if (!text) {
      return "";
    }
    var m;
    var at = 0;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) {
      if (marked(words(m[0])[0])) {
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
    var searched = words(wanted);
    var marked = marker({
      stems: searched.map(stemOf),
      forms: searched,
      parts: words(params.get("deel") || ""),
    });
    var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) {
      var parent = walker.currentNode.parentNode;
      if (parent && !/^(SCRIPT|STYLE|MARK)$/.test(parent.nodeName)) {
        nodes.push(walker.currentNode);
      }
    }
    var count = 0;
    nodes.forEach(function (node) {
      if (count > 300) {
        return;
      }
      var parts = pieces(node.nodeValue, marked);
      if (parts.length === 1 && !parts[0][1]) {
        return;
      }
      count += parts.length;
      var fragment = document.createDocumentFragment();
      appendMarked(fragment, node.nodeValue, marked, "search-hit");
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
    var labels = (words.kindsOnly || "").split("|");
    [""].concat(KIND_ORDER).forEach(function (kind) {
      var label = kind === "" ? words.all : labels[kind];
      if (!label) {
        return;
      }
      var button = kinds.appendChild(element("button", null, label));
      button.type = "button";
      button.setAttribute("data-kind", String(kind));
      button.setAttribute("aria-pressed", String(kind === ""));
      // Shown once the manifest says the handbook has such results.
      button.hidden = kind === 4 || kind === 5;
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
      var marked = marker(found.marks);
      found.results.forEach(function (result) {
        var link = list.appendChild(element("li")).appendChild(element("a", "search-result"));
        link.href = href(result, found.marks);
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
        appendMarked(link.appendChild(element("span", "search-title")), result.title, marked);
        appendMarked(
          link.appendChild(element("span", "search-snippet")),
          snippet(result.text, marked),
          marked
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
      (found.missing || []).forEach(function (miss) {
        offer(miss, found.total > 0);
      });
    }

    // After the status: a word that found nothing, and the nearest words
    // of the handbook as buttons that search for them instead.
    function offer(miss, say) {
      var words = form.dataset;
      if (say) {
        status.appendChild(document.createTextNode(" " + (words.missing || "").replace("{q}", miss.word)));
      }
      if (!miss.suggestions.length) {
        return;
      }
      status.appendChild(document.createTextNode(" " + (words.suggest || "") + " "));
      miss.suggestions.forEach(function (word, i) {
        var button = element("button", "search-suggestion", word);
        button.type = "button";
        button.addEventListener("click", function () {
          replaceWord(miss.word, word);
          input.focus();
          run();
        });
        if (i) {
          status.appendChild(document.createTextNode(", "));
        }
        status.appendChild(button);
      });
      status.appendChild(document.createTextNode("?"));
    }

    // Puts `word` in the search field where `missing` was typed.
    function replaceWord(missing, word) {
      var value = input.value;
      var m;
      WORD.lastIndex = 0;
      while ((m = WORD.exec(value)) !== null) {
        if (words(m[0])[0] === missing) {
          input.value = value.slice(0, m.index) + word + value.slice(m.index + m[0].length);
          return;
        }
      }
      input.value = word;
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
    // The kinds the handbook has results of.
    function showKinds() {
      kindButtons.forEach(function (button) {
        var kind = button.dataset.kind;
        button.hidden = kind !== "" && !hasKind(Number(kind));
      });
    }
    loadManifest().then(function () {
      addCompetencyFilter();
      showKinds();
    }, function () {});
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
      var links = Array.prototype.slice.call(panel.querySelectorAll(".search-suggestion, .search-list a"));
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

  loadStemmer().then(markArrival, function () {});
  ui();
})();
