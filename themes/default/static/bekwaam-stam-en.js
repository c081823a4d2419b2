// Bekwaam search: the English Snowball stemmer (Porter2, Snowball 3.x),
// written from english.sbl. It must stem as the build does:
// tests/browser/stemmers.js checks it against the Snowball test vocabulary.
(function (host) {
  "use strict";

  var VOWEL = "aeiouy";
  var w, p1, p2; // the word, and where its regions R1 and R2 begin

  // Whether the letter at i is in set, or exists and is not; whether the
  // text just before position i is s; replace everything from i on with s.
  function has(set, i) { return i >= 0 && i < w.length && set.indexOf(w.charAt(i)) >= 0; }
  function non(set, i) { return i >= 0 && i < w.length && set.indexOf(w.charAt(i)) < 0; }
  function is(s, i) { return i >= s.length && w.slice(i - s.length, i) === s; }
  function to(i, s) { w = w.slice(0, i) + s; return true; }
  function R1(i) { return p1 <= i; }
  function R2(i) { return p2 <= i; }

  // table({"a b": x}) maps the suffixes (or words) a and b to x.
  function table(spec) {
    var t = Object.create(null);
    Object.keys(spec).forEach(function (keys) {
      keys.split(" ").forEach(function (key) { t[key] = spec[keys]; });
    });
    return t;
  }

  // Finds the longest suffix of the word in t; when the suffix begins in the
  // region (a test such as R1), applies its rule: a replacement, or a
  // function of where the suffix begins.
  function step(t, region) {
    for (var n = w.length > 7 ? 7 : w.length; n > 0; n--) {
      var rule = t[w.slice(-n)], b = w.length - n;
      if (rule !== undefined) return region(b) && (typeof rule === "string" ? to(b, rule) : rule(b));
    }
    return false;
  }
  function anywhere() { return true; }

  // Words the rules would get wrong, and their stems.
  var EXCEPTIONS = table({
    skis: "ski", skies: "sky", idly: "idl", gently: "gentl", ugly: "ugli", early: "earli",
    only: "onli", singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas",
    cosmos: "cosmos", bias: "bias", andes: "andes"
  });

  // A short syllable ends at i: consonant, vowel, consonant other than w, x
  // or Y; or vowel, consonant at the start of the word; or "past".
  function shortv(i) {
    return (non(VOWEL + "wxY", i - 1) && has(VOWEL, i - 2) && non(VOWEL, i - 3)) ||
      (non(VOWEL, i - 1) && has(VOWEL, i - 2) && i === 2) || is("past", i);
  }

  // The position after the first consonant that follows a vowel, from i on.
  function pastVC(i) {
    while (i < w.length && !has(VOWEL, i)) i++;
    while (has(VOWEL, i)) i++;
    return i < w.length ? i + 1 : w.length;
  }

  // Step 1a: -s, -ies, -sses and the like.
  var step1a = table({
    sses: "ss",
    "ied ies": function (b) { return to(b, b > 1 ? "i" : "ie"); },
    s: function (b) { return /[aeiouy]/.test(w.slice(0, b - 1)) && to(b, ""); },
    "us ss": anywhere
  });

  // Step 1b: -eed, -ed, -ing, -edly, -ingly. After -ed or -ing goes, the word
  // may get an e back ("hoped" -> "hope", "conflated" -> "conflate") or lose
  // a double consonant ("hopping" -> "hop").
  function step1b() {
    // The leftmost match is the longest suffix.
    var s = /(eedly|ingly|edly|eed|ing|ed)$/.exec(w), b, head, end;
    if (!s) return;
    s = s[1];
    b = w.length - s.length;
    head = w.slice(0, b);
    if (s.slice(0, 3) === "eed") {
      if (R1(b) && !/^(proc|exc|succ)$/.test(head)) to(b, "ee");
      return;
    }
    if (s === "ing") {
      if (/^[^aeiouy]y$/.test(head)) return to(b - 1, "ie");
      if (/^(inn|out|cann|herr|earr|even)$/.test(head)) return;
    }
    if (!/[aeiouy]/.test(head)) return;
    to(b, "");
    end = w.slice(-2);
    if (end === "at" || end === "bl" || end === "iz") {
      w += "e";
    } else if (/^(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(end)) {
      if (!/^[aeo]..$/.test(w)) to(w.length - 1, "");
    } else if (w.length === p1 && shortv(w.length)) {
      w += "e";
    }
  }

  var step2 = table({
    tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", "izer ization": "ize",
    "ational ation ator": "ate", "alism aliti alli": "al", "fulness fulli": "ful",
    "ousli ousness": "ous", "iveness iviti": "ive", "biliti bli": "ble", ogist: "og", lessli: "less",
    ogi: function (b) { return is("l", b) && to(b, "og"); },
    li: function (b) { return has("cdeghkmnrt", b - 1) && to(b, ""); }
  });
  var step3 = table({
    tional: "tion", ational: "ate", alize: "al", "icate iciti ical": "ic", "ful ness": "",
    ative: function (b) { return R2(b) && to(b, ""); }
  });
  var step4 = table({
    "al ance ence er ic able ible ant ement ment ent ism ate iti ous ive ize": "",
    ion: function (b) { return (is("s", b) || is("t", b)) && to(b, ""); }
  });
  var step5 = table({
    e: function (b) { return (R2(b) || (R1(b) && !shortv(b))) && to(b, ""); },
    l: function (b) { return R2(b) && is("l", b) && to(b, ""); }
  });

  function stem(word) {
    var yFound, i;
    if (EXCEPTIONS[word] !== undefined) return EXCEPTIONS[word];
    if (word.length < 3) return word;
    // Prelude: no leading apostrophe; a y at the start or after a vowel is a
    // consonant, marked Y until the end.
    w = word.charAt(0) === "'" ? word.slice(1) : word;
    for (i = 0; i < w.length; i++) {
      if (w.charAt(i) === "y" && (i === 0 || has(VOWEL, i - 1))) {
        w = w.slice(0, i) + "Y" + w.slice(i + 1);
        yFound = true;
      }
    }
    // R1 begins after the first consonant that follows a vowel (or after
    // one of these prefixes), R2 after the next such consonant.
    i = /^(gener|commun|arsen|past|univers|later|emerg|organ|inter)/.exec(w);
    p1 = i ? i[0].length : pastVC(0);
    p2 = pastVC(p1);

    to(w.length - (/'s'$/.test(w) ? 3 : /'s$/.test(w) ? 2 : /'$/.test(w) ? 1 : 0), "");
    step(step1a, anywhere);
    step1b();
    // Step 1c: a final y after a consonant that is not the first letter is i.
    if (/[yY]$/.test(w) && w.length > 2 && non(VOWEL, w.length - 2)) to(w.length - 1, "i");
    step(step2, R1);
    step(step3, R1);
    step(step4, R2);
    step(step5, anywhere);
    return yFound ? w.replace(/Y/g, "y") : w;
  }

  var api = host.bekwaamSearch || (host.bekwaamSearch = {});
  (api.stemmers || (api.stemmers = {})).en = stem;
})(typeof window !== "undefined" ? window : globalThis);
