// Bekwaam search: the Dutch Snowball stemmer from before Snowball 3.0
// (Martin Porter's, the one rust-stemmers 1.2 implements), written from
// dutch_porter.sbl. tests/browser/stemmers.js checks it against the
// Snowball test vocabulary.
(function (host) {
  "use strict";

  var VOWEL = "aeiouyè";
  var w, p1, p2, eFound; // the word, where R1 and R2 begin, whether -e went

  // Whether the letter at i is in set, or exists and is not; whether the
  // text just before position i is s; replace everything from i on with s.
  function has(set, i) { return i >= 0 && i < w.length && set.indexOf(w.charAt(i)) >= 0; }
  function non(set, i) { return i >= 0 && i < w.length && set.indexOf(w.charAt(i)) < 0; }
  function is(s, i) { return i >= s.length && w.slice(i - s.length, i) === s; }
  function to(i, s) { w = w.slice(0, i) + s; return true; }
  function set(i, c) { w = w.slice(0, i) + c + w.slice(i + 1); }

  // The position after the first consonant that follows a vowel, from i on.
  function pastVC(i) {
    while (i < w.length && !has(VOWEL, i)) i++;
    while (has(VOWEL, i)) i++;
    return i < w.length ? i + 1 : w.length;
  }

  // A final kk, dd or tt becomes single.
  function undouble() {
    if (/(kk|dd|tt)$/.test(w)) to(w.length - 1, "");
  }

  // -en (or -ene) at b goes in R1 after a consonant, but not after "gem".
  function enEnding(b) {
    if (p1 <= b && non(VOWEL, b - 1) && !is("gem", b)) {
      to(b, "");
      undouble();
    }
  }

  // A final -e goes in R1 after a consonant.
  function eEnding() {
    var b = w.length - 1;
    eFound = false;
    if (w.charAt(b) === "e" && p1 <= b && non(VOWEL, b - 1)) {
      to(b, "");
      eFound = true;
      undouble();
    }
  }

  function stem(word) {
    var i, b, s;
    // Prelude: ä á ë é ï í ö ó ü ú lose their accent (è keeps it); y at the
    // start or after a vowel, and i between vowels, are consonants, marked Y
    // and I till the end.
    w = word.replace(/[äá]/g, "a").replace(/[ëé]/g, "e").replace(/[ïí]/g, "i")
      .replace(/[öó]/g, "o").replace(/[üú]/g, "u");
    if (w.charAt(0) === "y") set(0, "Y");
    for (i = 1; i < w.length; i++) {
      if (has(VOWEL, i - 1) && w.charAt(i) === "y") set(i, "Y");
      if (has(VOWEL, i - 1) && w.charAt(i) === "i" && has(VOWEL, i + 1)) set(i, "I");
    }
    // R1 begins after the first consonant that follows a vowel, but not
    // before the fourth letter; R2 after the next such consonant.
    p1 = p2 = w.length;
    if (w.length >= 3) {
      p1 = Math.max(pastVC(0), 3);
      p2 = pastVC(pastVC(0));
    }

    // Step 1: -heden, -en, -ene, -s, -se.
    s = /(heden|ene|en|se|s)$/.exec(w);
    b = s ? w.length - s[1].length : 0;
    if (s && s[1] === "heden") {
      if (p1 <= b) to(b, "heid");
    } else if (s && s[1].charAt(0) === "e") {
      enEnding(b);
    } else if (s && p1 <= b && non(VOWEL + "j", b - 1)) {
      to(b, "");
    }
    // Step 2: -e. Step 3: -heid in R2 but not after c, then -en.
    eEnding();
    b = w.length - 4;
    if (is("heid", b + 4) && p2 <= b && !is("c", b)) {
      to(b, "");
      if (is("en", b)) enEnding(b - 2);
    }
    // Step 4: derivational suffixes in R2.
    s = /(end|ing|ig|lijk|baar|bar)$/.exec(w);
    b = s ? w.length - s[1].length : 0;
    if (s && p2 <= b && (s[1] !== "ig" || !is("e", b)) && (s[1] !== "bar" || eFound)) {
      to(b, "");
      if (s[1] === "lijk") eEnding();
      if (s[1] === "end" || s[1] === "ing") {
        if (is("ig", b) && p2 <= b - 2 && !is("e", b - 2)) to(b - 2, "");
        else undouble();
      }
    }
    // Step 5: a doubled vowel between consonants at the end becomes single.
    b = w.length - 1;
    if (non(VOWEL + "I", b) && /(aa|ee|oo|uu)$/.test(w.slice(0, b)) && non(VOWEL, b - 3)) {
      w = w.slice(0, b - 1) + w.slice(b);
    }
    return w.replace(/Y/g, "y").replace(/I/g, "i");
  }

  var api = host.bekwaamSearch || (host.bekwaamSearch = {});
  (api.stemmers || (api.stemmers = {})).nlPorter = stem;
})(typeof window !== "undefined" ? window : globalThis);
