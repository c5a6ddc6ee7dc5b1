/* The procedure field of the feedback form: type a few words, pick a procedure from the
   suggestions (ARIA 1.2 combobox + listbox over the JSON search API). Without JavaScript the
   field takes a code or words, and the server answers with the matching procedures to choose
   from: the page never ships the whole catalogue as <option>s. */
(function () {
  "use strict";
  var script = document.currentScript;
  var api = script && script.getAttribute("data-api");
  var input = document.getElementById(script && script.getAttribute("data-input"));
  if (!api || !input || !window.fetch) { return; }

  var labels = {
    found: script.getAttribute("data-found") || "{n}",
    none: script.getAttribute("data-none") || ""
  };
  var list = document.createElement("ul");
  list.id = input.id + "-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", script.getAttribute("data-label") || "");
  list.hidden = true;
  var status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  input.parentNode.insertBefore(list, input.nextSibling);
  input.parentNode.insertBefore(status, list.nextSibling);
  input.parentNode.classList.add("picker");

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  var timer = null;
  var pending = null;
  var active = -1;
  var items = [];

  function label(item) { return item.name + " (" + item.code + ")"; }

  function close() {
    list.hidden = true;
    list.textContent = "";
    items = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function pick(item) {
    input.value = label(item);
    close();
  }

  function highlight(index) {
    var options = list.children;
    for (var i = 0; i < options.length; i++) {
      options[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function render(results) {
    list.textContent = "";
    items = results;
    active = -1;
    results.forEach(function (item, i) {
      var option = document.createElement("li");
      option.id = list.id + "-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("lang", "vi");
      option.textContent = label(item);
      option.addEventListener("mousedown", function (event) { event.preventDefault(); });
      option.addEventListener("click", function () { pick(item); });
      list.appendChild(option);
    });
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
    status.textContent = results.length ? labels.found.replace("{n}", results.length) : labels.none;
  }

  function fetchSuggestions() {
    var query = input.value.trim();
    if (query.length < 2 || /\(\d+\.\d+\)$/.test(query)) { close(); return; }
    if (pending) { pending.abort(); }
    pending = window.AbortController ? new AbortController() : null;
    var url = api + "?suggest=1&limit=8&q=" + encodeURIComponent(query);
    fetch(url, { signal: pending ? pending.signal : undefined, credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (input.value.trim() === query) { render(data.results || []); } })
      .catch(function () { /* offline or aborted: the server resolves what was typed */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 200);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) { return; }
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight((active + 1) % items.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();  /* pick, do not send the form */
      pick(items[active]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
