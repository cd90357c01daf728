// Offline search. The index (sok/indeks.js) holds each page's stems; the query is
// stemmed with the same Snowball algorithm for Norwegian as the build used
// (src/render/search/stem.rs), so "barnevernet" also finds "barnevernets".
// tests/node/stemmer.test.mjs loads this file outside a browser: there it only
// hands over the stemmer and the search, through module.exports.
(function (root) {
  "use strict";

  var VOWELS = "aeiouyæåø";
  var S_ENDING = "bcdfghjlmnoprtvyz";
  var MAIN = [
    ["hetenes"], ["hetene"], ["hetens"], ["heten"], ["heter"], ["endes"], ["ande"], ["ende"],
    ["edes"], ["enes"], ["erte", "er"], ["ede"], ["ane"], ["ene"], ["ens"], ["ers"], ["ets"],
    ["het"], ["ast"], ["ert", "er"], ["en"], ["ar"], ["er"], ["as"], ["es"], ["et"], ["a"], ["e"], ["s"]
  ];
  var OTHER = ["hetslov", "eleg", "elig", "elov", "slov", "leg", "eig", "lig", "els", "lov", "ig"];
  // The letters a one-letter typo may have dropped or swapped in.
  var LETTERS = Array.from("abcdefghijklmnopqrstuvwxyzæøå");
  // Shorter words are left as typed: one letter off makes too many other words.
  var TYPO_MIN_LETTERS = 5;

  // Suffixes as arrays of letters, made once: stemming runs for every candidate of a
  // typo, hundreds per word.
  MAIN = MAIN.map(function (m) { return [Array.from(m[0]), m[1] ? Array.from(m[1]) : null]; });
  OTHER = OTHER.map(function (o) { return Array.from(o); });
  var END_DT = Array.from("dt");
  var END_VT = Array.from("vt");

  function isVowel(c) { return VOWELS.indexOf(c) >= 0; }
  function r1(w) {
    if (w.length < 3) return w.length;
    var v = -1;
    for (var i = 0; i < w.length; i++) if (isVowel(w[i])) { v = i; break; }
    if (v < 0) return w.length;
    for (var j = v; j < w.length; j++) if (!isVowel(w[j])) return Math.max(j + 1, 3);
    return w.length;
  }
  // Whether the letters `w` end with the letters `s`, and the ending starts in R1.
  function endsInR1(w, s, p1) {
    var start = w.length - s.length;
    if (start < p1) return false;
    for (var i = 0; i < s.length; i++) if (w[start + i] !== s[i]) return false;
    return true;
  }
  function stem(word) {
    var w = Array.from(word);
    var p1 = r1(w);
    var i;
    for (i = 0; i < MAIN.length; i++) {
      var s = MAIN[i][0];
      if (endsInR1(w, s, p1)) {
        var start = w.length - s.length;
        if (s.length === 1 && s[0] === "s") {
          var before = w[start - 1];
          var kAfterConsonant = before === "k" && start >= 2 && !isVowel(w[start - 2]);
          if ((before && S_ENDING.indexOf(before) >= 0) || kAfterConsonant) w.length = start;
        } else {
          w.length = start;
          if (MAIN[i][1]) w = w.concat(MAIN[i][1]);
        }
        break;
      }
    }
    if (endsInR1(w, END_DT, p1) || endsInR1(w, END_VT, p1)) w.length -= 1;
    for (i = 0; i < OTHER.length; i++) {
      if (endsInR1(w, OTHER[i], p1)) { w.length -= OTHER[i].length; break; }
    }
    return w.join("");
  }

  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  }

  // Every word one typo away from `word`: a letter dropped, two neighbours swapped, a
  // letter changed or added. About 60 per letter of the word, whatever the index's
  // size, each looked up in the index rather than compared with every term.
  function edits(word) {
    var w = Array.from(word);
    var n = w.length;
    // heads[i]: the first i letters; tails[i]: the letters from i on.
    var heads = [""], tails = [];
    for (var i = 0; i < n; i++) heads.push(heads[i] + w[i]);
    tails[n] = "";
    for (var j = n - 1; j >= 0; j--) tails[j] = w[j] + tails[j + 1];
    var out = Object.create(null);
    for (i = 0; i <= n; i++) {
      if (i < n) {
        out[heads[i] + tails[i + 1]] = true;
        if (i + 1 < n) out[heads[i] + w[i + 1] + w[i] + tails[i + 2]] = true;
      }
      for (var k = 0; k < LETTERS.length; k++) {
        var c = LETTERS[k];
        if (i < n && c !== w[i]) out[heads[i] + c + tails[i + 1]] = true;
        out[heads[i] + c + tails[i]] = true;
      }
    }
    delete out[word];
    return Object.keys(out);
  }

  // A search over one index: finds the pages that hold every word of the query
  // (its stem, a term it begins, or else, for a word of five letters or more, a
  // word one typo away), pages whose title holds every word first, then by weight.
  function makeSearch(index) {
    var keys = Object.keys(index.terms);
    var has = function (term) { return Object.prototype.hasOwnProperty.call(index.terms, term); };
    var titles = null;

    function termsFor(word) {
      var s = stem(word);
      var found = keys.filter(function (t) { return t === s || (s.length >= 3 && t.indexOf(s) === 0); });
      if (found.length === 0 && Array.from(word).length >= TYPO_MIN_LETTERS && /^\p{L}+$/u.test(word)) {
        var seen = Object.create(null);
        edits(word).forEach(function (e) {
          var es = stem(e);
          if (!seen[es] && has(es)) { seen[es] = true; found.push(es); }
        });
      }
      return { stem: s, terms: found };
    }

    return function (query) {
      var matches = words(query).map(termsFor);
      if (matches.length === 0) return null;
      var scores = null;
      matches.forEach(function (m) {
        var found = Object.create(null);
        m.terms.forEach(function (term) {
          index.terms[term].forEach(function (hit) {
            found[hit[0]] = (found[hit[0]] || 0) + hit[1] * (term === m.stem ? 2 : 1);
          });
        });
        if (scores === null) { scores = found; return; }
        var both = Object.create(null);
        Object.keys(scores).forEach(function (page) {
          if (found[page]) both[page] = scores[page] + found[page];
        });
        scores = both;
      });
      if (titles === null) titles = index.pages.map(function (p) { return words(p.t).map(stem); });
      var hits = Object.keys(scores).map(function (page) {
        var n = Number(page);
        var inTitle = matches.every(function (m) {
          return titles[n].some(function (t) { return m.terms.indexOf(t) >= 0; });
        });
        return { page: n, score: scores[page], title: inTitle };
      }).sort(function (a, b) {
        return (b.title - a.title) || (b.score - a.score) || (a.page - b.page);
      });
      var terms = Object.create(null);
      matches.forEach(function (m) { m.terms.forEach(function (t) { terms[t] = true; }); });
      return { hits: hits, terms: terms };
    };
  }

  if (typeof module === "object" && module && module.exports) {
    module.exports = { stem: stem, words: words, edits: edits, makeSearch: makeSearch };
    return;
  }
  root.veiviserStem = stem;

  var data = root.veiviserSok;
  var form = document.querySelector(".search-form");
  var input = document.getElementById("sok");
  var out = document.getElementById("sokeresultat");
  if (!data || !form || !input || !out) return;
  var index = data.index;
  var search = makeSearch(index);
  var base = "../";

  // The text with each word the search matched in a <mark>: built as nodes, so the
  // text is never read as HTML.
  function highlighted(text, terms) {
    var frag = document.createDocumentFragment();
    text.split(/([\p{L}\p{N}]+)/u).forEach(function (part, i) {
      if (part === "") return;
      if (i % 2 === 1 && terms[stem(part.toLowerCase())] === true) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        frag.appendChild(mark);
      } else {
        frag.appendChild(document.createTextNode(part));
      }
    });
    return frag;
  }

  function show(query) {
    var result = search(query);
    out.textContent = "";
    if (result === null) return;
    var hits = result.hits;
    var summary = document.createElement("p");
    summary.className = "search-summary";
    summary.textContent = hits.length === 0 ? form.getAttribute("data-none")
      : hits.length + " " + form.getAttribute("data-hits");
    out.appendChild(summary);
    if (hits.length === 0) return;
    var list = document.createElement("ol");
    list.className = "search-list";
    hits.slice(0, 50).forEach(function (hit) {
      var page = index.pages[hit.page];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = page.h || base + page.p;
      link.appendChild(highlighted(page.t, result.terms));
      item.appendChild(link);
      if (page.x) {
        var excerpt = document.createElement("p");
        excerpt.appendChild(highlighted(page.x, result.terms));
        item.appendChild(excerpt);
      }
      list.appendChild(item);
    });
    out.appendChild(list);
  }

  var params = new URLSearchParams(root.location.search);
  if (params.get("q")) { input.value = params.get("q"); show(input.value); }
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 150);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value);
  });
})(this);
