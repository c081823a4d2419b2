// Checks one of Bekwaam's JavaScript stemmers against a list of expected stems.
//
//   node tests/browser/stemmers.js <stemmer-file> <nl|en|nlPorter> <voc.txt> <expected.txt>
//
// <voc.txt> holds one word a line. <expected.txt> is either the Snowball
// project's output.txt (the stem of each word, on the same line) or, when its
// lines contain a tab, "word<TAB>stem" lines (for instance the Rust analyser's
// stems); then every word of <voc.txt> must have a line there.
//
// The stemmer file runs in a fresh context, as a browser would run it, and
// must register only window.bekwaamSearch. Prints how many words agree and
// the first 20 that do not; exits 1 when any differ, 2 on wrong usage or
// a file that cannot be used.
"use strict";

var fs = require("fs");
var vm = require("vm");

var SHOWN = 20;

function lines(file) {
  var text = fs.readFileSync(file, "utf8").replace(/\r\n/g, "\n");
  if (text.endsWith("\n")) {
    text = text.slice(0, -1);
  }
  return text === "" ? [] : text.split("\n");
}

function loadStemmer(file, name) {
  var context = {};
  vm.runInNewContext(fs.readFileSync(file, "utf8"), context, { filename: file });
  var globals = Object.keys(context);
  if (globals.length !== 1 || globals[0] !== "bekwaamSearch") {
    throw new Error(file + " defines the globals " + globals.join(", ") + "; expected only bekwaamSearch");
  }
  var stemmers = context.bekwaamSearch.stemmers || {};
  if (typeof stemmers[name] !== "function") {
    throw new Error(file + " registers no stemmer named " + name);
  }
  return stemmers[name];
}

// The expected stem of each word of the vocabulary, in its order; a word the
// tab-separated file lacks gets null.
function expectedStems(words, file) {
  var expected = lines(file);
  if (!expected.some(function (line) { return line.indexOf("\t") >= 0; })) {
    if (expected.length !== words.length) {
      throw new Error(file + " has " + expected.length + " lines, the vocabulary " + words.length);
    }
    return expected;
  }
  var byWord = new Map();
  expected.forEach(function (line) {
    var tab = line.indexOf("\t");
    if (tab >= 0) {
      byWord.set(line.slice(0, tab), line.slice(tab + 1));
    }
  });
  return words.map(function (word) {
    return byWord.has(word) ? byWord.get(word) : null;
  });
}

function main(args) {
  if (args.length !== 4) {
    console.error("usage: node tests/browser/stemmers.js <stemmer-file> <nl|en|nlPorter> <voc.txt> <expected.txt>");
    return 2;
  }
  var stem = loadStemmer(args[0], args[1]);
  var words = lines(args[2]);
  var expected = expectedStems(words, args[3]);

  var started = process.hrtime.bigint();
  var actual = words.map(function (word) { return stem(word); });
  var ms = Number(process.hrtime.bigint() - started) / 1e6;

  var agree = 0;
  var wrong = [];
  words.forEach(function (word, i) {
    if (actual[i] === expected[i]) {
      agree += 1;
    } else {
      wrong.push(expected[i] === null
        ? word + ": missing from " + args[3]
        : word + ": got " + JSON.stringify(actual[i]) + ", expected " + JSON.stringify(expected[i]));
    }
  });
  console.log(args[1] + ": " + agree + "/" + words.length + " words agree (stemmed in " + ms.toFixed(0) + " ms)");
  wrong.slice(0, SHOWN).forEach(function (line) { console.log("  " + line); });
  if (wrong.length > SHOWN) {
    console.log("  ... and " + (wrong.length - SHOWN) + " more");
  }
  return wrong.length === 0 && words.length > 0 ? 0 : 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(error.message);
  process.exitCode = 2;
}
