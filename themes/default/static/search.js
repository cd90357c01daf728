// Offline search. The index (sok/indeks.js) holds each page's stems; the query is
// stemmed with the same Snowball algorithm for Norwegian as the build used
// (src/render/search/stem.rs), so "barnevernet" also finds "barnevernets".
(function () {
  "use strict";
  var data = window.veiviserSok;
  var form = document.querySelector(".search-form");
  var input = document.getElementById("sok");
  var out = document.getElementById("sokeresultat");
  if (!data || !form || !input || !out) return;
  var index = data.index;
  var base = "../";

  var VOWELS = "aeiouyæåø";
  var S_ENDING = "bcdfghjlmnoprtvyz";
  var MAIN = [
    ["hetenes"], ["hetene"], ["hetens"], ["heten"], ["heter"], ["endes"], ["ande"], ["ende"],
    ["edes"], ["enes"], ["erte", "er"], ["ede"], ["ane"], ["ene"], ["ens"], ["ers"], ["ets"],
    ["het"], ["ast"], ["ert", "er"], ["en"], ["ar"], ["er"], ["as"], ["es"], ["et"], ["a"], ["e"], ["s"]
  ];
  var OTHER = ["hetslov", "eleg", "elig", "elov", "slov", "leg", "eig", "lig", "els", "lov", "ig"];

  function isVowel(c) { return VOWELS.indexOf(c) >= 0; }
  function r1(w) {
    if (w.length < 3) return w.length;
    var v = -1;
    for (var i = 0; i < w.length; i++) if (isVowel(w[i])) { v = i; break; }
    if (v < 0) return w.length;
    for (var j = v; j < w.length; j++) if (!isVowel(w[j])) return Math.max(j + 1, 3);
    return w.length;
  }
  function endsWith(w, s) {
    return w.length >= s.length && w.slice(w.length - s.length).join("") === s;
  }
  function stem(word) {
    var w = Array.from(word);
    var p1 = r1(w);
    var inR1 = function (len) { return w.length >= len && w.length - len >= p1; };
    var i;
    for (i = 0; i < MAIN.length; i++) {
      var s = Array.from(MAIN[i][0]);
      if (endsWith(w, MAIN[i][0]) && inR1(s.length)) {
        var start = w.length - s.length;
        if (MAIN[i][0] === "s") {
          var before = w[start - 1];
          var kAfterConsonant = before === "k" && start >= 2 && !isVowel(w[start - 2]);
          if ((before && S_ENDING.indexOf(before) >= 0) || kAfterConsonant) w = w.slice(0, start);
        } else {
          w = w.slice(0, start);
          if (MAIN[i][1]) w = w.concat(Array.from(MAIN[i][1]));
        }
        break;
      }
    }
    if ((endsWith(w, "dt") || endsWith(w, "vt")) && inR1(2)) w = w.slice(0, w.length - 1);
    for (i = 0; i < OTHER.length; i++) {
      var o = Array.from(OTHER[i]);
      if (endsWith(w, OTHER[i]) && inR1(o.length)) { w = w.slice(0, w.length - o.length); break; }
    }
    return w.join("");
  }
  window.veiviserStem = stem;

  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  }

  function search(query) {
    var stems = words(query).map(stem);
    if (stems.length === 0) return null;
    var scores = null;
    stems.forEach(function (s) {
      var found = {};
      Object.keys(index.terms).forEach(function (term) {
        if (term === s || (s.length >= 3 && term.indexOf(s) === 0)) {
          index.terms[term].forEach(function (hit) {
            found[hit[0]] = (found[hit[0]] || 0) + hit[1] * (term === s ? 2 : 1);
          });
        }
      });
      if (scores === null) { scores = found; return; }
      var both = {};
      Object.keys(scores).forEach(function (page) {
        if (found[page]) both[page] = scores[page] + found[page];
      });
      scores = both;
    });
    return Object.keys(scores).map(function (page) { return [Number(page), scores[page]]; })
      .sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
  }

  function show(query) {
    var hits = search(query);
    out.textContent = "";
    if (hits === null) return;
    var summary = document.createElement("p");
    summary.className = "search-summary";
    summary.textContent = hits.length === 0 ? form.getAttribute("data-none")
      : hits.length + " " + form.getAttribute("data-hits");
    out.appendChild(summary);
    if (hits.length === 0) return;
    var list = document.createElement("ol");
    list.className = "search-list";
    hits.slice(0, 50).forEach(function (hit) {
      var page = index.pages[hit[0]];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = base + page.p;
      link.textContent = page.t;
      item.appendChild(link);
      if (page.x) {
        var excerpt = document.createElement("p");
        excerpt.textContent = page.x;
        item.appendChild(excerpt);
      }
      list.appendChild(item);
    });
    out.appendChild(list);
  }

  var params = new URLSearchParams(window.location.search);
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
})();
