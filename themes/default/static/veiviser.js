// Progressive enhancement for every page. Without it, everything still works: the
// opening hours are written out in words, and "Forlat siden" is an ordinary link.
(function () {
  "use strict";

  // "Åpen nå" / "Stengt nå" from the visitor's clock, in Norwegian time. A number
  // whose hours are not all known (e.g. "kveld") is only ever marked open.
  var days = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
  function osloNow() {
    var parts = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Oslo", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(new Date());
    var get = function (type) {
      for (var i = 0; i < parts.length; i++) if (parts[i].type === type) return parts[i].value;
      return "";
    };
    return { day: days[get("weekday")], minute: Number(get("hour")) * 60 + Number(get("minute")) };
  }
  function onDay(rule, day) {
    return !rule.days || rule.days.length === 0 || rule.days.indexOf(day) >= 0;
  }
  function status(rules, now) {
    var unknown = false;
    for (var i = 0; i < rules.length; i++) {
      var r = rules[i];
      if (typeof r.from !== "number" || typeof r.to !== "number") { unknown = true; continue; }
      var yesterday = now.day === 1 ? 7 : now.day - 1;
      if (r.to > r.from) {
        if (onDay(r, now.day) && now.minute >= r.from && now.minute < r.to) return "open";
      } else if ((onDay(r, now.day) && now.minute >= r.from) || (onDay(r, yesterday) && now.minute < r.to)) {
        return "open";
      }
    }
    return unknown ? null : "closed";
  }
  var list = document.querySelector(".phones");
  if (list && window.Intl) {
    var now = osloNow();
    Array.prototype.forEach.call(list.querySelectorAll("[data-hours]"), function (item) {
      var rules;
      try { rules = JSON.parse(item.getAttribute("data-hours")); } catch (e) { return; }
      var state = Array.isArray(rules) ? status(rules, now) : null;
      var mark = item.querySelector(".phone-open");
      if (!state || !mark) return;
      mark.textContent = " · " + list.getAttribute(state === "open" ? "data-open" : "data-closed");
      mark.className = "phone-open is-" + state;
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
