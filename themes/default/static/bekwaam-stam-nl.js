// Bekwaam search: the Dutch Snowball stemmer of Snowball 3.0 and later
// (Kraaij-Pohlmann), written from dutch.sbl, and after it Bekwaam's own rules
// (`nl`; the bare algorithm is `nlSnowball`). It must stem as the build
// does: tests/browser/stemmers.js checks the algorithm against the Snowball
// test vocabulary, and the browser tests the whole against the build.
(function (host) {
  "use strict";

  var A = "aäáàâ", E = "eëéèê", AIOU = A + "iïíìîoöóòôuüúùû";
  var AEIOU = AIOU + E, VOWEL = AEIOU + "y";
  var w, p1, p2; // the word, and where its regions R1 and R2 begin

  // The letter at i is in set, or exists and is not; the text before i is s.
  function has(set, i) { return i >= 0 && i < w.length && set.indexOf(w.charAt(i)) >= 0; }
  function non(set, i) { return i >= 0 && i < w.length && set.indexOf(w.charAt(i)) < 0; }
  function is(s, i) { return i >= s.length && w.slice(i - s.length, i) === s; }

  // Before i: V a vowel or "ij", C a consonant but not "ij".
  function V(i) { return has(VOWEL, i - 1) || is("ij", i); }
  function C(i) { return !is("ij", i) && non(VOWEL, i - 1); }
  function R1(i) { return p1 <= i; }

  // Replace everything from i on with s; insert s at i.
  function to(i, s) { w = w.slice(0, i) + s; return true; }
  function ins(i, s) { w = w.slice(0, i) + s + w.slice(i); return true; }

  // lengthen_V: a single vowel before the final consonant is doubled
  // ("mak" -> "maak"); "eë" and "ië" become "eëe" and "iee". An e is not
  // doubled after a consonant that follows a, i, o, u ("avel") or a first e
  // ("evel"), nor after consonant, a/i/o/u, letter, consonant ("postel").
  function lengthen() {
    var k = w.length - 2, m = non(AEIOU, k - 1) ? k - 1 : k ? -1 : 0;
    if (!non(VOWEL + "wx", k + 1)) return true;
    if (is("eë", k + 1)) return ins(k + 1, "e");
    if (is("ië", k + 1)) return to(k, "ee" + w.slice(k + 1));
    if (m >= 0 && (has(A + "oöóòôuüúùû", k) || (has("eéèê", k) && !has(AIOU, m - 1) &&
        !(m === 1 && has(E, 0)) && !(has(AIOU, m - 2) && non(AEIOU, m - 3))))) {
      ins(k, w.charAt(k));
    }
    return true;
  }

  // Rules for a suffix at b. r1: in R1 (after a consonant if c) it becomes s,
  // then lengthen_V if len. r0: always; r1v: after a vowel; r2: in R2.
  function r1(s, c, len) {
    return function (b) { return R1(b) && (!c || C(b)) && to(b, s) && (!len || lengthen()); };
  }
  function r0(s) { return function (b) { return to(b, s); }; }
  function r1v(s) { return function (b) { return R1(b) && V(b) && to(b, s); }; }
  function r2(s) { return function (b) { return p2 <= b && to(b, s) && lengthen(); }; }
  var drop = r1(""), dropC = r1("", 1), dropL = r1("", 0, 1), dropCL = r1("", 1, 1), toE = r1("e", 1);

  // table("a b", f, "c", g) maps the suffixes a and b to f, c to g.
  function table() {
    var t = Object.create(null), i, j, keys;
    for (i = 0; i < arguments.length; i += 2) {
      keys = arguments[i].split(" ");
      for (j = 0; j < keys.length; j++) t[keys[j]] = arguments[i + 1];
    }
    return t;
  }

  // Applies the rule of the longest suffix in t (false if none, or it fails).
  function step(t) {
    for (var n = w.length > 8 ? 8 : w.length; n > 0; n--) {
      if (t[w.slice(-n)]) return t[w.slice(-n)](w.length - n);
    }
    return false;
  }

  // Step 1: plurals and inflections.
  var step1 = table(
    "'s", r0(""), "ies", r1("ie"), "és", r1("é"), "aus", r1v("au"), "nde", r0("nd"),
    "s", function (b) { return R1(b) && !(is("t", b) && R1(b - 1)) && C(b) && to(b, ""); },
    "es", function (b) {
      if (is("ar", b) && R1(b - 2) && C(b - 2)) return to(b, "") && lengthen();
      return is("er", b) && R1(b - 2) && C(b - 2) ? to(b, "") : toE(b);
    },
    "en", function (b) {
      if (is("hed", b) && R1(b - 3)) return to(b - 3, "heid");
      if (is("nd", b)) return to(b, "");
      if (is("d", b) && R1(b - 1) && C(b - 1)) return to(b - 1, "");
      return (is("i", b) || is("j", b)) && V(b - 1) ? to(b, "") : dropCL(b);
    }
  );

  // Step 2: diminutives and adjective endings.
  var step2 = table(
    "je", function (b) {
      if (is("'t", b)) return to(b - 2, "");
      if (is("et", b) && R1(b - 2) && C(b - 2)) return to(b - 2, "");
      if (is("rnt", b)) return to(b - 3, "rn");
      if (is("t", b) && R1(b - 1) && V(b - 2)) return to(b - 1, "");
      if (is("ink", b)) return to(b - 3, "ing");
      if (is("mp", b)) return to(b - 2, "m");
      return is("'", b) && R1(b - 1) ? to(b - 1, "") : dropC(b);
    },
    "ge", r1("g"), "lijke", r1("lijk"), "ische", r1("isch"), "de", dropC, "te", r1("t"),
    "se", r1("s"), "re", r1("r"), "le", r1("l", 0, 1), "ene", r1("en", 1, 1), "ieve", r1("ief", 1)
  );

  // Step 3: derivations; "schilderij" (painting) keeps apart from "schild".
  var step3 = table(
    "atie", r1("eer"), "iteit", dropL, "heid sel ster", drop, "rder", r0("r"),
    "ing isme erij", function (b) { return is("ild", b) ? to(b, "er") : dropL(b); },
    "arij", r1("aar", 1), "fie", r2("f"), "gie", r2("g"), "tst", r1("t", 1), "dst", r1("d", 1)
  );

  // Step 4: adjective suffixes; when none applies, -ig(er/st), but "innig"
  // (intimate) keeps apart from "in".
  var step4 = table(
    "ioneel", r1("ie"), "atief", r1("eer"), "baar", drop, "tant", r1("teer"),
    "naar", r1v("n"), "laar", r1v("l"), "raar", r1v("r"), "lijker lijkst", r1("lijk"),
    "achtig achtiger achtigst", drop, "eriger erigst erig end", dropCL
  );
  var step4ig = table("iger igst ig", function (b) { return !(b === 3 && is("inn", 3)) && dropCL(b); });

  // After the first run of vowels (and "ij") from i. R1 begins after the
  // consonant that follows the first run, R2 after the one after the next.
  function pastVowels(i) {
    while (i < w.length && !has(VOWEL, i)) i++;
    while (has(VOWEL, i)) i += is("ij", i + 2) ? 2 : 1;
    return i;
  }
  function measure() {
    p1 = p2 = w.length;
    var i = pastVowels(0);
    if (i < w.length) p1 = i + 1;
    i = pastVowels(p1);
    if (i < w.length) p2 = i + 1;
  }

  // Removes "ge" at i before 3 letters or more with a vowel not at the end;
  // "ë" or "ï" at i + skip loses its diaeresis. The prefix stays in "geeft"
  // and forms of "gevaar" and "geval" (not "gevalideerd").
  function loseGe(i, skip) {
    if (i < 0 || w.length - i < 5 || pastVowels(i + 2) >= w.length) return false;
    w = w.slice(0, i) + w.slice(i + 2);
    i += skip;
    if (has("ëï", i)) w = w.slice(0, i) + (w.charAt(i) === "ë" ? "e" : "i") + w.slice(i + 1);
    return true;
  }
  function losePrefix() {
    var rest = w.slice(2, 6);
    if (w.slice(0, 2) !== "ge") return false;
    return rest === "vali" ? loseGe(0, 4) : !/^(eft|val|vaa|vare)/.test(rest) && loseGe(0, 0);
  }

  // Step 1c, after a removed ge-: a final d or t in R1 after a consonant goes,
  // but not after n or h in R1; "geïnd" gives "inn", "geënt" keeps "ent".
  function step1c() {
    var b = w.length - 1, c = w.charAt(b);
    if ((c !== "d" && c !== "t") || !R1(b) || !C(b)) return;
    if (!(is(c === "d" ? "n" : "h", b) && R1(b - 1)) && w !== "ent") to(b, w === "ind" ? "n" : "");
  }

  function afterGe() { measure(); step1c(); return true; }

  // Step 6: a double consonant at the end becomes single ("inn" stays);
  // a final v becomes f, z becomes s.
  function step6() {
    var n = w.length, c = w.charAt(n - 1);
    if (n > 1 && w.charAt(n - 2) === c && "bcdfghjklmnpqrstvwxz".indexOf(c) >= 0) {
      if (w !== "inn") to(n - 1, "");
    } else if (c === "v" || c === "z") {
      to(n - 1, c === "v" ? "f" : "s");
    }
  }

  function stem(word) {
    w = word;
    measure();
    var stemmed = step(step1);
    stemmed = step(step2) || stemmed;
    stemmed = step(step3) || stemmed;
    stemmed = step(step4) || step(step4ig) || stemmed;
    if (losePrefix()) stemmed = afterGe();
    if (loseGe(w.indexOf("ge", 1), 0)) stemmed = afterGe(); // "opgenomen"
    if (/[kfp]t$/.test(w)) stemmed = to(w.length - 1, ""); // Step 7
    if (stemmed) step6();
    return w;
  }

  // ---- Bekwaam's rules after Snowball: a port of dutch_stem in
  // src/search/analyse.rs, rule for rule (see its documentation). ----

  function list(text) {
    var map = {};
    text.split(" ").forEach(function (pair) {
      var two = pair.split(":");
      map[two[0]] = two[1] || two[0];
    });
    return map;
  }
  var IRREGULAR = list(
    "kinderen:kind steden:stad schepen:schip eieren:ei bladeren:blad liederen:lied " +
      "volkeren:volk gebeden:gebed centra:centrum wijkcentra:wijkcentrum dagen:dag " +
      "ideeen:idee vertrouwelijk:vertrouwen vertrouwelijke:vertrouwen " +
      "vertrouwelijkheid:vertrouwen betrokkene:betrokken betrokkenen:betrokken " +
      "betrokkenheid:betrokken clients:client reageert:reageer professioneel:professionele " +
      "inkomens:inkomen budgetje:budget"
  );
  var OWN = list(
    "werking werkingen:werking planning planningen:planning krachtig krachtige:krachtig " +
      "jongen jongens:jongen gemeen gemene:gemeen raadsel raadsels:raadsel open"
  );
  var KEEP_GE = "gebied geduld gemeent gezond geweld gericht geschikt geleid".split(" ");

  function vowel(c) {
    return "aeiouy".indexOf(c) >= 0 && c !== "";
  }
  // Lengths are compared in UTF-8 bytes, as the build does.
  function bytes(text) {
    return unescape(encodeURIComponent(text)).length;
  }
  function starts(text, begin) {
    return text.slice(0, begin.length) === begin;
  }

  // A form that ends as a participle does: -d or -t, perhaps inflected.
  function participle(form) {
    var bare = /en$/.test(form) ? form.slice(0, -2) : /e$/.test(form) ? form.slice(0, -1) : form;
    return /[dt]$/.test(bare);
  }

  // Snowball's stem, keeping a "ge" that belongs to the word (gezin).
  function keepingGe(form) {
    var stemmed = stem(form);
    if (starts(form, "bege") && !starts(stemmed, "bege")) {
      return "be" + keepingGe(form.slice(2));
    }
    var keep = KEEP_GE.some(function (begin) {
      return starts(form, begin);
    });
    if (starts(form, "ge") && !starts(stemmed, "ge") && (!participle(form) || keep)) {
      return "ge" + stem(form.slice(2));
    }
    return stemmed;
  }

  function bekwaam(form) {
    if (OWN.hasOwnProperty(form)) {
      return OWN[form];
    }
    form = IRREGULAR.hasOwnProperty(form) ? IRREGULAR[form] : form;
    var result = keepingGe(form);
    // mens, kans: Snowball took the s that their plurals keep.
    if (/ns$/.test(form) && bytes(result) + 1 === bytes(form)) {
      result = form;
    }
    // The verb ending -t: the rest is stemmed again.
    var rest = result.slice(0, -1);
    var last = Array.from(rest).pop() || "";
    if (/t$/.test(result) && bytes(rest) > 3 && !vowel(last) && last !== "t") {
      result = keepingGe(rest);
    }
    var c = Array.from(result);
    var n = c.length;
    // An adjective's e goes (eenzame, grote), and grot is groot again.
    if (n > 3 && c[n - 1] === "e" && !vowel(c[n - 2])) {
      c.pop();
      n = c.length;
      if (n >= 3 && !vowel(c[n - 1]) && "aeou".indexOf(c[n - 2]) >= 0 && !vowel(c[n - 3])) {
        c.splice(n - 1, 0, c[n - 2]);
      }
    }
    if (c.length > 5 && c.slice(-3).join("") === "bar") {
      c.length -= 3;
    }
    n = c.length;
    if (n >= 4 && c[n - 1] === "d" && !vowel(c[n - 2])) {
      c.pop();
    }
    // A doubled vowel before the last consonant, after an earlier vowel.
    while (
      (n = c.length) >= 4 &&
      !vowel(c[n - 1]) &&
      c[n - 2] === c[n - 3] &&
      "aeou".indexOf(c[n - 2]) >= 0 &&
      c.slice(0, n - 3).some(vowel)
    ) {
      c.splice(n - 2, 1);
    }
    n = c.length;
    if (n >= 3 && c[n - 1] === c[n - 2] && "aou".indexOf(c[n - 1]) >= 0) {
      c.pop();
    }
    n = c.length;
    if (n >= 4 && c[n - 1] === c[n - 2] && !vowel(c[n - 1])) {
      c.pop();
    }
    n = c.length;
    if (c[n - 1] === "v" || c[n - 1] === "z") {
      c[n - 1] = c[n - 1] === "v" ? "f" : "s";
    }
    return c.join("");
  }

  var api = host.bekwaamSearch || (host.bekwaamSearch = {});
  var stemmers = api.stemmers || (api.stemmers = {});
  stemmers.nlSnowball = stem;
  stemmers.nl = bekwaam;
})(typeof window !== "undefined" ? window : globalThis);
