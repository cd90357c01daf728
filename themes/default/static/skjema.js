// Fillable forms: print, save to a local file, open a saved file, and check
// fødselsnummer. Progressive enhancement: without this script the form can still be
// filled in and printed from the browser. Nothing is ever sent anywhere, and nothing
// is kept in the browser (no localStorage, no cookies): a saved file is the only copy.
(function () {
  "use strict";
  var form = document.getElementById("skjema");
  if (!form) return;
  var formId = form.getAttribute("data-form");
  var status = form.querySelector(".form-status");
  var actions = form.querySelector(".form-actions");
  if (actions) actions.hidden = false;

  // Table columns as wide as the definition says ("Nr." narrow, "Mål" wide): set
  // here, as the page's security policy allows no style attribute in the HTML.
  Array.prototype.forEach.call(form.querySelectorAll("table colgroup"), function (group) {
    var cols = Array.prototype.slice.call(group.querySelectorAll("col[data-share]"));
    var total = cols.reduce(function (sum, col) { return sum + Number(col.getAttribute("data-share")); }, 0);
    if (!(total > 0)) return;
    cols.forEach(function (col) {
      col.style.width = (100 * Number(col.getAttribute("data-share")) / total).toFixed(2) + "%";
    });
  });

  // The form has no action and method="dialog": it cannot submit. Belt and braces.
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  function say(message) {
    if (status) status.textContent = message;
  }

  // Fødselsnummer: 11 digits; both control digits by modulus 11.
  function validFnr(value) {
    if (!/^[0-9]{11}$/.test(value)) return false;
    var d = value.split("").map(Number);
    function control(weights) {
      var sum = 0;
      for (var i = 0; i < weights.length; i++) sum += d[i] * weights[i];
      var k = 11 - (sum % 11);
      return k === 11 ? 0 : k;
    }
    var k1 = control([3, 7, 6, 1, 8, 9, 4, 5, 2]);
    if (k1 === 10 || k1 !== d[9]) return false;
    var k2 = control([5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    return k2 !== 10 && k2 === d[10];
  }

  function checkFnr(input) {
    var error = document.getElementById(input.id + "-error");
    var value = input.value.replace(/\s/g, "");
    var bad = value !== "" && !validFnr(value);
    if (bad) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    if (error) error.textContent = bad ? form.getAttribute("data-fnr-invalid") : "";
    if (summary && !summary.hidden) listErrors();
  }

  // The error summary at the top of the form (the GOV.UK pattern): a link to each
  // field whose value is wrong, with the field's own message. Filled on a failed
  // check (print, save), kept up to date while it shows, hidden when all is right.
  var summary = document.getElementById("feiloversikt");
  function invalidFields() {
    return Array.prototype.filter.call(form.querySelectorAll("[aria-invalid=true]"), function (el) {
      return el.id;
    });
  }
  function listErrors() {
    var list = summary.querySelector("ul");
    list.textContent = "";
    var invalid = invalidFields();
    invalid.forEach(function (el) {
      var label = form.querySelector('label[for="' + el.id + '"]');
      var error = document.getElementById(el.id + "-error");
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + el.id;
      var name = label ? label.firstChild ? label.firstChild.textContent.trim() : "" : "";
      link.textContent = (name ? name + ": " : "") + (error ? error.textContent : "");
      link.addEventListener("click", function (event) {
        event.preventDefault();
        el.focus();
        (label || el).scrollIntoView({ block: "center" });
      });
      item.appendChild(link);
      list.appendChild(item);
    });
    summary.hidden = invalid.length === 0;
    return invalid.length === 0;
  }
  // Checks every field; on a failure shows the summary and moves focus to it.
  function check() {
    Array.prototype.forEach.call(form.querySelectorAll("input.fnr"), checkFnr);
    if (!summary) return invalidFields().length === 0;
    if (listErrors()) return true;
    summary.focus();
    return false;
  }

  Array.prototype.forEach.call(form.querySelectorAll("input.fnr"), function (input) {
    input.addEventListener("blur", function () { checkFnr(input); });
    input.addEventListener("input", function () {
      if (input.getAttribute("aria-invalid")) checkFnr(input);
    });
  });

  function controls() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "file" && el.type !== "button";
    });
  }

  function values() {
    var out = {};
    controls().forEach(function (el) {
      if (el.type === "checkbox") { if (el.checked) out[el.name] = true; }
      else if (el.type === "radio") { if (el.checked) out[el.name] = el.value; }
      else if (el.value !== "") out[el.name] = el.value;
    });
    return out;
  }

  function save() {
    var data = { form: formId, version: 1, values: values() };
    var blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = formId + ".json";
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    say(form.getAttribute("data-saved"));
  }

  // A file is only used when it is one of ours: an object naming this form whose
  // values are strings or true. Values for fields the form no longer has (it may have
  // changed since the file was saved) are left out, not used.
  function valid(data) {
    if (!data || typeof data !== "object" || data.form !== formId) return false;
    if (!data.values || typeof data.values !== "object" || Array.isArray(data.values)) return false;
    return Object.keys(data.values).every(function (key) {
      var v = data.values[key];
      return v === true || (typeof v === "string" && v.length <= 100000);
    });
  }

  function fill(data) {
    controls().forEach(function (el) {
      var v = data.values[el.name];
      if (el.type === "checkbox") el.checked = v === true;
      else if (el.type === "radio") el.checked = v === el.value;
      else el.value = typeof v === "string" ? v : "";
    });
    Array.prototype.forEach.call(form.querySelectorAll("input.fnr"), checkFnr);
  }

  function open(file) {
    if (!file || file.size > 5000000) { say(form.getAttribute("data-open-error")); return; }
    var reader = new FileReader();
    reader.onload = function () {
      var data = null;
      try { data = JSON.parse(String(reader.result)); } catch (e) { data = null; }
      if (!valid(data)) { say(form.getAttribute("data-open-error")); return; }
      fill(data);
      say(form.getAttribute("data-opened"));
    };
    reader.onerror = function () { say(form.getAttribute("data-open-error")); };
    reader.readAsText(file);
  }

  form.addEventListener("click", function (event) {
    var action = event.target && event.target.getAttribute("data-action");
    // A form with a wrong value is neither printed nor saved until it is put right.
    if ((action === "print" || action === "save") && !check()) return;
    if (action === "print") window.print();
    if (action === "save") save();
  });
  var picker = document.getElementById("apne-fil");
  if (picker) {
    picker.addEventListener("change", function () {
      open(picker.files && picker.files[0]);
      picker.value = "";
    });
  }
})();
