// Progressive enhancement for every page. Without it, everything still works: the
// opening hours are written out in words, and "Forlat siden" is an ordinary link.
(function () {
  "use strict";

  // "Åpen nå" from the visitor's clock, in Norwegian time, by the same rules as
  // src/resolve/open_now.rs (tests/open_now_vectors.json holds both to them):
  // - a rule proves something only with days (or helligdager) and both times; a line
  //   with any other rule ("kveld", times without days) is never marked closed;
  // - `to` before `from` crosses midnight, counted from the day the rule names;
  // - on a Norwegian public holiday only rules naming helligdager count; when none
  //   does, a holiday proves nothing (but "every day 00:00-24:00" never closes).
  // An emergency line is never marked "Stengt nå": when its hours say closed, the
  // block shows the national numbers open round the clock instead.
  var days = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
  function osloNow() {
    var parts = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Oslo", year: "numeric", month: "2-digit", day: "2-digit",
      weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(new Date());
    var get = function (type) {
      for (var i = 0; i < parts.length; i++) if (parts[i].type === type) return parts[i].value;
      return "";
    };
    // Days since 1970-01-01 of the Norwegian date.
    var day = Date.UTC(Number(get("year")), Number(get("month")) - 1, Number(get("day"))) / 86400000;
    return { day: day, minute: Number(get("hour")) * 60 + Number(get("minute")) };
  }
  function weekday(day) { return ((day + 3) % 7 + 7) % 7 + 1; }
  function easterSunday(year) {
    var a = year % 19, b = Math.floor(year / 100), c = year % 100, d = Math.floor(b / 4), e = b % 4;
    var f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
    var h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
    var l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
    var month = Math.floor((h + l - 7 * m + 114) / 31), date = (h + l - 7 * m + 114) % 31 + 1;
    return Date.UTC(year, month - 1, date) / 86400000;
  }
  function isHoliday(day) {
    var date = new Date(day * 86400000);
    var md = (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
    if (md === 101 || md === 501 || md === 517 || md === 1225 || md === 1226) return true;
    var fromEaster = day - easterSunday(date.getUTCFullYear());
    return [-3, -2, 0, 1, 39, 49, 50].indexOf(fromEaster) >= 0;
  }
  function roundTheClock(r) {
    return r.from === 0 && r.to === 1440 && Array.isArray(r.days) && r.days.length === 7;
  }
  // "open", "closed" or "unknown": whether the rule's days include the day.
  function applies(r, day, holidayRules) {
    if (isHoliday(day)) return r.holidays || roundTheClock(r) ? "open" : holidayRules ? "closed" : "unknown";
    return (r.days || []).indexOf(weekday(day)) >= 0 ? "open" : "closed";
  }
  function status(rules, now) {
    if (rules.length === 0) return "unknown";
    var holidayRules = rules.some(function (r) { return r.holidays === true; });
    var unknown = false;
    for (var i = 0; i < rules.length; i++) {
      var r = rules[i];
      if (typeof r.from !== "number" || typeof r.to !== "number") { unknown = true; continue; }
      if ((!r.days || r.days.length === 0) && !r.holidays) { unknown = true; continue; }
      var parts = [[now.day, r.from, r.to > r.from ? r.to : 1440]];
      if (r.to <= r.from) parts.push([now.day - 1, 0, r.to]);
      for (var j = 0; j < parts.length; j++) {
        if (now.minute < parts[j][1] || now.minute >= parts[j][2]) continue;
        var a = applies(r, parts[j][0], holidayRules);
        if (a === "open") return "open";
        if (a === "unknown") unknown = true;
      }
    }
    return unknown || (isHoliday(now.day) && !holidayRules) ? "unknown" : "closed";
  }
  var list = document.querySelector(".phones");
  if (list && window.Intl) {
    var now = osloNow();
    Array.prototype.forEach.call(list.querySelectorAll("[data-hours]"), function (item) {
      var rules;
      try { rules = JSON.parse(item.getAttribute("data-hours")); } catch (e) { return; }
      var state = Array.isArray(rules) ? status(rules, now) : "unknown";
      item.setAttribute("data-open-state", state);
      var emergency = item.classList.contains("phone-emergency");
      var mark = item.querySelector(".phone-open");
      if (mark && (state === "open" || (state === "closed" && !emergency))) {
        mark.textContent = " · " + list.getAttribute(state === "open" ? "data-open" : "data-closed");
        mark.className = "phone-open is-" + state;
      }
      var fallback = item.querySelector(".phone-fallback");
      if (fallback && emergency && state === "closed") fallback.hidden = false;
    });
  }

  // "Forlat siden" (GOV.UK's Exit this page): replace this page with a neutral site
  // without leaving it in the back history; also on pressing Shift three times.
  var exit = document.querySelector(".exit-button");
  if (exit) {
    var leave = function () {
      document.body.style.visibility = "hidden";
      document.title = "";
      window.location.replace(exit.getAttribute("data-exit"));
    };
    exit.addEventListener("click", function (event) { event.preventDefault(); leave(); });
    var presses = [];
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift") return;
      var t = Date.now();
      presses = presses.filter(function (p) { return t - p < 5000; });
      presses.push(t);
      if (presses.length >= 3) leave();
    });
  }

  // The menu is a <details> that folds on narrow screens. Wide screens show it open
  // through CSS where the browser can; open it here too, so its state is what a
  // screen reader announces and older browsers show it.
  var menu = document.querySelector("details.menu");
  if (menu && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 48rem)");
    var fit = function () { menu.open = wide.matches; };
    fit();
    if (wide.addEventListener) wide.addEventListener("change", fit);
  }
})();
